import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AttributeType, Platform, Refactor, SecureApp, SecureMicroservice, SecureQueue, SecureTable } from '../../src';
import { diffOutputs, DiffInputError, DestructionKind, formatDestructions } from '../../src/diff/diff';
import { main } from '../../src/policy/cli';
import { image, newPlatform } from '../support/synth';

const KEY = { name: 'id', type: AttributeType.STRING };

/** Synthesizes what `build` puts on a fresh platform and returns the output directory. */
function dist(build: (platform: Platform) => void): string {
  const platform = newPlatform();
  build(platform);
  const app = platform.node.scope as SecureApp;
  app.synth();
  return app.outdir;
}

/** A directory with the given files (relative path to JSON). */
function dir(files: { [file: string]: unknown }): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'diff-'));
  for (const [file, json] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), typeof json === 'string' ? json : JSON.stringify(json));
  }
  return root;
}

const summary = (a: string, b: string) => diffOutputs(a, b).destructions.map(d => `${d.kind} ${d.type} ${d.arguments.join(',')}`.trim());

describe('diff of library outputs', () => {
  const table = (p: Platform, id = 'orders') => new SecureTable(p, id, { tableName: 'test-orders', partitionKey: KEY });

  test('the same program: nothing destroyed', () => {
    expect(diffOutputs(dist(p => table(p)), dist(p => table(p)))).toEqual({ destructions: [], configurations: ['terraform/stacks/test'] });
  });

  test('renaming a construct id destroys the table; with movedFrom it does not', () => {
    const before = dist(p => table(p, 'orders-table'));
    const renamed = diffOutputs(before, dist(p => table(p, 'orders')));
    expect(renamed.destructions).toEqual([expect.objectContaining({
      configuration: 'terraform/stacks/test',
      kind: DestructionKind.DESTROYED,
      type: 'aws_dynamodb_table',
      constructPath: 'test/orders-table/Resource',
      reason: 'the address is gone and no moved block maps it',
      preventDestroy: true,
    })]);
    expect(formatDestructions(renamed)).toMatch(/^DESTROYED terraform\/stacks\/test: aws_dynamodb_table\.orders-table_[0-9A-F]{8} \(test\/orders-table\/Resource\): the address is gone and no moved block maps it \[prevent_destroy: the plan fails\]\n\n1 stateful resource destroyed or replaced\.\n$/);
    expect(summary(before, dist(p => Refactor.of(table(p, 'orders')).movedFrom('test/orders-table')))).toEqual([]);
  });

  test('a moved block to the wrong place still destroys', () => {
    const before = dist(p => table(p, 'orders-table'));
    const after = dist(p => Refactor.of(table(p, 'orders')).movedFrom('test/other'));
    expect(summary(before, after)).toEqual(['destroyed aws_dynamodb_table']);
  });

  test('changing a table\'s keys or name replaces it', () => {
    const before = dist(p => table(p));
    expect(summary(before, dist(p => new SecureTable(p, 'orders', { tableName: 'test-orders', partitionKey: { name: 'orderId', type: AttributeType.STRING } }))))
      .toEqual(['replaced aws_dynamodb_table hash_key']);
    expect(summary(before, dist(p => new SecureTable(p, 'orders', { tableName: 'test-orders', partitionKey: KEY, sortKey: { name: 'createdAt', type: AttributeType.STRING } }))))
      .toEqual(['replaced aws_dynamodb_table range_key']);
    expect(summary(before, dist(p => new SecureTable(p, 'orders', { tableName: 'test-orders2', partitionKey: KEY }))))
      .toEqual(['replaced aws_dynamodb_table name']);
  });

  test('turning a queue into a FIFO queue replaces it and its dead-letter queue', () => {
    const before = dist(p => new SecureQueue(p, 'jobs'));
    expect(summary(before, dist(p => new SecureQueue(p, 'jobs', { fifo: true }))))
      .toEqual(['replaced aws_sqs_queue name,fifo_queue', 'replaced aws_sqs_queue name,fifo_queue']);
  });

  test('renaming a service or moving it to another namespace replaces its log group (the name forces replacement)', () => {
    const before = dist(p => new SecureMicroservice(p, 'orders', { image: image(), namespace: 'shop' }));
    const renamed = diffOutputs(before, dist(p => new SecureMicroservice(p, 'orders', { image: image(), namespace: 'shop', name: 'checkout' })));
    expect(renamed.destructions.map(d => [d.kind, d.type, d.reason, d.skipDestroy])).toEqual([[DestructionKind.REPLACED, 'aws_cloudwatch_log_group',
      'name changes from "/secure-constructs/test/shop/orders" to "/secure-constructs/test/shop/checkout"', true]]);
    expect(formatDestructions(renamed)).toContain('[prevent_destroy: the plan fails]');
    expect(summary(before, dist(p => new SecureMicroservice(p, 'orders', { image: image(), namespace: 'billing' }))))
      .toEqual(['replaced aws_cloudwatch_log_group name']);
  });

  test('a removed platform destroys every stateful resource of its stack', () => {
    const before = dist(p => table(p));
    const empty = dir({ 'terraform/stacks/other/cdk.tf.json': { resource: {} } });
    expect(summary(before, empty)).toEqual(['destroyed aws_dynamodb_table', 'destroyed aws_kms_key']);
    expect(diffOutputs(before, empty).destructions[0].reason).toBe('its configuration terraform/stacks/test is gone from the output');
  });
});

