import { Construct } from 'constructs';
import { AttributeType, Refactor, SecureApp, SecureMicroservice, SecureQueue, SecureTable } from '../../src';
import { ConfigurationError } from '../../src/core/errors';
import { image, newPlatform, synth } from '../support/synth';

function expectError(f: () => unknown, path: string, property: string, value: string, problem?: RegExp) {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigurationError);
    const err = e as ConfigurationError;
    expect([err.constructPath, err.property, err.value]).toEqual([path, property, value]);
    if (problem) expect(err.problem).toMatch(problem);
    return;
  }
  throw new Error('expected a ConfigurationError');
}

const KEY = { name: 'id', type: AttributeType.STRING };

/** Addresses of the resources of `types` in a synthesized stack. */
function addresses(tf: any, types: string[]): string[] {
  return types.flatMap(t => Object.keys(tf.resource[t] ?? {}).map(n => `${t}.${n}`)).sort();
}

test('renaming a construct id: each resource gets a moved block from its old address to its new one', () => {
  const before = newPlatform();
  new SecureTable(before, 'orders-table', { tableName: 'test-orders', partitionKey: KEY });
  const old = synth(before.node.scope as SecureApp).terraform.test;

  const after = newPlatform();
  const table = new SecureTable(after, 'orders', { tableName: 'test-orders', partitionKey: KEY });
  Refactor.of(table).movedFrom('test/orders-table');
  const now = synth(after.node.scope as SecureApp).terraform.test;

  const [from] = addresses(old, ['aws_dynamodb_table']);
  const [to] = addresses(now, ['aws_dynamodb_table']);
  expect(from).not.toEqual(to);
  expect(now.moved).toEqual([{ from, to }]);
  // The key is not under the table: it keeps its address and gets no block.
  expect(addresses(now, ['aws_kms_key'])).toEqual(addresses(old, ['aws_kms_key']));
});

test('moving a construct under another scope moves every resource under it, and nothing else', () => {
  const before = newPlatform();
  new SecureQueue(before, 'jobs');
  new SecureQueue(before, 'other');
  const old = synth(before.node.scope as SecureApp).terraform.test;

  const after = newPlatform();
  const queue = new SecureQueue(new Construct(after, 'billing'), 'jobs', { queueName: 'test-jobs' });
  new SecureQueue(after, 'other');
  Refactor.of(queue).movedFrom('test/jobs');
  const now = synth(after.node.scope as SecureApp).terraform.test;

  const types = ['aws_sqs_queue', 'aws_sqs_queue_policy'];
  const gone = addresses(old, types).filter(a => !addresses(now, types).includes(a));
  const added = addresses(now, types).filter(a => !addresses(old, types).includes(a));
  expect(gone.length).toBe(4);
  expect(now.moved.map((m: any) => m.from).sort()).toEqual(gone);
  expect(now.moved.map((m: any) => m.to).sort()).toEqual(added);
  // Each block pairs the same resource (same id below the construct).
  for (const m of now.moved) expect(m.to.replace(/billing_/, '').replace(/_[0-9A-F]{8}$/, '')).toBe(m.from.replace(/_[0-9A-F]{8}$/, ''));
});

test('a move declared on a construct inside a moved construct wins for the resources under it', () => {
  const before = newPlatform();
  new SecureQueue(before, 'a');
  new SecureQueue(before, 'b');
  const old = synth(before.node.scope as SecureApp).terraform.test;

  const after = newPlatform();
  const group = new Construct(after, 'group');
  new SecureQueue(group, 'a', { queueName: 'test-a' });
  const b = new SecureQueue(group, 'renamed', { queueName: 'test-b' });
  Refactor.of(group).movedFrom('test/old-group');
  Refactor.of(b).movedFrom('test/b');
  const now = synth(after.node.scope as SecureApp).terraform.test;
  const fromB = now.moved.filter((m: any) => m.to.includes('_renamed_')).map((m: any) => m.from).sort();
  expect(fromB).toEqual(addresses(old, ['aws_sqs_queue', 'aws_sqs_queue_policy']).filter(a => a.includes('.b_')));
  // `a` was never at test/old-group/a: its block names that address, which is not in the old state; Terraform ignores such a block.
  expect(now.moved.filter((m: any) => m.to.includes('group_a_')).every((m: any) => m.from.includes('old-group_a_'))).toBe(true);
});

