import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { ManagedSecret, RotationSchedule, SecretDelivery, SecureApp, SecureMicroservice, WorkloadIdentity } from '../../src';
import { ConfigurationError } from '../../src/core/errors';
import { CRDS_DIR } from '../support/k8s-schema';
import { image, newPlatform, objectOf, objectsOf, resourcesOf, synth } from '../support/synth';

const LAMBDA = 'arn:aws:lambda:eu-west-1:111122223333:function:rotate-db';

function expectError(f: () => unknown, at: string, property: string, value: string) {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigurationError);
    const err = e as ConfigurationError;
    expect([err.constructPath, err.property, err.value]).toEqual([at, property, value]);
    expect(err.message).toContain(`[${at}] ${property}: received ${value}`);
    return;
  }
  throw new Error('expected a ConfigurationError');
}

function crdSchema(file: string) {
  const crd = parse(fs.readFileSync(path.join(CRDS_DIR, file), 'utf8'));
  return crd.spec.versions.find((v: any) => v.name === 'v1').schema.openAPIV3Schema;
}

function strict(schema: any): any {
  if (schema && typeof schema === 'object') {
    const out: any = Array.isArray(schema) ? schema.map(strict) : Object.fromEntries(Object.entries(schema).filter(([k]) => !k.startsWith('x-kubernetes')).map(([k, v]) => [k, strict(v)]));
    if (!Array.isArray(schema) && schema.type === 'object' && schema.properties && schema.additionalProperties === undefined) out.additionalProperties = false;
    return out;
  }
  return schema;
}

