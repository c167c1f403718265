import { Construct } from 'constructs';
import { ManagedSecret, PlatformLogging, SecureApp, SecureBucket, SecureMicroservice } from '../../src';
import { ConfigurationError } from '../../src/core/errors';
import { mergeStatements } from '../../src/identity/policy-merge';
import { Platform } from '../../src/platform/platform';
import { image, newPlatform, PLATFORM_PROPS, synth } from '../support/synth';

function error(f: () => unknown): ConfigurationError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigurationError);
    return e as ConfigurationError;
  }
  throw new Error('expected a ConfigurationError');
}

test('a grant to something that is not grantable', () => {
  const platform = newPlatform();
  const secret = new ManagedSecret(platform, 's');
  const e = error(() => secret.grantRead(new Construct(platform, 'thing') as any));
  expect([e.constructPath, e.property, e.value]).toEqual(['test/s', 'grantRead(grantee)', '"test/thing"']);
  const e2 = error(() => secret.grantRead({ grantPrincipal: { addToPrincipalPolicy: () => undefined } }));
  expect(e2.problem).toContain('not a SecureMicroservice');
});

test('a grant across platforms', () => {
  const platform = newPlatform();
  const other = new Platform(platform.node.scope as SecureApp, 'other', PLATFORM_PROPS);
  const svc = new SecureMicroservice(other, 'orders', { image: image() });
  const e = error(() => new ManagedSecret(platform, 's').grantRead(svc));
  expect([e.constructPath, e.property, e.value]).toEqual(['test/s', 'grantRead(grantee)', '"other/orders"']);
});

test('a grant that needs AWS egress without endpoint ranges', () => {
  // Log shipping is off: it would need the endpoint ranges itself.
  const platform = newPlatform({ awsEndpointCidrs: undefined, logging: PlatformLogging.disabled('tested without log shipping') });
  const svc = new SecureMicroservice(platform, 'orders', { image: image() });
  const e = error(() => new SecureBucket(platform, 'b').grantRead(svc));
  expect([e.constructPath, e.property]).toEqual(['test', 'awsEndpointCidrs']);
});

test('statements are merged without widening', () => {
  const merged = mergeStatements([
    { Effect: 'Allow', Action: ['s3:PutObject'], Resource: ['arn:aws:s3:::b/p/*'] },
    { Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::b/p/*'] },
    { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: ['arn:aws:s3:::c/*'] },
    { Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::d/*'], Condition: { Bool: { 'aws:SecureTransport': 'true' } } },
  ]);
  expect(merged).toEqual([
    { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: ['arn:aws:s3:::b/p/*', 'arn:aws:s3:::c/*'] },
    { Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::d/*'], Condition: { Bool: { 'aws:SecureTransport': 'true' } } },
  ]);
});

test('grants in any order give the same policy', () => {
  const policies = [false, true].map(reverse => {
    const platform = newPlatform({ awsEndpointCidrs: ['10.0.64.0/24'] });
    const svc = new SecureMicroservice(platform, 'orders', { image: image() });
    const a = new SecureBucket(platform, 'a');
    const b = new SecureBucket(platform, 'b');
    const grants = [() => a.grantRead(svc), () => b.grantWrite(svc), () => a.grantWrite(svc, { keyPrefix: 'x/' })];
    (reverse ? grants.reverse() : grants).forEach(g => g());
    const out = synth(platform.node.scope as SecureApp);
    return Object.values<any>(out.terraform.test.resource.aws_iam_role_policy)[0].policy.replace(/_[0-9A-F]{8}\b/g, '');
  });
  expect(policies[0]).toBe(policies[1]);
});

test('a policy past the IAM inline limit fails synth with a clear error', () => {
  const platform = newPlatform();
  const svc = new SecureMicroservice(platform, 'orders', { image: image() });
  for (let i = 0; i < 40; i++) new ManagedSecret(platform, `secret-number-${i}`).grantRead(svc);
  const e = error(() => synth(platform.node.scope as SecureApp));
  expect([e.constructPath, e.property]).toEqual(['test/orders', 'grants']);
  expect(e.problem).toContain('10240');
});