describe('diff of any Terraform JSON', () => {
  const bucket = (name: string, extra: object = {}) => ({ resource: { aws_s3_bucket: { logs: { bucket: name, ...extra } }, aws_iam_role: { r: { name: 'r' } } } });

  test('stateless resources are ignored; stateful ones are compared by argument', () => {
    expect(summary(dir({ 'main.tf.json': bucket('a') }), dir({ 'main.tf.json': { resource: { aws_s3_bucket: { logs: { bucket: 'a' } } } } }))).toEqual([]);
    expect(summary(dir({ 'main.tf.json': bucket('a') }), dir({ 'main.tf.json': bucket('a', { tags: { x: '1' } }) }))).toEqual([]);
    expect(summary(dir({ 'main.tf.json': bucket('a') }), dir({ 'main.tf.json': bucket('b') }))).toEqual(['replaced aws_s3_bucket bucket']);
    expect(summary(dir({ 'main.tf.json': bucket('a') }), dir({ 'main.tf.json': bucket('a', { object_lock_enabled: true }) }))).toEqual(['replaced aws_s3_bucket object_lock_enabled']);
  });

  test('a KMS key whose spec or usage changes is replaced', () => {
    const key = (spec: object) => ({ resource: { aws_kms_key: { k: { description: 'k', ...spec } } } });
    expect(summary(dir({ 'a.tf.json': key({}) }), dir({ 'a.tf.json': key({ customer_master_key_spec: 'RSA_2048' }) }))).toEqual(['replaced aws_kms_key customer_master_key_spec']);
    expect(summary(dir({ 'a.tf.json': key({ key_usage: 'ENCRYPT_DECRYPT' }) }), dir({ 'a.tf.json': key({ key_usage: 'SIGN_VERIFY' }) }))).toEqual(['replaced aws_kms_key key_usage']);
  });

  test('moved blocks in either syntax, chains, and references through a moved address', () => {
    const before = { resource: { aws_kms_key: { old: {} }, aws_efs_file_system: { fs: { encrypted: true, kms_key_id: '${aws_kms_key.old.arn}' } } } };
    const after = {
      resource: { aws_kms_key: { newer: {} }, aws_efs_file_system: { fs: { encrypted: true, kms_key_id: '${aws_kms_key.newer.arn}' } } },
      moved: [{ from: '${aws_kms_key.old}', to: 'aws_kms_key.mid' }, { from: 'aws_kms_key.mid', to: 'aws_kms_key.newer' }],
    };
    expect(summary(dir({ 'x.tf.json': before }), dir({ 'x.tf.json': after }))).toEqual([]);
    // Without the moves, the key is destroyed and the file system replaced (its key changes).
    expect(summary(dir({ 'x.tf.json': before }), dir({ 'x.tf.json': { resource: after.resource } })))
      .toEqual(['replaced aws_efs_file_system kms_key_id', 'destroyed aws_kms_key']);
  });

  test('the list form of blocks, files of one directory merged, directories compared by path', () => {
    const before = dir({ 'env/a.tf.json': { resource: [{ aws_sqs_queue: [{ q: { name: 'q' } }] }] }, 'env/b.tf.json': { resource: { aws_sns_topic: { t: { name: 't' } } } } });
    expect(summary(before, dir({ 'env/all.tf.json': { resource: { aws_sqs_queue: { q: { name: 'q' } }, aws_sns_topic: { t: { name: 't' } } } } }))).toEqual([]);
    const moved = diffOutputs(before, dir({ 'env/a.tf.json': { resource: { aws_sqs_queue: { q: { name: 'q' } } } }, 'other/b.tf.json': { resource: { aws_sns_topic: { t: { name: 't' } } } } }));
    expect(moved.destructions.map(d => [d.kind, d.address, d.reason])).toEqual([[DestructionKind.DESTROYED, 'aws_sns_topic.t', 'it leaves this configuration for other (another state)']]);
  });

  test('a moved block to a resource of another type destroys', () => {
    const d = diffOutputs(dir({ 'm.tf.json': { resource: { aws_sqs_queue: { q: { name: 'q' } } } } }),
      dir({ 'm.tf.json': { resource: { aws_sns_topic: { q: { name: 'q' } } }, moved: [{ from: 'aws_sqs_queue.q', to: 'aws_sns_topic.q' }] } }));
    expect(d.destructions.map(x => x.reason)).toEqual(['a moved block maps it to aws_sns_topic.q, which is of type aws_sns_topic']);
  });

  test('unreadable input', () => {
    const good = dir({ 'a.tf.json': {} });
    expect(() => diffOutputs(path.join(good, 'missing'), good)).toThrow(DiffInputError);
    expect(() => diffOutputs(good, dir({ 'a.tf.json': '{ not json' }))).toThrow(/a\.tf\.json: not valid JSON/);
  });
});

