import { Duration } from 'cdk8s';
import { EdgeAuthentication, EdgeWebAcl, LoadBalancerScheme, SecureApp, SecureMicroservice } from '../../src';
import { expectConfigError } from '../support/errors';
import { iamProblems, resourcePolicyDecision, unknownActions } from '../support/iam';
import { image, newPlatform, objectOf, resourcesOf, synth, Synthesized } from '../support/synth';

const LB = ['10.0.0.0/24'];
const ANN = 'alb.ingress.kubernetes.io/';
const WAF = 'arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/own/a1b2c3d4-5678-90ab-cdef-111111111111';
const PUBLIC = EdgeAuthentication.anonymous('public product pages, no personal data');

function build(webAcl?: EdgeWebAcl, exposures: Array<Partial<Parameters<SecureMicroservice['expose']>[0]>> = [{ scheme: LoadBalancerScheme.INTERNET_FACING, authentication: PUBLIC }]) {
  const platform = newPlatform({ loadBalancerSourceCidrs: LB, webAcl });
  exposures.forEach((options, i) => {
    const svc = new SecureMicroservice(platform, `web${i}`, { image: image('web', i) });
    svc.expose({ host: `web${i}.example.com`, ...options });
  });
  return synth(platform.node.scope as SecureApp);
}

/** The one resource of a type that the platform's web ACL wrote (under `<platform>/WebAcl`). */
const one = <T>(out: Synthesized, type: string): T => {
  const all = resourcesOf(out, type).filter(([, name]) => name.startsWith('WebAcl_'));
  expect(all).toHaveLength(1);
  return all[0][2] as T;
};

