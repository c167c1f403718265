import { AttributeType, ManagedSecret, Platform, PolicyStatement, SecureBucket, SecureMicroservice, SecureQueue, SecureTable, ServiceMesh } from '../../src';
import { expectConfigError } from '../support/errors';
import { image, newApp, newPlatform, PLATFORM_PROPS } from '../support/synth';

const statement = () => new PolicyStatement({ actions: ['sqs:SendMessage'], resources: ['arn:aws:sqs:eu-west-1:111122223333:q'] });

/** Two written objects or resources that would share a name fail at construction, naming both constructs. */
describe('name collisions', () => {
  test('two IAM roles named prod-a-b: service b in namespace a, and service a-b', () => {
    const platform = newPlatform({}, 'prod');
    const b = new SecureMicroservice(platform, 'b', { image: image(), namespace: 'a' });
    const ab = new SecureMicroservice(platform, 'a-b', { image: image() });
    b.addToPrincipalPolicy(statement());
    const error = expectConfigError(
      () => ab.addToPrincipalPolicy(statement()),
      { path: 'prod/a-b', property: 'name', received: 'prod-a-b' });
    expect(error.message).toContain('prod/b');
  });

  test("a service named logging-log-shipper and the log shipper's role", () => {
    const platform = newPlatform({}, 'prod');
    const svc = new SecureMicroservice(platform, 'logging-log-shipper', { image: image() });
    const error = expectConfigError(() => svc.addToPrincipalPolicy(statement()), { path: 'prod/logging-log-shipper', property: 'name', received: 'prod-logging-log-shipper' });
    expect(error.message).toContain('prod/LogShipper');
  });

  test('two SecretProviderClasses web-db-x in one namespace: service web with secret db-x, service web-db with secret x', () => {
    const platform = newPlatform();
    const web = new SecureMicroservice(platform, 'web', { image: image(), namespace: 'shop' });
    const webDb = new SecureMicroservice(platform, 'web-db', { image: image(), namespace: 'shop' });
    new ManagedSecret(platform, 'db-x').grantRead(web);
    const x = new ManagedSecret(platform, 'x');
    const error = expectConfigError(() => x.grantRead(webDb), { path: 'test/x', property: 'name', received: 'web-db-x' });
    expect(error.message).toContain('test/db-x');
  });

  test('two Secrets Manager secrets with one name', () => {
    const platform = newPlatform();
    new ManagedSecret(platform, 'db', {});
    expectConfigError(() => new ManagedSecret(platform, 'other', { secretName: 'db' }), { path: 'test/other', property: 'secretName', received: 'test/db' });
  });

  test('a duplicate construct id is a ConfigurationError, not the error of the constructs library', () => {
    const platform = newPlatform();
    new SecureMicroservice(platform, 'web', { image: image() });
    const error = expectConfigError(() => new SecureMicroservice(platform, 'web', { image: image() }), { path: 'test/web', property: 'id', received: 'web' });
    expect(error.message).not.toContain('There is already a Construct');
    const app = newApp();
    new Platform(app, 'prod', PLATFORM_PROPS);
    expectConfigError(() => new Platform(app, 'prod', PLATFORM_PROPS), { path: 'prod', property: 'id', received: 'prod' });
    expectConfigError(() => new ManagedSecret(platform, 'web'), { path: 'test/web', property: 'id', received: 'web' });
  });

  test('a missing scope or a bad id from plain JavaScript', () => {
    expectConfigError(() => new SecureMicroservice(undefined as any, 'web', { image: image() }), { path: '<none>', property: 'scope', received: undefined });
    expectConfigError(() => new SecureMicroservice(newPlatform(), 'a/b', { image: image() }), { path: 'test', property: 'id', received: 'a/b' });
  });
});

describe('name collisions of data stores', () => {
  test('buckets with ids Receipts and receipts', () => {
    const platform = newPlatform();
    new SecureBucket(platform, 'Receipts');
    const error = expectConfigError(() => new SecureBucket(platform, 'receipts'), { path: 'test/receipts', property: 'id', received: 'test-receipts-111122223333-eu-west-1' });
    expect(error.message).toContain('test/Receipts');
  });
  test('two tables, or two queues, with one name', () => {
    const platform = newPlatform();
    new SecureTable(platform, 'orders', { partitionKey: { name: 'id', type: AttributeType.STRING } });
    expectConfigError(() => new SecureTable(platform, 'other', { tableName: 'test-orders', partitionKey: { name: 'id', type: AttributeType.STRING } }),
      { path: 'test/other', property: 'tableName', received: 'test-orders' });
    new SecureQueue(platform, 'jobs');
    expectConfigError(() => new SecureQueue(platform, 'other-q', { queueName: 'test-jobs' }), { path: 'test/other-q', property: 'queueName', received: 'test-jobs' });
  });
});

describe('ports', () => {
  test('connectTo a port the target does not serve', () => {
    const platform = newPlatform();
    const a = new SecureMicroservice(platform, 'a', { image: image() });
    const b = new SecureMicroservice(platform, 'b', { image: image() });
    expectConfigError(() => a.connectTo(b, { port: 9443 }), { path: 'test/a', property: 'connectTo(options.port)', received: 9443 });
  });
  test("a port Istio's proxies use, in mesh mode", () => {
    const platform = newPlatform({ mesh: ServiceMesh.istio() });
    expectConfigError(() => new SecureMicroservice(platform, 'a', { image: image(), port: 15006 }), { path: 'test/a', property: 'port', received: 15006 });
  });
});