describe('secure-constructs diff', () => {
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
  };
  const a = () => dir({ 'main.tf.json': { resource: { aws_dynamodb_table: { t: { name: 'orders', hash_key: 'id' } } } } });
  const b = () => dir({ 'main.tf.json': { resource: { aws_dynamodb_table: { t: { name: 'orders', hash_key: 'pk' } } } } });

  test('exit 0 and a one-line summary when nothing is destroyed', async () => {
    const t = io();
    expect(await main(['diff', a(), a()], t.io)).toBe(0);
    expect(t.out.join('')).toBe('No stateful resource is destroyed or replaced.\n');
  });

  test('exit 1 with the list, in text and JSON', async () => {
    const t = io();
    expect(await main(['diff', a(), b()], t.io)).toBe(1);
    expect(t.out.join('')).toContain('REPLACED  .: aws_dynamodb_table.t: hash_key changes from "id" to "pk"');
    const j = io();
    expect(await main(['diff', '--format', 'json', a(), b()], j.io)).toBe(1);
    expect(JSON.parse(j.out.join('')).destructions).toEqual([expect.objectContaining({ address: 'aws_dynamodb_table.t', kind: 'replaced', arguments: ['hash_key'] })]);
    const k = io();
    expect(await main(['diff', a(), b(), '--format=json'], k.io)).toBe(1);
    expect(JSON.parse(k.out.join('')).configurations).toEqual(['.']);
  });

  test.each([
    [['diff'], /diff needs <old-dir> and <new-dir>/],
    [['diff', 'x'], /diff needs <old-dir> and <new-dir>/],
    [['diff', 'x', 'y', 'z'], /unexpected argument "z"/],
    [['diff', '--format', 'yaml', 'x', 'y'], /--format must be text or json \(received "yaml"\)/],
    [['diff', 'x', 'y', '--format'], /--format must be text or json \(received nothing\)/],
    [['diff', '--fail-on', 'error', 'x', 'y'], /unknown option "--fail-on"/],
  ])('exit 2 on usage errors: %j', async (argv, message) => {
    const t = io();
    expect(await main(argv, t.io)).toBe(2);
    expect(t.err.join('')).toMatch(message);
    expect(t.err.join('')).toContain('Usage: secure-constructs diff');
  });

  test('exit 2 when a directory cannot be read; --help prints the usage', async () => {
    const t = io();
    expect(await main(['diff', path.join(a(), 'missing'), a()], t.io)).toBe(2);
    expect(t.err.join('')).toMatch(/missing: not a directory/);
    const h = io();
    expect(await main(['diff', '--help'], h.io)).toBe(0);
    expect(h.out.join('')).toContain('Exit codes: 0 nothing destroyed or replaced, 1 something is, 2 usage or read error.');
  });
});
