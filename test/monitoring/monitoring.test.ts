import { PlatformLogging, SecureApp, SecureMicroservice } from '../../src';
import { alertTopicPolicy } from '../../src/monitoring/alert-topic';
import { attachMonitoring } from '../../src/monitoring/attach';
import { AlertSubscription, DEFAULT_PATTERNS, Monitoring } from '../../src/monitoring/monitoring';
import { alarmKeyStatement } from '../../src/monitoring/signals';
import { ServiceWorkload } from '../../src/workload/service-workload';
import { expectConfigError } from '../support/errors';
import { resourcePolicyDecision, unknownActions } from '../support/iam';
import { image, newPlatform, objectOf, resourcesOf, synth, Synthesized } from '../support/synth';

const ACCOUNT = '111122223333';
const OPT_OUT = 'opt-out.secure-constructs.io/monitoring';

function build(monitoring: Monitoring, logging?: PlatformLogging) {
  const platform = newPlatform({ ...(logging ? { logging } : {}), monitoring } as any);
  const services = [
    new SecureMicroservice(platform, 'web', { image: image('web', 1) }),
    new SecureMicroservice(platform, 'orders', { image: image('orders', 2), namespace: 'shop' }),
  ];
  // A platform with a `monitoring` setting watches its services when they are constructed.
  if (!(platform as any).monitoring) for (const s of services) attachMonitoring(ServiceWorkload.of(s)!, monitoring);
  const app = platform.node.scope as SecureApp;
  return { platform, app, out: synth(app) };
}

describe('CloudWatch monitoring (default settings)', () => {
  let out: Synthesized;
  let platform: ReturnType<typeof build>['platform'];
  beforeAll(() => {
    ({ out, platform } = build(Monitoring.cloudWatch()));
  });

  test('one alert topic per platform, encrypted with the platform key', () => {
    const topics = resourcesOf(out, 'aws_sns_topic');
    expect(topics).toHaveLength(1);
    expect(topics[0][2].name).toBe('test-alerts');
    expect(topics[0][2].kms_master_key_id).toMatch(/^\$\{aws_kms_key\..*\.arn\}$/);
    expect(resourcesOf(out, 'aws_sns_topic_subscription')).toEqual([]);
  });

  test('the topic policy refuses publishing without TLS and admits only this platform\'s alarms of this account', async () => {
    const [[, , policyResource]] = resourcesOf(out, 'aws_sns_topic_policy');
    expect(policyResource.arn).toMatch(/^\$\{aws_sns_topic\..*\.arn\}$/);
    const topicArn = `arn:aws:sns:eu-west-1:${ACCOUNT}:test-alerts`;
    const policy = alertTopicPolicy(platform, topicArn) as any;
    expect(JSON.parse(policyResource.policy)).toEqual(alertTopicPolicy(platform, policyResource.arn));
    expect(await unknownActions(policy)).toEqual([]);
    const ownAlarm = `arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:test-shop-orders-unauthorized`;
    const ctx = (secure: string, sourceArn = ownAlarm, account = ACCOUNT) => ({ 'aws:SecureTransport': secure, 'aws:SourceArn': sourceArn, 'aws:SourceAccount': account });
    const decide = (c: Record<string, string>) => resourcePolicyDecision(policy, 'cloudwatch.amazonaws.com', 'sns:Publish', topicArn, ACCOUNT, c);
    expect(await decide(ctx('true'))).toBe('Allowed');
    expect(await decide(ctx('false'))).toBe('ExplicitlyDenied');
    expect(await decide(ctx('true', `arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:other-alarm`))).toBe('ImplicitlyDenied');
    expect(await decide(ctx('true', ownAlarm, '444455556666'))).toBe('ImplicitlyDenied');
  });

  test('the key statement the platform key needs for the encrypted topic names real actions and the same scope', async () => {
    const statement = alarmKeyStatement(platform) as any;
    expect(await unknownActions({ Version: '2012-10-17', Statement: [statement] } as any)).toEqual([]);
    expect(statement.Principal).toEqual({ Service: 'cloudwatch.amazonaws.com' });
    expect(statement.Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': ACCOUNT },
      ArnLike: { 'aws:SourceArn': `arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:test-*` },
    });
  });

  test('per service: a metric filter per signal on its own log group, after the group exists', () => {
    const filters = resourcesOf(out, 'aws_cloudwatch_log_metric_filter').map(([, , c]) => c);
    expect(filters.map(f => [f.log_group_name, f.name, f.pattern]).sort()).toEqual([
      ['/secure-constructs/test/shop/orders', 'test-shop-orders-forbidden', DEFAULT_PATTERNS.forbidden],
      ['/secure-constructs/test/shop/orders', 'test-shop-orders-servererrors', DEFAULT_PATTERNS.serverErrors],
      ['/secure-constructs/test/shop/orders', 'test-shop-orders-unauthorized', DEFAULT_PATTERNS.unauthorized],
      ['/secure-constructs/test/web/web', 'test-web-web-forbidden', DEFAULT_PATTERNS.forbidden],
      ['/secure-constructs/test/web/web', 'test-web-web-servererrors', DEFAULT_PATTERNS.serverErrors],
      ['/secure-constructs/test/web/web', 'test-web-web-unauthorized', DEFAULT_PATTERNS.unauthorized],
    ]);
    for (const f of filters) {
      expect(f.metric_transformation).toEqual(expect.objectContaining({ namespace: 'SecureConstructs/test', value: '1', default_value: '0' }));
      expect(f.depends_on).toEqual([expect.stringMatching(/^aws_cloudwatch_log_group\./)]);
    }
  });

  test('per service: an alarm per signal with the default thresholds, notifying the topic', () => {
    const alarms = resourcesOf(out, 'aws_cloudwatch_metric_alarm').map(([, , c]) => c);
    expect(alarms).toHaveLength(6);
    const byName = Object.fromEntries(alarms.map(a => [a.alarm_name, a]));
    expect(byName['test-shop-orders-unauthorized']).toEqual(expect.objectContaining({
      namespace: 'SecureConstructs/test',
      metric_name: 'shop/orders/Unauthorized',
      statistic: 'Sum',
      period: 300,
      evaluation_periods: 1,
      threshold: 20,
      comparison_operator: 'GreaterThanOrEqualToThreshold',
      treat_missing_data: 'notBreaching',
    }));
    expect(byName['test-shop-orders-forbidden'].threshold).toBe(20);
    expect(byName['test-shop-orders-servererrors'].threshold).toBe(10);
    for (const a of alarms) {
      expect(a.alarm_actions).toEqual([expect.stringMatching(/^\$\{aws_sns_topic\..*\.arn\}$/)]);
      expect(a.ok_actions).toEqual(a.alarm_actions);
    }
  });

  test('the output is deterministic', () => {
    const again = build(Monitoring.cloudWatch()).out;
    expect(JSON.stringify(again.terraform)).toBe(JSON.stringify(out.terraform));
  });
});

