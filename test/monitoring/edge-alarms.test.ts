import { EdgeAuthentication, LoadBalancerScheme, Monitoring, SecureApp, SecureMicroservice } from '../../src';
import { alertTopicPolicy } from '../../src/monitoring/alert-topic';
import { albAlarmQuery, EXPOSURE_TAG_KEY } from '../../src/monitoring/edge-alarms';
import { webAclRules } from '../../src/waf/platform-web-acl';
import { expectConfigError } from '../support/errors';
import { resourcePolicyDecision } from '../support/iam';
import { image, newPlatform, objectOf, resourcesOf, synth } from '../support/synth';

const LB = ['10.0.0.0/24'];
const ACCOUNT = '111122223333';
const PUBLIC = EdgeAuthentication.anonymous('public product pages, no personal data');

function build(monitoring?: Monitoring, internetFacing = true) {
  const platform = newPlatform({ loadBalancerSourceCidrs: LB, ...(monitoring ? { monitoring } : {}) });
  const svc = new SecureMicroservice(platform, 'web', { image: image('web', 1), namespace: 'shop' });
  svc.expose({ host: 'shop.example.com', ...(internetFacing ? { scheme: LoadBalancerScheme.INTERNET_FACING, authentication: PUBLIC } : {}) });
  return { platform, out: synth(platform.node.scope as SecureApp) };
}

const alarms = (out: ReturnType<typeof build>['out']) => new Map(resourcesOf(out, 'aws_cloudwatch_metric_alarm').map(([, , c]) => [c.alarm_name as string, c]));

describe('load balancer and web ACL alarms (defaults)', () => {
  let b: ReturnType<typeof build>;
  beforeAll(() => { b = build(); });

  test('the Ingress asks the controller to tag the load balancer with the exposure', () => {
    expect(objectOf(b.out, 'Ingress', 'web', 'shop').metadata.annotations['alb.ingress.kubernetes.io/tags']).toBe(`${EXPOSURE_TAG_KEY}=test.shop.web`);
  });

  test('four load balancer alarms on Metrics Insights queries by that tag, notifying the alert topic', () => {
    const a = alarms(b.out);
    const expected: Array<[string, string, string, number]> = [
      ['test-shop-web-alb-target-server-errors', 'HTTPCode_Target_5XX_Count', 'SUM', 10],
      ['test-shop-web-alb-load-balancer-server-errors', 'HTTPCode_ELB_5XX_Count', 'SUM', 10],
      ['test-shop-web-alb-unhealthy-hosts', 'UnHealthyHostCount', 'MAX', 1],
      ['test-shop-web-alb-rejected-connections', 'RejectedConnectionCount', 'SUM', 1],
    ];
    for (const [name, metric, stat, threshold] of expected) {
      const c = a.get(name);
      expect([name, c?.threshold]).toEqual([name, threshold]);
      expect(c.metric_query).toEqual([{ id: 'q1', expression: `SELECT ${stat}(${metric}) FROM "AWS/ApplicationELB" WHERE tag.SecureConstructsExposure = 'test.shop.web'`, period: 300, return_data: true }]);
      expect(c.namespace).toBeUndefined();
      expect(c.comparison_operator).toBe('GreaterThanOrEqualToThreshold');
      expect(c.treat_missing_data).toBe('notBreaching');
      expect(c.alarm_actions).toEqual([expect.stringMatching(/^\$\{aws_sns_topic\..*\.arn\}$/)]);
      expect(c.ok_actions).toEqual(c.alarm_actions);
    }
    expect(albAlarmQuery('X', 'SUM', 'p.n.s')).toBe('SELECT SUM(X) FROM "AWS/ApplicationELB" WHERE tag.SecureConstructsExposure = \'p.n.s\'');
  });

  test('two web ACL alarms: all blocked requests and those of the rate-based rule, by its metric name', () => {
    const a = alarms(b.out);
    const rateRule = webAclRules(b.platform.webAcl).find(r => r.statement.rate_based_statement)!.name;
    expect(a.get('test-waf-blocked')).toMatchObject({
      namespace: 'AWS/WAFV2',
      metric_name: 'BlockedRequests',
      statistic: 'Sum',
      period: 300,
      threshold: 100,
      dimensions: { WebACL: 'test-edge', Region: 'eu-west-1', Rule: 'ALL' },
    });
    expect(a.get('test-waf-rate-limited')).toMatchObject({ metric_name: 'BlockedRequests', threshold: 50, dimensions: { WebACL: 'test-edge', Region: 'eu-west-1', Rule: rateRule } });
    // The rule's CloudWatch metric is named after the rule.
    const acl = resourcesOf(b.out, 'aws_wafv2_web_acl')[0][2];
    expect(acl.rule.find((r: any) => r.name === rateRule).visibility_config.metric_name).toBe(rateRule);
  });

  test('the alert topic policy admits every new alarm (their names start with the platform)', async () => {
    const topicArn = `arn:aws:sns:eu-west-1:${ACCOUNT}:test-alerts`;
    const policy = alertTopicPolicy(b.platform, topicArn) as any;
    for (const name of alarms(b.out).keys()) {
      const ctx = { 'aws:SecureTransport': 'true', 'aws:SourceArn': `arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:${name}`, 'aws:SourceAccount': ACCOUNT };
      expect([name, await resourcePolicyDecision(policy, 'cloudwatch.amazonaws.com', 'sns:Publish', topicArn, ACCOUNT, ctx)]).toEqual([name, 'Allowed']);
    }
  });

  test('an internal exposure without the web ACL has load balancer alarms only', () => {
    const { out } = build(undefined, false);
    const names = [...alarms(out).keys()];
    expect(names.filter(n => n.includes('-alb-'))).toHaveLength(4);
    expect(names.filter(n => n.includes('-waf-'))).toEqual([]);
  });
});

