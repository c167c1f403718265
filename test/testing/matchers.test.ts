import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
// The matchers are typed for jest's `expect` imported from @jest/globals too: this file uses only
// that one (matcher-types.test.ts checks the declarations with the compiler).
// @jest/globals comes with jest itself.
// eslint-disable-next-line import/no-extraneous-dependencies
import { describe, expect, test } from '@jest/globals';
import { Construct } from 'constructs';
import { buildShop } from '../../examples/shop/app';
import { ManagedSecret, SecureBucket, SecureMicroservice, SecureQueue } from '../../src';
import { loadSimulator, SIMULATOR_INSTALL } from '../../src/testing/aws-access';
import '../../src/testing/jest';
import { isServiceShape } from '../../src/testing/service-shape';
import { Testing } from '../../src/testing/testing';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'secure-constructs-matchers-'));

describe('toAllowAwsAction with the constructs\' own ARN properties', () => {
  const app = buildShop(tmp());
  const out = Testing.synth(app);
  const prod = app.node.findChild('prod');
  const find = <T>(type: abstract new (...args: any[]) => T, id: string): T => {
    const c = prod.node.findChild(id);
    if (!(c instanceof type)) throw new Error(`${id} is not a ${type.name}`);
    return c;
  };
  const orders = find(SecureMicroservice, 'orders');
  const payments = find(SecureMicroservice, 'payments');

  test('queue.queueArn', async () => {
    const queue = find(SecureQueue, 'payment-requests');
    expect(queue.queueArn).toMatch(/TOKEN/);
    await expect(out).toAllowAwsAction(orders, 'sqs:SendMessage', queue.queueArn);
    await expect(out).not.toAllowAwsAction(payments, 'sqs:SendMessage', queue.queueArn);
    await expect(out).toAllowAwsAction(payments, 'sqs:ReceiveMessage', queue.queueArn);
  });

  test('secret.secretArn', async () => {
    const secret = find(ManagedSecret, 'orders-db');
    await expect(out).toAllowAwsAction(orders, 'secretsmanager:GetSecretValue', secret.secretArn);
    await expect(out).not.toAllowAwsAction(payments, 'secretsmanager:GetSecretValue', secret.secretArn);
  });

  test('a bucket ARN inside a longer string: the grant covers its key prefix only', async () => {
    const bucket = find(SecureBucket, 'receipts');
    await expect(out).toAllowAwsAction(orders, 's3:PutObject', `${bucket.bucketArn}/receipts/2026/x.json`);
    await expect(out).not.toAllowAwsAction(orders, 's3:PutObject', `${bucket.bucketArn}/invoices/x.json`);
    await expect(out).not.toAllowAwsAction(payments, 's3:PutObject', `${bucket.bucketArn}/receipts/x.json`);
  });

  test('the failure message names the resolved ARN', async () => {
    const queue = find(SecureQueue, 'payment-requests');
    await expect(expect(out).toAllowAwsAction(payments, 'sqs:SendMessage', queue.queueArn)).rejects
      .toThrow(/expected payments\/payments \(role prod-payments\) to be allowed sqs:SendMessage on arn:aws:sqs:eu-west-1:111122223333:prod-payment-requests: ImplicitlyDenied/);
  });

  test('a service is recognised by its shape: a construct of the user\'s with serviceName, namespace and selectorLabels', () => {
    class Legacy extends Construct {
      public readonly serviceName = 'intruder';
      public readonly namespace = 'orders';
      public readonly selectorLabels = { 'app.kubernetes.io/name': 'intruder' };
    }
    const legacy = new Legacy(new Construct(undefined as any, ''), 'legacy');
    expect(isServiceShape(legacy)).toBe(true);
    expect(isServiceShape({ serviceName: 'x', namespace: 'y', selectorLabels: {} })).toBe(false);
    expect(isServiceShape(Object.assign(new Construct(undefined as any, ''), { serviceName: 'x', namespace: 'y', selectorLabels: { a: 1 } }))).toBe(false);
    expect(out).not.toAllowTraffic(legacy, orders, 8443);
    expect(() => expect(out).toAllowTraffic('orders' as any, orders, 8443)).toThrow(/pass a service \(a construct with serviceName, namespace and selectorLabels\) or \{ namespace, labels \}/);
  });
});

describe('without @cloud-copilot/iam-simulate', () => {
  test('loading the simulator says exactly what to install', () => {
    const missing = (id: string) => {
      throw Object.assign(new Error(`Cannot find module '${id}'`), { code: 'MODULE_NOT_FOUND' });
    };
    expect(() => loadSimulator(missing)).toThrow(
      'toAllowAwsAction simulates IAM policies with @cloud-copilot/iam-simulate, which is not installed: run `npm install --save-dev @cloud-copilot/iam-simulate`');
    expect(SIMULATOR_INSTALL).toBe('npm install --save-dev @cloud-copilot/iam-simulate');
  });

  test('another failure while loading it is not hidden', () => {
    const broken = () => { throw Object.assign(new Error("Cannot find module 'some-dependency-of-it'"), { code: 'MODULE_NOT_FOUND' }); };
    expect(() => loadSimulator(broken)).toThrow("Cannot find module 'some-dependency-of-it'");
  });

  test('when installed, it is the package itself', () => {
    expect(typeof loadSimulator().runSimulation).toBe('function');
  });
});

describe('the testing kit depends on no service class', () => {
  test('no module of src/testing imports src/microservice', () => {
    const dir = path.join(__dirname, '..', '..', 'src', 'testing');
    const offenders = fs.readdirSync(dir).filter(f => f.endsWith('.ts'))
      .filter(f => /from '\.\.\/microservice\//.test(fs.readFileSync(path.join(dir, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
