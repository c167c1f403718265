import { AttributeType, SecureApp, SecureBucket, SecureMicroservice, SecureQueue, SecureTable } from '../../src';
import { ConfigurationError } from '../../src/core/errors';
import { image, newPlatform, objectOf, resourcesOf, synth } from '../support/synth';

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

const CIDRS = { awsEndpointCidrs: ['10.0.64.0/24'] };

test('SecureBucket defaults: public access blocked, owner enforced, SSE-KMS with bucket key, versioning, TLS-only policy', () => {
  const platform = newPlatform();
  new SecureBucket(platform, 'receipts');
  const out = synth(platform.node.scope as SecureApp);
  expect(resourcesOf(out, 'aws_s3_bucket')[0][2].bucket).toBe('test-receipts-111122223333-eu-west-1');
  const pab = resourcesOf(out, 'aws_s3_bucket_public_access_block')[0][2];
  expect([pab.block_public_acls, pab.block_public_policy, pab.ignore_public_acls, pab.restrict_public_buckets]).toEqual([true, true, true, true]);
  expect(resourcesOf(out, 'aws_s3_bucket_ownership_controls')[0][2].rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
  const sse = resourcesOf(out, 'aws_s3_bucket_server_side_encryption_configuration')[0][2].rule[0];
  expect(sse.apply_server_side_encryption_by_default.sse_algorithm).toBe('aws:kms');
  expect(sse.apply_server_side_encryption_by_default.kms_master_key_id).toMatch(/^\$\{aws_kms_key\./);
  expect(sse.bucket_key_enabled).toBe(true);
  expect(resourcesOf(out, 'aws_s3_bucket_versioning')[0][2].versioning_configuration.status).toBe('Enabled');
  const policy = JSON.parse(resourcesOf(out, 'aws_s3_bucket_policy')[0][2].policy);
  expect(policy.Statement).toEqual([expect.objectContaining({ Effect: 'Deny', Principal: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]);
});

test('a bucket grant opens egress on 443 to the AWS endpoints only', () => {
  const platform = newPlatform(CIDRS);
  const orders = new SecureMicroservice(platform, 'orders', { image: image() });
  const grant = new SecureBucket(platform, 'receipts').grantWrite(orders, { keyPrefix: 'receipts/' });
  expect(grant.egressCidrs).toEqual(['10.0.64.0/24']);
  expect(grant.service).toBe(orders);
  const out = synth(platform.node.scope as SecureApp);
  const egress = objectOf(out, 'NetworkPolicy', 'orders', 'orders').spec.egress;
  expect(egress).toContainEqual({ to: [{ ipBlock: { cidr: '10.0.64.0/24' } }], ports: [{ protocol: 'TCP', port: 443 }] });
});

test('SecureQueue defaults: KMS, dead-letter queue, TLS-only policies; FIFO names', () => {
  const platform = newPlatform();
  const q = new SecureQueue(platform, 'events');
  new SecureQueue(platform, 'orders', { fifo: true });
  expect(q.queueUrl).toBe('https://sqs.eu-west-1.amazonaws.com/111122223333/test-events');
  const out = synth(platform.node.scope as SecureApp);
  const queues = Object.fromEntries(resourcesOf(out, 'aws_sqs_queue').map(([, , c]) => [c.name, c]));
  expect(Object.keys(queues).sort()).toEqual(['test-events', 'test-events-dlq', 'test-orders-dlq.fifo', 'test-orders.fifo']);
  for (const c of Object.values<any>(queues)) expect(c.kms_master_key_id).toMatch(/^\$\{aws_kms_key\./);
  expect(JSON.parse(queues['test-events'].redrive_policy)).toEqual({ deadLetterTargetArn: expect.stringMatching(/^\$\{aws_sqs_queue\..*DeadLetterQueue.*\.arn\}$/), maxReceiveCount: 5 });
  expect(queues['test-orders.fifo'].fifo_queue).toBe(true);
  expect(resourcesOf(out, 'aws_sqs_queue_policy')).toHaveLength(4);
});

test('SecureTable defaults: CMK encryption, point-in-time recovery, deletion protection', () => {
  const platform = newPlatform();
  new SecureTable(platform, 'products', { partitionKey: { name: 'sku', type: AttributeType.STRING }, sortKey: { name: 'v', type: AttributeType.NUMBER } });
  const out = synth(platform.node.scope as SecureApp);
  const t = resourcesOf(out, 'aws_dynamodb_table')[0][2];
  expect(t.server_side_encryption).toEqual({ enabled: true, kms_key_arn: expect.stringMatching(/^\$\{aws_kms_key\./) });
  expect(t.point_in_time_recovery).toEqual({ enabled: true });
  expect(t.deletion_protection_enabled).toBe(true);
  expect(t.attribute).toEqual([{ name: 'sku', type: 'S' }, { name: 'v', type: 'N' }]);
});

test('index ARNs are granted only when the table has indexes', () => {
  const platform = newPlatform(CIDRS);
  const svc = new SecureMicroservice(platform, 'catalog', { image: image() });
  const grant = new SecureTable(platform, 'products', { partitionKey: { name: 'sku', type: AttributeType.STRING } }).grantReadData(svc);
  expect(grant.statements.flatMap(s => s.resources).some(r => r.includes('/index/'))).toBe(false);
});

describe('bad input', () => {
  test('bucket names', () => {
    expectError(() => new SecureBucket(newPlatform(), 'b', { bucketName: 'My_Bucket' }), 'test/b', 'bucketName', '"My_Bucket"');
    expectError(() => new SecureBucket(newPlatform(), 'b', { bucketName: 'has.dots.example' }), 'test/b', 'bucketName', '"has.dots.example"');
    expectError(() => new SecureBucket(newPlatform(), 'b', { bucketName: 'xn--bucket' }), 'test/b', 'bucketName', '"xn--bucket"');
  });
  test('prefixes with wildcards', () => {
    const platform = newPlatform(CIDRS);
    const svc = new SecureMicroservice(platform, 'orders', { image: image() });
    const bucket = new SecureBucket(platform, 'receipts');
    expectError(() => bucket.grantRead(svc, { keyPrefix: 'receipts/*' }), 'test/receipts', 'grantRead(options.keyPrefix)', '"receipts/*"');
    expectError(() => bucket.grantWrite(svc, { keyPrefix: 'a?b/' }), 'test/receipts', 'grantWrite(options.keyPrefix)', '"a?b/"');
    expectError(() => bucket.grantReadWrite(svc, { keyPrefix: '${x}/' }), 'test/receipts', 'grantReadWrite(options.keyPrefix)', '"${x}/"');
  });
  test('queue names', () => {
    expectError(() => new SecureQueue(newPlatform(), 'q', { queueName: 'bad name' }), 'test/q', 'queueName', '"bad name"');
    expectError(() => new SecureQueue(newPlatform(), 'q', { queueName: 'orders', fifo: true }), 'test/q', 'queueName', '"orders"');
    expectError(() => new SecureQueue(newPlatform(), 'q', { queueName: 'orders.fifo' }), 'test/q', 'queueName', '"orders.fifo"');
    expectError(() => new SecureQueue(newPlatform(), 'q', { queueName: 'x'.repeat(80) }), 'test/q', 'queueName', JSON.stringify('x'.repeat(80)));
    expectError(() => new SecureQueue(newPlatform(), 'q', { maxReceiveCount: 0 }), 'test/q', 'maxReceiveCount', '0');
  });
  test('table names and keys', () => {
    expectError(() => new SecureTable(newPlatform(), 't', { tableName: 'a b', partitionKey: { name: 'id', type: AttributeType.STRING } }), 'test/t', 'tableName', '"a b"');
    expectError(() => new SecureTable(newPlatform(), 't', { partitionKey: { name: 'id', type: 'X' as AttributeType } }), 'test/t', 'partitionKey.type', '"X"');
  });
});