describe('ManagedSecret', () => {
  test('writes an encrypted secret without a value, named <platform>/<name>', () => {
    const platform = newPlatform();
    new ManagedSecret(platform, 'orders-db');
    const out = synth(platform.node.scope as SecureApp);
    const [[, , secret]] = resourcesOf(out, 'aws_secretsmanager_secret');
    expect(secret.name).toBe('test/orders-db');
    expect(secret.kms_key_id).toMatch(/^\$\{aws_kms_key\..*\.arn\}$/);
    expect(secret.recovery_window_in_days).toBe(30);
    expect(resourcesOf(out, 'aws_secretsmanager_secret_version')).toEqual([]);
    const [[, , key]] = resourcesOf(out, 'aws_kms_key');
    expect(key.enable_key_rotation).toBe(true);
  });

  test('rotation and replicas', () => {
    const platform = newPlatform();
    new ManagedSecret(platform, 'db', {
      rotation: { rotationLambdaArn: LAMBDA, schedule: RotationSchedule.afterDays(30) },
      replicas: [{ region: 'eu-central-1', kmsKeyArn: 'arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' }],
    });
    new ManagedSecret(platform, 'api', { rotation: { rotationLambdaArn: LAMBDA, schedule: RotationSchedule.expression('rate(12 hours)'), rotateImmediately: false } });
    const out = synth(platform.node.scope as SecureApp);
    const rotations = resourcesOf(out, 'aws_secretsmanager_secret_rotation').map(([, , c]) => c);
    expect(rotations.map(r => r.rotation_rules)).toEqual([{ schedule_expression: 'rate(12 hours)' }, { automatically_after_days: 30 }]);
    expect(rotations.map(r => r.rotate_immediately)).toEqual([false, true]);
    const db = resourcesOf(out, 'aws_secretsmanager_secret').find(([, , c]) => c.name === 'test/db')![2];
    expect(db.replica).toEqual([{ region: 'eu-central-1', kms_key_id: 'arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' }]);
  });

  test('grantRead mounts the secret read-only through the CSI driver; the SecretProviderClass is valid', () => {
    const platform = newPlatform();
    const orders = new SecureMicroservice(platform, 'orders', { image: image() });
    const secret = new ManagedSecret(platform, 'orders-db');
    const grant = secret.grantRead(orders);
    expect(grant.actions).toEqual(['kms:Decrypt', 'secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']);
    expect(grant.egressCidrs).toEqual([]);
    expect(secret.filePath).toBe('/var/run/secrets/secure-constructs/orders-db/value');
    const out = synth(platform.node.scope as SecureApp);
    const spc = objectOf(out, 'SecretProviderClass', 'orders-orders-db', 'orders');
    expect(spc.spec.provider).toBe('aws');
    expect(spc.spec.parameters.usePodIdentity).toBe('true');
    expect(spc.spec.parameters.region).toBe('eu-west-1');
    expect(parse(spc.spec.parameters.objects)).toEqual([{ objectName: 'test/orders-db', objectType: 'secretsmanager', objectAlias: 'value' }]);
    const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
    const validate = ajv.compile(strict(crdSchema('secrets-store-csi/secrets-store.csi.x-k8s.io_secretproviderclasses.yaml')));
    expect([validate(spc), validate.errors]).toEqual([true, null]);
    const pod = objectOf(out, 'Deployment', 'orders').spec.template.spec;
    expect(pod.volumes).toContainEqual({ name: 'secret-orders-db', csi: { driver: 'secrets-store.csi.k8s.io', readOnly: true, volumeAttributes: { secretProviderClass: 'orders-orders-db' } } });
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'secret-orders-db', mountPath: '/var/run/secrets/secure-constructs/orders-db', readOnly: true });
    expect(objectsOf(out, 'Secret')).toEqual([]);
  });

  test('IRSA: no usePodIdentity; External Secrets Operator delivery is valid against its CRDs', () => {
    const platform = newPlatform({ workloadIdentity: WorkloadIdentity.irsa(), awsEndpointCidrs: ['10.0.64.0/24'] });
    const orders = new SecureMicroservice(platform, 'orders', { image: image() });
    new ManagedSecret(platform, 'orders-db').grantRead(orders);
    new ManagedSecret(platform, 'api-token').grantRead(orders, { delivery: SecretDelivery.externalSecrets() });
    new ManagedSecret(platform, 'other-token').grantRead(orders, { delivery: SecretDelivery.externalSecrets() });
    const out = synth(platform.node.scope as SecureApp);
    expect(objectOf(out, 'SecretProviderClass', 'orders-orders-db').spec.parameters.usePodIdentity).toBeUndefined();
    const store = objectOf(out, 'SecretStore', 'orders-secrets-manager', 'orders');
    expect(store.spec.provider.aws.auth).toEqual({ jwt: { serviceAccountRef: { name: 'orders' } } });
    const es = objectOf(out, 'ExternalSecret', 'orders-api-token', 'orders');
    expect(es.spec.data).toEqual([{ secretKey: 'value', remoteRef: { key: 'test/api-token' } }]);
    const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
    for (const [obj, file] of [[store, 'external-secrets.io_secretstores.yaml'], [es, 'external-secrets.io_externalsecrets.yaml']]) {
      const validate = ajv.compile(crdSchema(`external-secrets/${file}`));
      expect([validate(obj), validate.errors]).toEqual([true, null]);
    }
    const pod = objectOf(out, 'Deployment', 'orders').spec.template.spec;
    expect(pod.volumes).toContainEqual({ name: 'secret-api-token', secret: { secretName: 'orders-api-token', defaultMode: 0o440, optional: false } });
    // The only environment variables are the TLS file paths: the secret is never in env.
    expect(pod.containers[0].env.map((e: any) => e.name)).toEqual(['TLS_CA_FILE', 'TLS_CERT_FILE', 'TLS_KEY_FILE']);
    expect(JSON.stringify(pod.containers[0].env)).not.toMatch(/api-token|secretKeyRef/);
    expect(objectsOf(out, 'Secret')).toEqual([]);
  });

  test('a planted value appears nowhere in the output', () => {
    const planted = 'PLANTED-s3cr3t-VALUE-7f3a9c';
    const platform = newPlatform();
    const orders = new SecureMicroservice(platform, 'orders', { image: image() });
    const secret = new ManagedSecret(platform, 'orders-db', { description: 'database credentials' });
    secret.grantRead(orders);
    // What a user might do with the value: put it out of band. The library never receives it.
    const value = { password: planted };
    expect(JSON.stringify(value)).toContain(planted);
    const out = synth(platform.node.scope as SecureApp);
    const files: string[] = [];
    const walk = (d: string) => fs.readdirSync(d, { withFileTypes: true })
      .forEach(e => e.isDirectory() ? walk(path.join(d, e.name)) : files.push(path.join(d, e.name)));
    walk(out.outdir);
    expect(files.length).toBeGreaterThan(2);
    for (const f of files) expect(fs.readFileSync(f, 'utf8')).not.toContain(planted);
  });

  test('grantRead twice is idempotent', () => {
    const platform = newPlatform();
    const orders = new SecureMicroservice(platform, 'orders', { image: image() });
    const secret = new ManagedSecret(platform, 'orders-db');
    secret.grantRead(orders);
    expect(() => secret.grantRead(orders)).not.toThrow();
  });

  describe('bad input', () => {
    test('invalid names', () => {
      const platform = newPlatform();
      expectError(() => new ManagedSecret(platform, 'Orders_DB'), 'test/Orders_DB', 'id', '"Orders_DB"');
      expectError(() => new ManagedSecret(platform, 'x', { secretName: 'orders-secret' }), 'test/x', 'secretName', '"orders-secret"');
    });
    test('replica in the home region', () => {
      expectError(() => new ManagedSecret(newPlatform(), 's', { replicas: [{ region: 'eu-west-1', kmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' }] }),
        'test/s', 'replicas[0].region', '"eu-west-1"');
    });
    test('rotation schedules out of range', () => {
      expectError(() => new ManagedSecret(newPlatform(), 's', { rotation: { rotationLambdaArn: LAMBDA, schedule: RotationSchedule.afterDays(0) } }), 'test/s', 'rotation.schedule', '0');
      expectError(() => new ManagedSecret(newPlatform(), 's', { rotation: { rotationLambdaArn: LAMBDA, schedule: RotationSchedule.afterDays(1001) } }), 'test/s', 'rotation.schedule', '1001');
      expectError(() => new ManagedSecret(newPlatform(), 's', { rotation: { rotationLambdaArn: LAMBDA, schedule: RotationSchedule.expression('rate(2 hours)') } }), 'test/s', 'rotation.schedule', '"rate(2 hours)"');
      expectError(() => new ManagedSecret(newPlatform(), 's', { rotation: { rotationLambdaArn: LAMBDA, schedule: RotationSchedule.expression('every day') } }), 'test/s', 'rotation.schedule', '"every day"');
    });
    test('rotation Lambda in another region and recovery window', () => {
      expectError(() => new ManagedSecret(newPlatform(), 's', { rotation: { rotationLambdaArn: 'arn:aws:lambda:us-east-1:111122223333:function:r', schedule: RotationSchedule.afterDays(30) } }),
        'test/s', 'rotation.rotationLambdaArn', '"arn:aws:lambda:us-east-1:111122223333:function:r"');
      expectError(() => new ManagedSecret(newPlatform(), 's', { recoveryWindowInDays: 0 }), 'test/s', 'recoveryWindowInDays', '0');
    });
    test('External Secrets Operator with Pod Identity', () => {
      const platform = newPlatform();
      const orders = new SecureMicroservice(platform, 'orders', { image: image() });
      expectError(() => new ManagedSecret(platform, 's').grantRead(orders, { delivery: SecretDelivery.externalSecrets() }), 'test/s', 'grantRead(options.delivery)', '"EXTERNAL_SECRETS"');
    });
  });
});