describe('edge alarm options', () => {
  test('thresholds and the period are written', () => {
    const { out } = build(Monitoring.cloudWatch({
      thresholds: { periodSeconds: 60, evaluationPeriods: 3 },
      edge: {
        targetServerErrors: 5,
        loadBalancerServerErrors: 6,
        unhealthyHosts: 2,
        rejectedConnections: 7,
        blockedRequests: 500,
        rateLimitedRequests: 20,
      },
    }));
    const a = alarms(out);
    expect(a.get('test-shop-web-alb-target-server-errors')).toMatchObject({ threshold: 5, evaluation_periods: 3, metric_query: [expect.objectContaining({ period: 60 })] });
    expect(a.get('test-shop-web-alb-load-balancer-server-errors').threshold).toBe(6);
    expect(a.get('test-shop-web-alb-unhealthy-hosts').threshold).toBe(2);
    expect(a.get('test-shop-web-alb-rejected-connections').threshold).toBe(7);
    expect(a.get('test-waf-blocked')).toMatchObject({ threshold: 500, period: 60, evaluation_periods: 3 });
    expect(a.get('test-waf-rate-limited').threshold).toBe(20);
  });

  test('with monitoring off: no alarms and no tag annotation', () => {
    const { out } = build(Monitoring.disabled('sandbox, watched by the vendor agent (OPS-31)'));
    expect(resourcesOf(out, 'aws_cloudwatch_metric_alarm')).toEqual([]);
    expect(objectOf(out, 'Ingress', 'web', 'shop').metadata.annotations['alb.ingress.kubernetes.io/tags']).toBeUndefined();
  });

  test.each(['edge', 'thresholds', 'patterns'])('refuses %s that is not an object', key => {
    expectConfigError(() => newPlatform({ monitoring: Monitoring.cloudWatch({ [key]: 'high' } as any) }), { path: 'test', property: `monitoring.${key}`, received: 'high' });
  });

  test.each([
    ['targetServerErrors', 0], ['loadBalancerServerErrors', 1.5], ['unhealthyHosts', -1], ['rejectedConnections', '1'], ['blockedRequests', 0], ['rateLimitedRequests', NaN],
  ])('refuses edge.%s = %p', (key, value) => {
    expectConfigError(() => newPlatform({ monitoring: Monitoring.cloudWatch({ edge: { [key]: value } as any }) }), { path: 'test', property: `monitoring.edge.${key}`, received: value });
  });
});
