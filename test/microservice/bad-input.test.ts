import { OptOut, Probe, SecureApp, SecureMicroservice, ServiceMesh } from '../../src';
import { expectConfigError } from '../support/errors';
import { image, newPlatform, objectOf, synth } from '../support/synth';

/** Bad input to a service from TypeScript and plain JavaScript fails at construction, naming the property and the value. */
describe('SecureMicroservice: secrets in the manifest are refused', () => {
  const service = (props: any) => new SecureMicroservice(newPlatform(), 'web', { image: image(), ...props });

  test.each([
    [{ env: { DB_PASSWORD: 'hunter2-but-longer' } }, 'env.DB_PASSWORD'],
    [{ env: { AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' } }, 'env.AWS_SECRET_ACCESS_KEY'],
    [{ env: { CONFIG: 'AKIAIOSFODNN7EXAMPLE' } }, 'env.CONFIG'],
    [{ args: ['--stripe-key=sk_live_4eC39HqLyjWDarjtT1zdp7dc'] }, 'args[0]'],
    [{ command: ['/app', '--password', 'correct-horse-battery'] }, 'command[2]'],
  ])('%j', (props, property) => {
    const error = expectConfigError(() => service(props), { path: 'test/web', property, received: '' });
    expect(error.fix).toContain('ManagedSecret');
    // The secret itself is not repeated in the error.
    const values = [...Object.values((props as any).env ?? {}), ...((props as any).args ?? []), ...((props as any).command ?? [])] as string[];
    for (const v of values.filter(x => x.length > 12)) expect(error.message).not.toContain(v.slice(-12));
  });

  test('ordinary values pass, and a false positive is accepted with a reason that is written into the manifest', () => {
    expect(() => service({ env: { LOG_LEVEL: 'info', DB_PASSWORD_FILE: '/var/run/secrets/db', UPSTREAM: 'https://api.example.com' }, args: ['--port=8443'] })).not.toThrow();
    const platform = newPlatform();
    new SecureMicroservice(platform, 'web', {
      image: image(),
      env: { BUILD_ID: 'Zt9qW3xLp0vR7mK2sB8nY4cE6hJ1uA5d' },
      optOuts: [OptOut.secretValue('build id, not a credential (SEC-9)')],
    });
    const deployment = objectOf(synth(platform.node.root as SecureApp), 'Deployment', 'web');
    expect(deployment.metadata.annotations['opt-out.secure-constructs.io/secret-value']).toBe('build id, not a credential (SEC-9)');
  });
});

describe('SecureMicroservice: plain-JavaScript shapes', () => {
  const service = (props: any) => new SecureMicroservice(newPlatform(), 'web', { image: image(), ...props });

  test('an unknown property name is refused with a suggestion', () => {
    const error = expectConfigError(() => service({ replica: 5 }), { path: 'test/web', property: 'replica', received: 5 });
    expect(error.fix).toContain('replicas');
  });
  test('a string where a list is expected', () => {
    expectConfigError(() => service({ command: 'npm start' }), { path: 'test/web', property: 'command', received: 'npm start' });
  });
  test('a plain object where a Probe is expected', () => {
    const error = expectConfigError(() => service({ readinessProbe: { path: '/healthz' } }), { path: 'test/web', property: 'readinessProbe', received: { path: '/healthz' } });
    expect(error.fix).toContain('Probe.');
  });
  test.each([NaN, Infinity, 8443.5, '8443', null])('port %p', port => {
    expectConfigError(() => service({ port }), { path: 'test/web', property: 'port', received: port });
  });
  test('autoscaling with an unknown key or a NaN bound', () => {
    expectConfigError(() => service({ autoscaling: { maxReplica: 4 } }), { path: 'test/web', property: 'autoscaling.maxReplica', received: 4 });
    expectConfigError(() => service({ autoscaling: { maxReplicas: NaN } }), { path: 'test/web', property: 'autoscaling.maxReplicas', received: NaN });
  });
});

test('in a mesh an HTTP probe speaks HTTP to the container (its sidecar carries mTLS)', () => {
  const platform = newPlatform({ mesh: ServiceMesh.istio() });
  new SecureMicroservice(platform, 'web', { image: image(), readinessProbe: Probe.httpGet('/ready') });
  const deployment = objectOf(synth(platform.node.root as SecureApp), 'Deployment', 'web');
  expect(deployment.spec.template.spec.containers[0].readinessProbe.httpGet).toEqual({ path: '/ready', port: 'http', scheme: 'HTTP' });
});
