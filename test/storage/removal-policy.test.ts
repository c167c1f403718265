import { AttributeType, ManagedSecret, Platform, RemovalPolicy, SecureApp, SecureBucket, SecureMicroservice, SecureQueue, SecureTable } from '../../src';
import { ConfigurationError } from '../../src/core/errors';
import { image, newPlatform, resourcesOf, synth, Synthesized } from '../support/synth';

const REASON = 'preview environment, deleted with its pull request';

function expectError(f: () => unknown, path: string, property: string, value: string) {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigurationError);
    const err = e as ConfigurationError;
    expect([err.constructPath, err.property, err.value]).toEqual([path, property, value]);
    return;
  }
  throw new Error('expected a ConfigurationError');
}

/** Every stateful resource kind the library writes, on one platform. */
function everything(platform: Platform, own: RemovalPolicy | undefined = undefined) {
  new SecureBucket(platform, 'receipts', { removalPolicy: own });
  new SecureQueue(platform, 'jobs', { removalPolicy: own });
  new SecureTable(platform, 'orders', { partitionKey: { name: 'id', type: AttributeType.STRING }, removalPolicy: own });
  new ManagedSecret(platform, 'db', { removalPolicy: own });
  const svc = new SecureMicroservice(platform, 'web', { image: image() });
  svc.expose({ host: 'web.example.com', sourceCidrs: ['10.0.0.0/24'] });
}

const STATEFUL = ['aws_kms_key', 'aws_secretsmanager_secret', 'aws_s3_bucket', 'aws_dynamodb_table', 'aws_sqs_queue', 'aws_cloudwatch_log_group'];

function stateful(out: Synthesized): Array<[string, string, any]> {
  return STATEFUL.flatMap(t => resourcesOf(out, t).map(([p, n, c]) => [p, `${t}.${n}`, c] as [string, string, any]));
}