describe('options', () => {
  test('subscriptions, thresholds and patterns', () => {
    const { out } = build(Monitoring.cloudWatch({
      subscriptions: [
        AlertSubscription.email('oncall@example.com'),
        AlertSubscription.https('https://hooks.example.com/alerts'),
        AlertSubscription.sqs(`arn:aws:sqs:eu-west-1:${ACCOUNT}:alerts`),
        AlertSubscription.existingTopic(`arn:aws:sns:eu-west-1:${ACCOUNT}:chat-alerts`),
      ],
      thresholds: { unauthorized: 5, forbidden: 7, serverErrors: 3, periodSeconds: 60, evaluationPeriods: 2 },
      patterns: { unauthorized: '{ $.status = 401 }', forbidden: '{ $.status = 403 }', serverErrors: '{ $.status >= 500 }' },
    }));
    expect(resourcesOf(out, 'aws_sns_topic_subscription').map(([, , c]) => [c.protocol, c.endpoint])).toEqual([
      ['email', 'oncall@example.com'], ['https', 'https://hooks.example.com/alerts'], ['sqs', `arn:aws:sqs:eu-west-1:${ACCOUNT}:alerts`],
    ]);
    const alarms = resourcesOf(out, 'aws_cloudwatch_metric_alarm').map(([, , c]) => c);
    const orders = (s: string) => alarms.find(a => a.alarm_name === `test-shop-orders-${s}`);
    expect([orders('unauthorized').threshold, orders('forbidden').threshold, orders('servererrors').threshold]).toEqual([5, 7, 3]);
    expect(orders('unauthorized')).toEqual(expect.objectContaining({ period: 60, evaluation_periods: 2 }));
    expect(orders('unauthorized').alarm_actions).toEqual([expect.stringMatching(/aws_sns_topic/), `arn:aws:sns:eu-west-1:${ACCOUNT}:chat-alerts`]);
    const filters = resourcesOf(out, 'aws_cloudwatch_log_metric_filter').map(([, , c]) => c);
    expect(filters.find(f => f.name === 'test-web-web-servererrors').pattern).toBe('{ $.status >= 500 }');
  });

  test('Monitoring.disabled: no topic, no filters, no alarms; every Deployment carries the reason', () => {
    const reason = 'sandbox cluster, watched by the vendor agent (OPS-31)';
    const { out } = build(Monitoring.disabled(reason));
    expect(resourcesOf(out, 'aws_sns_topic')).toEqual([]);
    expect(resourcesOf(out, 'aws_cloudwatch_metric_alarm')).toEqual([]);
    expect(objectOf(out, 'Deployment', 'orders', 'shop').metadata.annotations[OPT_OUT]).toBe(reason);
    expect(objectOf(out, 'Deployment', 'web', 'web').metadata.annotations[OPT_OUT]).toBe(reason);
  });

  test('with log shipping off there is no log group to watch, and the Deployment says so', () => {
    const { out } = build(Monitoring.cloudWatch(), PlatformLogging.disabled('dev cluster, logs go to the vendor agent (OPS-7)'));
    expect(resourcesOf(out, 'aws_cloudwatch_log_metric_filter')).toEqual([]);
    expect(resourcesOf(out, 'aws_sns_topic')).toEqual([]);
    expect(objectOf(out, 'Deployment', 'web', 'web').metadata.annotations[OPT_OUT])
      .toBe('log shipping is off, so there is no log group to watch: dev cluster, logs go to the vendor agent (OPS-7)');
  });
});