describe('the platform web ACL on an internet-facing exposure', () => {
  const out = build();
  const acl = one<any>(out, 'aws_wafv2_web_acl');

  test('the Ingress names the library web ACL, no ARN from an apply', () => {
    const a = objectOf(out, 'Ingress', 'web0', 'web0').metadata.annotations;
    expect(a[`${ANN}wafv2-acl-name`]).toBe('test-edge');
    expect(a[`${ANN}wafv2-acl-arn`]).toBeUndefined();
    expect(acl).toMatchObject({ name: 'test-edge', scope: 'REGIONAL', default_action: { allow: {} } });
  });

  test('a rate limit per client IP with the default limit and window', () => {
    const rule = acl.rule.find((r: any) => r.statement.rate_based_statement);
    expect(rule).toMatchObject({ priority: 0, action: { block: {} } });
    expect(rule.statement.rate_based_statement).toEqual({ limit: 1000, evaluation_window_sec: 300, aggregate_key_type: 'IP' });
  });

  test('bodies past 8 KB (what WAF inspects) are blocked', () => {
    const rule = acl.rule.find((r: any) => r.statement.size_constraint_statement);
    expect(rule.action).toEqual({ block: {} });
    expect(rule.statement.size_constraint_statement).toEqual({
      comparison_operator: 'GT', size: 8192, field_to_match: { body: { oversize_handling: 'MATCH' } }, text_transformation: [{ priority: 0, type: 'NONE' }],
    });
  });

  test('the four AWS managed rule groups, with their own actions', () => {
    const groups = acl.rule.filter((r: any) => r.statement.managed_rule_group_statement);
    expect(groups.map((r: any) => r.statement.managed_rule_group_statement)).toEqual([
      { name: 'AWSManagedRulesAmazonIpReputationList', vendor_name: 'AWS' },
      { name: 'AWSManagedRulesCommonRuleSet', vendor_name: 'AWS' },
      { name: 'AWSManagedRulesKnownBadInputsRuleSet', vendor_name: 'AWS' },
      { name: 'AWSManagedRulesSQLiRuleSet', vendor_name: 'AWS' },
    ]);
    for (const r of groups) expect(r.override_action).toEqual({ none: {} });
    const priorities = acl.rule.map((r: any) => r.priority);
    expect(new Set(priorities).size).toBe(priorities.length);
    for (const r of acl.rule) expect(r.visibility_config).toMatchObject({ cloudwatch_metrics_enabled: true, sampled_requests_enabled: true });
  });

  test('logs go to an encrypted aws-waf-logs- group, with authorization and cookie redacted', () => {
    const group = one<any>(out, 'aws_cloudwatch_log_group');
    expect(group.name).toBe('aws-waf-logs-test');
    expect(group.retention_in_days).toBe(90);
    expect(group.kms_key_id).toMatch(/^\$\{aws_kms_key\..*\.arn\}$/);
    const logging = one<any>(out, 'aws_wafv2_web_acl_logging_configuration');
    expect(logging.redacted_fields).toEqual([{ single_header: { name: 'authorization' } }, { single_header: { name: 'cookie' } }]);
    expect(logging.log_destination_configs).toEqual([expect.stringMatching(/^\$\{aws_cloudwatch_log_group\..*\.arn\}$/)]);
    expect(logging.resource_arn).toMatch(/^\$\{aws_wafv2_web_acl\..*\.arn\}$/);
  });

  test('the log key admits CloudWatch Logs for the WAF log group only', () => {
    const key = one<any>(out, 'aws_kms_key');
    expect(key.enable_key_rotation).toBe(true);
    const policy = JSON.parse(key.policy);
    const logs = policy.Statement.find((s: any) => s.Sid === 'CloudWatchLogsForWafLogGroup');
    expect(logs.Condition).toEqual({ ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-west-1:111122223333:log-group:aws-waf-logs-test' } });
  });

  test('only log delivery of this account may write to the group; actions are in the IAM catalog', async () => {
    const policy = JSON.parse(one<any>(out, 'aws_cloudwatch_log_resource_policy').policy_document);
    expect(policy.Statement).toHaveLength(1);
    expect(policy.Statement[0]).toMatchObject({
      Principal: { Service: 'delivery.logs.amazonaws.com' },
      Resource: 'arn:aws:logs:eu-west-1:111122223333:log-group:aws-waf-logs-test:log-stream:*',
      Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } },
    });
    expect(await unknownActions(policy)).toEqual([]);
    expect(await unknownActions(JSON.parse(one<any>(out, 'aws_kms_key').policy))).toEqual([]);
    expect(await iamProblems(out)).toEqual([]);
  });

  test('simulation: log delivery for this account writes to the group; another account or another group cannot', async () => {
    const policy = JSON.parse(one<any>(out, 'aws_cloudwatch_log_resource_policy').policy_document);
    const stream = 'arn:aws:logs:eu-west-1:111122223333:log-group:aws-waf-logs-test:log-stream:s1';
    const ctx = { 'aws:SourceAccount': '111122223333', 'aws:SourceArn': 'arn:aws:logs:eu-west-1:111122223333:*' };
    const decision = (action: string, resource: string, context: Record<string, string>) =>
      resourcePolicyDecision(policy, 'delivery.logs.amazonaws.com', action, resource, '111122223333', context);
    expect(await decision('logs:PutLogEvents', stream, ctx)).toBe('Allowed');
    expect(await decision('logs:CreateLogStream', stream, ctx)).toBe('Allowed');
    expect(await decision('logs:PutLogEvents', stream, { ...ctx, 'aws:SourceAccount': '444455556666' })).toBe('ImplicitlyDenied');
    expect(await decision('logs:PutLogEvents', stream.replace('aws-waf-logs-test', 'other'), ctx)).toBe('ImplicitlyDenied');
    expect(await decision('logs:DeleteLogGroup', stream, ctx)).toBe('ImplicitlyDenied');
  });
});