describe('removal policy', () => {
  test('by default every stateful resource is written with prevent_destroy (log groups also skip_destroy) and the report has no finding of AWS-033', () => {
    const platform = newPlatform();
    everything(platform);
    const app = platform.node.scope as SecureApp;
    const out = synth(app);
    const all = stateful(out);
    // one key, one secret, two buckets (receipts, ALB logs), one table, two queues, one log group
    expect(all.map(([, a]) => a.replace(/\..*/, '')).sort()).toEqual([
      'aws_cloudwatch_log_group', 'aws_dynamodb_table', 'aws_kms_key', 'aws_s3_bucket', 'aws_s3_bucket',
      'aws_secretsmanager_secret', 'aws_sqs_queue', 'aws_sqs_queue',
    ]);
    for (const [, address, config] of all) {
      expect([address, config.lifecycle]).toEqual([address, { prevent_destroy: true }]);
    }
    expect(resourcesOf(out, 'aws_cloudwatch_log_group')[0][2].skip_destroy).toBe(true);
    expect(resourcesOf(out, 'aws_dynamodb_table')[0][2].deletion_protection_enabled).toBe(true);
    expect(app.policyReport!.findings.filter(f => f.ruleId === 'AWS-033')).toEqual([]);
  });

  test('Platform removalPolicy: destroy(reason) drops the guards of every stateful resource and records the reason in each resource\'s // block and the report', () => {
    const platform = newPlatform({ removalPolicy: RemovalPolicy.destroy(`  ${REASON} `) });
    everything(platform);
    const app = platform.node.scope as SecureApp;
    const out = synth(app);
    const all = stateful(out);
    expect(all.length).toBe(8);
    for (const [, address, config] of all) {
      expect([address, config.lifecycle]).toEqual([address, undefined]);
      expect([address, config['//']['secure-constructs:suppressions']]).toEqual([address, expect.arrayContaining([{ ruleId: 'AWS-033', reason: REASON }])]);
    }
    expect(resourcesOf(out, 'aws_cloudwatch_log_group')[0][2].skip_destroy).toBeUndefined();
    expect(resourcesOf(out, 'aws_dynamodb_table')[0][2].deletion_protection_enabled).toBe(false);
    const removal = app.policyReport!.findings.filter(f => f.ruleId === 'AWS-033');
    expect(removal.length).toBe(10); // one per resource (the alert topic among them), two for the log group (prevent_destroy, skip_destroy)
    expect(removal.every(f => f.suppressed && f.suppressionReason === REASON)).toBe(true);
  });

  test('the access-log bucket keeps its SSE-S3 exception next to the removal exception', () => {
    const platform = newPlatform({ removalPolicy: RemovalPolicy.destroy(REASON) });
    new SecureMicroservice(platform, 'web', { image: image() }).expose({ host: 'web.example.com', sourceCidrs: ['10.0.0.0/24'] });
    const out = synth(platform.node.scope as SecureApp);
    const alb = resourcesOf(out, 'aws_s3_bucket').find(([, , c]) => c.bucket.endsWith('-alb-logs'))![2];
    expect(alb['//']['secure-constructs:suppressions'].map((s: any) => s.ruleId)).toEqual(['AWS-013', 'AWS-033']);
  });

  test('a construct\'s own policy wins over the platform\'s, both ways', () => {
    const platform = newPlatform({ removalPolicy: RemovalPolicy.destroy(REASON) });
    new SecureTable(platform, 'kept', { partitionKey: { name: 'id', type: AttributeType.STRING }, removalPolicy: RemovalPolicy.retain() });
    const retained = newPlatform();
    new SecureQueue(retained, 'scratch', { removalPolicy: RemovalPolicy.destroy('rebuilt from orders on every deploy') });
    const a = synth(platform.node.scope as SecureApp);
    const table = resourcesOf(a, 'aws_dynamodb_table')[0][2];
    expect([table.lifecycle, table.deletion_protection_enabled, table['//']['secure-constructs:suppressions']]).toEqual([{ prevent_destroy: true }, true, undefined]);
    // The platform key follows the platform.
    expect(resourcesOf(a, 'aws_kms_key')[0][2].lifecycle).toBeUndefined();
    const b = synth(retained.node.scope as SecureApp);
    for (const [, , queue] of resourcesOf(b, 'aws_sqs_queue')) {
      expect(queue.lifecycle).toBeUndefined();
      expect(queue['//']['secure-constructs:suppressions']).toEqual([{ ruleId: 'AWS-033', reason: 'rebuilt from orders on every deploy' }]);
    }
    expect(resourcesOf(b, 'aws_kms_key')[0][2].lifecycle).toEqual({ prevent_destroy: true });
  });

  test('RemovalPolicy values', () => {
    expect([RemovalPolicy.retain().destroyAllowed, RemovalPolicy.retain().reason]).toEqual([false, undefined]);
    expect([RemovalPolicy.destroy(' why it is fine ').destroyAllowed, RemovalPolicy.destroy(' why it is fine ').reason]).toEqual([true, 'why it is fine']);
  });

  test.each([
    ['a short reason', RemovalPolicy.destroy('temp'), 'removalPolicy.reason', '"temp"'],
    ['a blank reason', RemovalPolicy.destroy('             '), 'removalPolicy.reason', '""'],
    ['a reason that is not a string', RemovalPolicy.destroy(42 as any), 'removalPolicy.reason', '42'],
    ['a plain object', { destroyAllowed: true, reason: REASON } as any, 'removalPolicy', JSON.stringify({ destroyAllowed: true, reason: REASON })],
    ['a string', 'destroy' as any, 'removalPolicy', '"destroy"'],
  ])('refuses %s on a Platform and on each construct', (_what, bad, property, value) => {
    expectError(() => newPlatform({ removalPolicy: bad }), 'test', property, value);
    const platform = newPlatform();
    expectError(() => new SecureBucket(platform, 'b', { removalPolicy: bad }), 'test/b', property, value);
    expectError(() => new SecureQueue(platform, 'q', { removalPolicy: bad }), 'test/q', property, value);
    expectError(() => new SecureTable(platform, 't', { partitionKey: { name: 'id', type: AttributeType.STRING }, removalPolicy: bad }), 'test/t', property, value);
    expectError(() => new ManagedSecret(platform, 's', { removalPolicy: bad }), 'test/s', property, value);
  });
});
