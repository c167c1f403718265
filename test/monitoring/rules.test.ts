import * as path from 'path';
import { SecureApp, SecureMicroservice } from '../../src';
import { logGroupName } from '../../src/logging/log-shipper';
import { attachMonitoring } from '../../src/monitoring/attach';
import { Monitoring } from '../../src/monitoring/monitoring';
import { serviceLogGroupName } from '../../src/monitoring/signals';
import { evaluate } from '../../src/policy/engine';
import { loadDirectory } from '../../src/policy/load';
import { PolicyInput } from '../../src/policy/model';
import { SNS_ENCRYPTION } from '../../src/policy/rules/aws/sns-encryption';
import { SERVICE_SECURITY_ALARMS, SERVICE_SECURITY_FILTERS } from '../../src/policy/rules/cross-cutting/service-security-monitoring';
import { MONITORING_RULES } from '../../src/policy/rules/monitoring';
import { ServiceWorkload } from '../../src/workload/service-workload';
import { tf } from '../policy/helpers';
import { image, newPlatform } from '../support/synth';

/** The written output of a platform with two services, watched with `monitoring` (or not at all). */
function output(monitoring: Monitoring): PolicyInput {
  const platform = newPlatform({ monitoring } as any);
  const services = [
    new SecureMicroservice(platform, 'web', { image: image('web', 1) }),
    new SecureMicroservice(platform, 'orders', { image: image('orders', 2), namespace: 'shop' }),
  ];
  // A platform with a `monitoring` setting watches its services when they are constructed.
  if (!(platform as any).monitoring) for (const s of services) attachMonitoring(ServiceWorkload.of(s)!, monitoring);
  const app = platform.node.scope as SecureApp;
  app.synth();
  return loadDirectory(path.resolve(app.outdir), ['kubernetes', 'terraform']);
}

const without = (input: PolicyInput, pred: (type: string, config: any) => boolean): PolicyInput =>
  ({ kubernetes: input.kubernetes, terraform: input.terraform.filter(r => !pred(r.type, r.config)) });

describe('monitoring rules', () => {
  let watched: PolicyInput;
  beforeAll(() => { watched = output(Monitoring.cloudWatch()); });

  test('the rule and the capability name a service\'s log group alike', () => {
    expect(serviceLogGroupName('prod', 'shop', 'orders')).toBe(logGroupName('prod', 'shop', 'orders'));
  });

  test('the library\'s watched output passes all three rules', () => {
    for (const rule of MONITORING_RULES) expect([rule.id, rule.check(watched)]).toEqual([rule.id, []]);
  });

  test('X-017 and X-018 fail for services without filters and alarms, on the Deployment, naming what is missing', () => {
    const bare = without(watched, t => t === 'aws_cloudwatch_log_metric_filter' || t === 'aws_cloudwatch_metric_alarm');
    const filters = SERVICE_SECURITY_FILTERS.check(bare);
    expect(filters.map(f => [f.resource, f.message]).sort()).toEqual([
      ['Deployment shop/orders', 'its log group /secure-constructs/test/shop/orders has no metric filter for Unauthorized, Forbidden, ServerErrors'],
      ['Deployment web/web', 'its log group /secure-constructs/test/web/web has no metric filter for Unauthorized, Forbidden, ServerErrors'],
    ]);
    expect(filters).toHaveLength(2);
    expect(SERVICE_SECURITY_ALARMS.check(bare).map(f => f.message)).toEqual([
      'no alarm with an action watches its Unauthorized, Forbidden, ServerErrors metrics',
      'no alarm with an action watches its Unauthorized, Forbidden, ServerErrors metrics',
    ]);
  });

  test('X-017 names the one missing signal; a filter on another group or with an empty pattern does not count', () => {
    const noForbidden = without(watched, (t, c) => t === 'aws_cloudwatch_log_metric_filter' && c.name === 'test-shop-orders-forbidden');
    expect(SERVICE_SECURITY_FILTERS.check(noForbidden).map(f => f.message)).toEqual(['its log group /secure-constructs/test/shop/orders has no metric filter for Forbidden']);
    const moved = {
      ...watched,
      terraform: watched.terraform.map(r => (r.type === 'aws_cloudwatch_log_metric_filter' && r.config.name === 'test-web-web-unauthorized'
        ? { ...r, config: { ...r.config, log_group_name: '/secure-constructs/test/shop/orders' } } : r)),
    };
    expect(SERVICE_SECURITY_FILTERS.check(moved).map(f => f.message)).toEqual(['its log group /secure-constructs/test/web/web has no metric filter for Unauthorized']);
    const empty = {
      ...watched,
      terraform: watched.terraform.map(r => (r.type === 'aws_cloudwatch_log_metric_filter' && r.config.name === 'test-web-web-servererrors'
        ? { ...r, config: { ...r.config, pattern: ' ' } } : r)),
    };
    expect(SERVICE_SECURITY_FILTERS.check(empty).map(f => f.message)).toEqual(['its log group /secure-constructs/test/web/web has no metric filter for ServerErrors']);
  });

  test('X-018 does not count an alarm without actions', () => {
    const silent = {
      ...watched,
      terraform: watched.terraform.map(r => (r.type === 'aws_cloudwatch_metric_alarm' && r.config.alarm_name === 'test-web-web-forbidden'
        ? { ...r, config: { ...r.config, alarm_actions: [] } } : r)),
    };
    expect(SERVICE_SECURITY_ALARMS.check(silent).map(f => [f.resource, f.message])).toEqual([['Deployment web/web', 'no alarm with an action watches its Forbidden metric']]);
  });

  test('with Monitoring.disabled the findings are suppressed with the reason', () => {
    const reason = 'sandbox cluster, watched by the vendor agent (OPS-31)';
    const report = evaluate(output(Monitoring.disabled(reason)), { rules: [SERVICE_SECURITY_FILTERS, SERVICE_SECURITY_ALARMS] });
    expect(report.findings).toHaveLength(4);
    for (const f of report.findings) {
      expect(f).toEqual(expect.objectContaining({ suppressed: true, failing: false, suppressionReason: reason, suppressedBy: 'opt-out:monitoring' }));
    }
  });

  test("the alert topic passes AWS-027, which judges every SNS topic's encryption", () => {
    const input = (config: any): PolicyInput => ({ kubernetes: [], terraform: [tf('aws_sns_topic', 'alerts', config)] });
    expect(SNS_ENCRYPTION.check(input({ name: 'a', kms_master_key_id: '${aws_kms_key.k.arn}' }))).toEqual([]);
    expect(SNS_ENCRYPTION.check(input({ name: 'a' }))).toHaveLength(1);
  });
});
