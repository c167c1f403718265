import { AttributeType, Platform, Refactor, SecureApp, SecureMicroservice, SecureTable } from '../../src';
import '../../src/testing/jest';
import { SynthesizedApp, Testing } from '../../src/testing/testing';
import { image, newPlatform } from '../support/synth';

const KEY = { name: 'id', type: AttributeType.STRING };

/** An app with what `build` puts on a fresh platform `test`, not synthesized yet. */
function appWith(build: (platform: Platform) => void): SecureApp {
  const platform = newPlatform();
  build(platform);
  return platform.node.scope as SecureApp;
}

const out = (build: (platform: Platform) => void): SynthesizedApp => Testing.synth(appWith(build));
const table = (p: Platform, id = 'orders', tableName = 'test-orders') => new SecureTable(p, id, { tableName, partitionKey: KEY });

/** The failure message of `assertion`, which must fail. */
function failureOf(assertion: () => void): string {
  try {
    assertion();
  } catch (e: any) {
    return String(e?.message ?? e);
  }
  throw new Error('the assertion passed');
}

describe('toKeepStatefulResourcesOf', () => {
  const before = out(p => table(p, 'orders-table'));

  test('renaming a construct id without a Refactor fails, naming the table and why', () => {
    const renamed = out(p => table(p));
    const message = failureOf(() => expect(renamed).toKeepStatefulResourcesOf(before));
    expect(message).toContain(`expected going from ${before.outdir} to ${renamed.outdir} to keep every stateful resource, but:`);
    expect(message).toMatch(/DESTROYED terraform\/stacks\/test: aws_dynamodb_table\.orders-table_[0-9A-F]{8} \(test\/orders-table\/Resource\): the address is gone and no moved block maps it \[prevent_destroy: the plan fails\]/);
    expect(message).toContain('1 stateful resource destroyed or replaced.');
    expect(renamed).not.toKeepStatefulResourcesOf(before);
  });

  test('the same rename with Refactor.movedFrom passes', () => {
    const moved = out(p => Refactor.of(table(p)).movedFrom('test/orders-table'));
    expect(moved).toKeepStatefulResourcesOf(before);
    const message = failureOf(() => expect(moved).not.toKeepStatefulResourcesOf(before));
    expect(message).toBe(`expected going from ${before.outdir} to ${moved.outdir} to destroy or replace a stateful resource, but it keeps every one`);
  });

  test('a changed name (it forces replacement) fails with the change', () => {
    const message = failureOf(() => expect(out(p => table(p, 'orders-table', 'test-orders2'))).toKeepStatefulResourcesOf(before));
    expect(message).toMatch(/REPLACED {2}terraform\/stacks\/test: aws_dynamodb_table\.orders-table_[0-9A-F]{8} \(test\/orders-table\/Resource\): name changes from "test-orders" to "test-orders2"/);
  });

  test('a moved service replaces its log group: every destruction is listed', () => {
    const service = (p: Platform, namespace: string) => {
      new SecureMicroservice(p, 'orders', { image: image(), namespace });
      table(p, 'orders-table', `${namespace}-orders`);
    };
    const message = failureOf(() => expect(out(p => service(p, 'checkout'))).toKeepStatefulResourcesOf(out(p => service(p, 'shop'))));
    expect(message.split('\n').filter(l => /^(DESTROYED|REPLACED)/.test(l)).map(l => l.split(':')[1].trim().split('.')[0])).toEqual([
      'aws_cloudwatch_log_group', 'aws_dynamodb_table',
    ]);
    expect(message).toContain('2 stateful resources destroyed or replaced.');
  });

  test('takes apps (synthesized once) and output directories as well', () => {
    const app = appWith(p => table(p, 'orders-table'));
    expect(app).toKeepStatefulResourcesOf(before.outdir);
    expect(Testing.synth(app)).toKeepStatefulResourcesOf(app);
    expect(before.outdir).toKeepStatefulResourcesOf(before);
    expect(appWith(p => table(p))).not.toKeepStatefulResourcesOf(before.outdir);
  });

  test('an output that is not one is an error, not a failed expectation', () => {
    expect(() => expect(before).toKeepStatefulResourcesOf(42 as any))
      .toThrow('toKeepStatefulResourcesOf: the output before the change must be the result of Testing.synth(app), a SecureApp or an output directory, received number');
    expect(() => expect({ outdir: before.outdir }).toKeepStatefulResourcesOf(before))
      .toThrow('toKeepStatefulResourcesOf: the received output must be the result of Testing.synth(app), a SecureApp or an output directory, received object');
    expect(() => expect(before).toKeepStatefulResourcesOf('/nonexistent/dist')).toThrow('/nonexistent/dist: not a directory');
  });
});