describe('validation', () => {
  const platform = () => newPlatform();
  test.each<[string, () => Monitoring, string, unknown]>([
    ['a short reason', () => Monitoring.disabled('off'), 'monitoring.disabledReason', 'off'],
    ['no reason', () => Monitoring.disabled(undefined as any), 'monitoring.disabledReason', undefined],
    ['a bad e-mail address', () => Monitoring.cloudWatch({ subscriptions: [AlertSubscription.email('oncall')] }), 'monitoring.subscriptions[0].endpoint', 'oncall'],
    ['a plain HTTP endpoint', () => Monitoring.cloudWatch({ subscriptions: [AlertSubscription.https('http://hooks.example.com')] }), 'monitoring.subscriptions[0].endpoint', 'http://hooks.example.com'],
    ['credentials in the URL', () => Monitoring.cloudWatch({ subscriptions: [AlertSubscription.https('https://u:p@hooks.example.com')] }), 'monitoring.subscriptions[0].endpoint', 'https://u:p@hooks.example.com'],
    ['a queue URL instead of an ARN', () => Monitoring.cloudWatch({ subscriptions: [AlertSubscription.sqs('https://sqs.eu-west-1.amazonaws.com/1/q')] }), 'monitoring.subscriptions[0].endpoint', 'https://sqs.eu-west-1.amazonaws.com/1/q'],
    ['a queue ARN as a topic', () => Monitoring.cloudWatch({ subscriptions: [AlertSubscription.existingTopic(`arn:aws:sqs:eu-west-1:${ACCOUNT}:q`)] }), 'monitoring.subscriptions[0].endpoint', `arn:aws:sqs:eu-west-1:${ACCOUNT}:q`],
    ['a plain object as a subscription', () => Monitoring.cloudWatch({ subscriptions: [{ kind: 'email', endpoint: 'a@b.c' } as any] }), 'monitoring.subscriptions[0]', { kind: 'email', endpoint: 'a@b.c' }],
    ['subscriptions that are not an array', () => Monitoring.cloudWatch({ subscriptions: 'a@b.c' as any }), 'monitoring.subscriptions', 'a@b.c'],
    ['a duplicate subscription', () => Monitoring.cloudWatch({ subscriptions: [AlertSubscription.email('a@b.co'), AlertSubscription.email('a@b.co')] }), 'monitoring.subscriptions', 'email a@b.co'],
    ['a zero threshold', () => Monitoring.cloudWatch({ thresholds: { unauthorized: 0 } }), 'monitoring.thresholds.unauthorized', 0],
    ['a fractional threshold', () => Monitoring.cloudWatch({ thresholds: { serverErrors: 2.5 } }), 'monitoring.thresholds.serverErrors', 2.5],
    ['a threshold as a string', () => Monitoring.cloudWatch({ thresholds: { forbidden: '5' as any } }), 'monitoring.thresholds.forbidden', '5'],
    ['an unsupported period', () => Monitoring.cloudWatch({ thresholds: { periodSeconds: 45 } }), 'monitoring.thresholds.periodSeconds', 45],
    ['no evaluation period', () => Monitoring.cloudWatch({ thresholds: { evaluationPeriods: 0 } }), 'monitoring.thresholds.evaluationPeriods', 0],
    ['an empty pattern', () => Monitoring.cloudWatch({ patterns: { unauthorized: ' ' } }), 'monitoring.patterns.unauthorized', ' '],
    ['a pattern that is not a string', () => Monitoring.cloudWatch({ patterns: { forbidden: 403 as any } }), 'monitoring.patterns.forbidden', 403],
  ])('refuses %s', (_what, make, property, received) => {
    const p = platform();
    expectConfigError(() => make()._validate(p, 'monitoring'), { path: 'test', property, received });
  });

  test('accepts every documented default and option', () => {
    const p = platform();
    const m = Monitoring.cloudWatch();
    expect(() => m._validate(p, 'monitoring')).not.toThrow();
    expect([m.unauthorizedThreshold, m.forbiddenThreshold, m.serverErrorThreshold, m.periodSeconds, m.evaluationPeriods])
      .toEqual([20, 20, 10, 300, 1]);
    expect([m.unauthorizedPattern, m.forbiddenPattern, m.serverErrorPattern])
      .toEqual([DEFAULT_PATTERNS.unauthorized, DEFAULT_PATTERNS.forbidden, DEFAULT_PATTERNS.serverErrors]);
    expect(m.subscriptions).toEqual([]);
    for (const period of [10, 30, 60, 3600, 86400]) {
      expect(() => Monitoring.cloudWatch({ thresholds: { periodSeconds: period } })._validate(p, 'monitoring')).not.toThrow();
    }
    expect(Monitoring.disabled('  sandbox cluster (OPS-31)  ').disabledReason).toBe('sandbox cluster (OPS-31)');
  });
});