test('a service moved under another scope keeps its role, association and log group', () => {
  const before = newPlatform();
  new SecureTable(before, 'data', { partitionKey: KEY }).grantReadData(new SecureMicroservice(before, 'orders', { image: image(), namespace: 'shop' }));
  const old = synth(before.node.scope as SecureApp).terraform.test;
  const after = newPlatform();
  const svc = new SecureMicroservice(new Construct(after, 'team'), 'orders', { image: image(), namespace: 'shop', name: 'orders' });
  new SecureTable(after, 'data', { partitionKey: KEY }).grantReadData(svc);
  Refactor.of(svc).movedFrom('test/orders');
  const now = synth(after.node.scope as SecureApp).terraform.test;
  const types = Object.keys(old.resource).filter(t => t !== 'aws_kms_key' && t !== 'aws_kms_alias');
  const moved = addresses(old, types).filter(a => a.includes('.orders_'));
  expect(moved.map(a => a.replace(/\..*/, '')).sort()).toEqual(['aws_cloudwatch_log_group', ...Array(3).fill('aws_cloudwatch_log_metric_filter'), ...Array(3).fill('aws_cloudwatch_metric_alarm'),
    'aws_eks_pod_identity_association', 'aws_iam_role', 'aws_iam_role_policy']);
  expect(now.moved.map((m: any) => m.from).sort()).toEqual(moved);
  expect(now.resource.aws_cloudwatch_log_group).toEqual(expect.any(Object));
});

test('no moved block when a declared path gives the same addresses (nothing moved)', () => {
  const after = newPlatform();
  const group = new Construct(after, 'Default');
  const t = new SecureTable(group, 't', { partitionKey: KEY });
  // cdktf leaves "Default" out of addresses: test/Default/t and test/t share them.
  Refactor.of(t).movedFrom('test/t');
  const now = synth(after.node.scope as SecureApp).terraform.test;
  expect(now.moved).toBeUndefined();
});

describe('movedFrom refuses', () => {
  test.each([
    ['a path without a construct below the platform', 'test', /not a construct path/],
    ['an empty id', 'test//orders', /not a construct path/],
    ['a path that is not a string', 42, /not a construct path/],
    ['the current path', 'test/orders', /current path/],
    ['a path in another platform (another state)', 'staging/orders', /different Terraform state/],
  ])('%s', (_what, value, problem) => {
    const platform = newPlatform();
    const t = new SecureTable(platform, 'orders', { partitionKey: KEY });
    expectError(() => Refactor.of(t).movedFrom(value as any), 'test/orders', 'movedFrom(previousPath)', JSON.stringify(value), problem);
  });

  test('a second move for the same construct', () => {
    const platform = newPlatform();
    const t = new SecureTable(platform, 'orders', { partitionKey: KEY });
    Refactor.of(t).movedFrom('test/a');
    expectError(() => Refactor.of(t).movedFrom('test/b'), 'test/orders', 'movedFrom(previousPath)', '"test/b"', /already/);
  });

  test('a platform (renaming it changes the state)', () => {
    const platform = newPlatform();
    expectError(() => Refactor.of(platform).movedFrom('old/x'), 'test', 'movedFrom(previousPath)', '"old/x"', /different Terraform state/);
    expectError(() => Refactor.of(platform).movedFrom('test/x'), 'test', 'movedFrom(previousPath)', '"test/x"', /state of its own/);
  });

  test('a construct outside a platform', () => {
    const app = new SecureApp({ outdir: 'unused' });
    const loose = new Construct(app, 'loose');
    expect(() => Refactor.of(loose).movedFrom('x/y')).toThrow(ConfigurationError);
  });
});