describe('choices', () => {
  test('typed limits reach the rules', () => {
    const out = build(EdgeWebAcl.managed({ rateLimit: 200, rateLimitWindow: Duration.minutes(1), maxRequestBodyBytes: 1024, logRetentionDays: 30 }));
    const acl = one<any>(out, 'aws_wafv2_web_acl');
    expect(acl.rule[0].statement.rate_based_statement).toEqual({ limit: 200, evaluation_window_sec: 60, aggregate_key_type: 'IP' });
    expect(acl.rule[1].statement.size_constraint_statement.size).toBe(1024);
    expect(one<any>(out, 'aws_cloudwatch_log_group').retention_in_days).toBe(30);
  });

  test('one web ACL per platform for every exposure; internal ones opt in', () => {
    const out = build(undefined, [
      { scheme: LoadBalancerScheme.INTERNET_FACING, authentication: PUBLIC },
      { webAcl: true },
      {},
    ]);
    expect(resourcesOf(out, 'aws_wafv2_web_acl')).toHaveLength(1);
    expect(objectOf(out, 'Ingress', 'web1', 'web1').metadata.annotations[`${ANN}wafv2-acl-name`]).toBe('test-edge');
    expect(objectOf(out, 'Ingress', 'web2', 'web2').metadata.annotations[`${ANN}wafv2-acl-name`]).toBeUndefined();
  });

  test('a user web ACL replaces the library one', () => {
    const out = build(undefined, [{ scheme: LoadBalancerScheme.INTERNET_FACING, authentication: PUBLIC, webAclArn: WAF }]);
    expect(resourcesOf(out, 'aws_wafv2_web_acl')).toHaveLength(0);
    const a = objectOf(out, 'Ingress', 'web0', 'web0').metadata.annotations;
    expect(a[`${ANN}wafv2-acl-arn`]).toBe(WAF);
    expect(a[`${ANN}wafv2-acl-name`]).toBeUndefined();
  });

  test('the same program writes the same web ACL', () => {
    expect(JSON.stringify(build().terraform)).toBe(JSON.stringify(build().terraform));
  });
});

describe('invalid input fails with a ConfigurationError', () => {
  test.each([
    ['rateLimit', 9],
    ['rateLimit', 1.5],
    ['rateLimit', '100'],
    ['maxRequestBodyBytes', 0],
    ['maxRequestBodyBytes', 8193],
    ['logRetentionDays', 10],
  ])('%s = %j', (key, value) => {
    expectConfigError(() => newPlatform({ webAcl: EdgeWebAcl.managed({ [key]: value } as any) }), { path: 'test', property: `webAcl.${key}`, received: value });
  });
  test.each([[Duration.minutes(3)], [300]])('rateLimitWindow = %j', window => {
    expectConfigError(() => newPlatform({ webAcl: EdgeWebAcl.managed({ rateLimitWindow: window as any }) }), { path: 'test', property: 'webAcl.rateLimitWindow', received: window });
  });
  test('not an EdgeWebAcl', () => {
    expectConfigError(() => newPlatform({ webAcl: { rateLimit: 5 } as any }), { path: 'test', property: 'webAcl', received: { rateLimit: 5 } });
  });
  const expose = (options: object) => () => {
    const platform = newPlatform({ loadBalancerSourceCidrs: LB });
    new SecureMicroservice(platform, 'web', { image: image('web', 1) }).expose({ host: 'web.example.com', ...options });
  };
  test('internet-facing without any web ACL', () => {
    expectConfigError(expose({ scheme: LoadBalancerScheme.INTERNET_FACING, authentication: PUBLIC, webAcl: false }), { path: 'test/web', property: 'expose(options.webAcl)', received: false });
  });
  test('both webAclArn and webAcl', () => {
    expectConfigError(expose({ webAclArn: WAF, webAcl: true }), { path: 'test/web', property: 'expose(options.webAcl)', received: true });
  });
  test('webAcl not a boolean', () => {
    expectConfigError(expose({ webAcl: 'yes' }), { path: 'test/web', property: 'expose(options.webAcl)', received: 'yes' });
  });
});
