import { Construct } from 'constructs';
import { OptOut, Platform, PolicyStatement, Probe, SecureApp, SecureMicroservice, SecureMicroserviceProps } from '../../src';
import { expectConfigError } from '../support/errors';
import { image, newApp, newPlatform, PLATFORM_PROPS } from '../support/synth';

/** Creates service `svc` on a fresh platform `test` with `props` over a valid default. */
function create(props: Partial<SecureMicroserviceProps>, id = 'svc'): SecureMicroservice {
  return new SecureMicroservice(newPlatform(), id, { image: image(), ...props } as SecureMicroserviceProps);
}

const TAG_REASON = 'vendor publishes tags only; SEC-1';

describe('SecureMicroservice rejects bad input with a ConfigurationError', () => {
  describe('image', () => {
    test('a tag without an opt-out', () => {
      const e = expectConfigError(() => create({ image: 'ghcr.io/acme/orders:1.2.3' }), { path: 'test/svc', property: 'image', received: 'ghcr.io/acme/orders:1.2.3' });
      expect(e.fix).toContain('OptOut.unpinnedImage');
    });

    test('a tag is accepted with OptOut.unpinnedImage', () => {
      expect(() => create({ image: 'ghcr.io/acme/orders:1.2.3', optOuts: [OptOut.unpinnedImage(TAG_REASON)] })).not.toThrow();
    });

    test('latest, even with an opt-out', () => {
      expectConfigError(() => create({ image: 'nginx:latest', optOuts: [OptOut.unpinnedImage(TAG_REASON)] }), { path: 'test/svc', property: 'image', received: 'nginx:latest' });
    });

    test('untagged, even with an opt-out', () => {
      expectConfigError(() => create({ image: 'ghcr.io/acme/orders', optOuts: [OptOut.unpinnedImage(TAG_REASON)] }),
        { path: 'test/svc', property: 'image', received: 'ghcr.io/acme/orders' });
    });

    test.each([
      ['too short', `ghcr.io/acme/orders@sha256:${'a'.repeat(63)}`],
      ['upper-case hex', `ghcr.io/acme/orders@sha256:${'A'.repeat(64)}`],
      ['not sha256', `ghcr.io/acme/orders@md5:${'a'.repeat(32)}`],
      ['empty', 'ghcr.io/acme/orders@'],
    ])('a malformed digest (%s)', (_, bad) => {
      expectConfigError(() => create({ image: bad }), { path: 'test/svc', property: 'image', received: bad });
    });

    test('a malformed name, and no image at all', () => {
      expectConfigError(() => create({ image: `GHCR.io/Acme Orders@sha256:${'a'.repeat(64)}` }), { path: 'test/svc', property: 'image', received: `GHCR.io/Acme Orders@sha256:${'a'.repeat(64)}` });
      expectConfigError(() => create({ image: undefined }), { path: 'test/svc', property: 'image', received: undefined });
    });

    test('a tag and a digest together are accepted (the digest pins it)', () => {
      const ref = `ghcr.io/acme/orders:1.2.3@sha256:${'b'.repeat(64)}`;
      expect(create({ image: ref }).node.path).toBe('test/svc');
    });
  });

  test('an opt-out with a short reason', () => {
    expectConfigError(() => create({ image: 'ghcr.io/acme/orders:1.2.3', optOuts: [OptOut.unpinnedImage('because')] }),
      { path: 'test/svc', property: 'optOuts[0].reason', received: 'because' });
  });

  test('an opt-out reason of only spaces', () => {
    expectConfigError(() => create({ replicas: 1, optOuts: [OptOut.singleReplica(' '.repeat(20))] }),
      { path: 'test/svc', property: 'optOuts[0].reason', received: ' '.repeat(20) });
  });

  describe('names', () => {
    test.each(['Orders', 'orders_db', '-orders', 'orders-', 'or ders'])('an invalid namespace %j', (ns) => {
      expectConfigError(() => create({ namespace: ns }), { path: 'test/svc', property: 'namespace', received: ns });
    });

    test('a namespace longer than 63 characters', () => {
      const ns = 'n'.repeat(64);
      expectConfigError(() => create({ namespace: ns }), { path: 'test/svc', property: 'namespace', received: ns });
    });

    test('an invalid service name (from the id)', () => {
      expectConfigError(() => create({}, 'Orders'), { path: 'test/Orders', property: 'id', received: 'Orders' });
    });

    test('an invalid service name (from the name prop): DNS-1035 needs a leading letter', () => {
      const e = expectConfigError(() => create({ name: '1orders' }), { path: 'test/svc', property: 'name', received: '1orders' });
      expect(e.fix).toContain('"orders"');
    });

    test('a service name longer than 63 characters', () => {
      const name = 's'.repeat(64);
      expectConfigError(() => create({ name }), { path: 'test/svc', property: 'name', received: name });
    });

    test('63 characters are accepted', () => {
      expect(create({ name: 's'.repeat(63) }).serviceName).toHaveLength(63);
    });
  });

  test.each([0, 70000, 8443.5, -1])('port %p', (port) => {
    expectConfigError(() => create({ port }), { path: 'test/svc', property: 'port', received: port });
  });

  test('replicas 0', () => {
    expectConfigError(() => create({ replicas: 0 }), { path: 'test/svc', property: 'replicas', received: 0 });
  });

  test('replicas 1 without an opt-out, accepted with OptOut.singleReplica', () => {
    const e = expectConfigError(() => create({ replicas: 1 }), { path: 'test/svc', property: 'replicas', received: 1 });
    expect(e.fix).toContain('OptOut.singleReplica');
    expect(() => create({ replicas: 1, optOuts: [OptOut.singleReplica('batch consumer; tracked in SEC-9')] })).not.toThrow();
  });

  test.each([['runAsUser', 0], ['runAsGroup', 0], ['runAsUser', -5]] as const)('%s %p', (property, value) => {
    expectConfigError(() => create({ [property]: value }), { path: 'test/svc', property, received: value });
  });

  describe('resources', () => {
    test.each([
      ['cpuRequest', 'lots'],
      ['cpuLimit', '1.5Gi'],
      ['memoryRequest', '128MB'],
      ['ephemeralStorageLimit', '-1Gi'],
    ] as const)('%s %p is not a quantity', (key, value) => {
      expectConfigError(() => create({ resources: { [key]: value } }), { path: 'test/svc', property: `resources.${key}`, received: value });
    });

    test.each([
      ['cpuRequest', { cpuRequest: '2', cpuLimit: '500m' }, '2'],
      ['memoryRequest', { memoryRequest: '1Gi', memoryLimit: '512Mi' }, '1Gi'],
      ['ephemeralStorageRequest', { ephemeralStorageRequest: '1G', ephemeralStorageLimit: '512Mi' }, '1G'],
    ] as const)('%s larger than its limit', (key, resources, value) => {
      const e = expectConfigError(() => create({ resources }), { path: 'test/svc', property: `resources.${key}`, received: value });
      expect(e.problem).toContain('larger than the limit');
    });

    test('a request equal to its limit in other units is accepted', () => {
      expect(() => create({ resources: { cpuRequest: '1', cpuLimit: '1000m', memoryRequest: '1Gi', memoryLimit: '1024Mi' } })).not.toThrow();
    });
  });

  test.each([
    ['readinessProbe', 'healthz'],
    ['livenessProbe', '/health z'],
  ] as const)('%s with a bad path %p', (property, path) => {
    expectConfigError(() => create({ [property]: Probe.httpGet(path) }), { path: 'test/svc', property, received: path });
  });

  test('autoscaling with minReplicas below 2', () => {
    expectConfigError(() => create({ autoscaling: { minReplicas: 1, maxReplicas: 5 } }), { path: 'test/svc', property: 'autoscaling.minReplicas', received: 1 });
  });

  test('autoscaling with maxReplicas below minReplicas, and a bad CPU target', () => {
    expectConfigError(() => create({ autoscaling: { minReplicas: 4, maxReplicas: 3 } }), { path: 'test/svc', property: 'autoscaling.maxReplicas', received: 3 });
    expectConfigError(() => create({ autoscaling: { maxReplicas: 3, targetCpuUtilizationPercent: 150 } }),
      { path: 'test/svc', property: 'autoscaling.targetCpuUtilizationPercent', received: 150 });
  });

  test.each(['1BAD', 'BAD-NAME', 'A B'])('an env var named %p', (name) => {
    expectConfigError(() => create({ env: { [name]: 'x' } }), { path: 'test/svc', property: `env.${name}`, received: name });
  });

  test('a wildcard action in a PolicyStatement', () => {
    const svc = create({});
    for (const action of ['s3:*', 's3:Get*', '*']) {
      const e = expectConfigError(() => svc.addToPrincipalPolicy(new PolicyStatement({ actions: [action], resources: ['arn:aws:s3:::b/*'] })),
        { path: 'test/svc', property: 'statement.actions', received: action });
      expect(e.problem).toContain('wildcard');
    }
    expect(svc.roleArn).toBeUndefined();
  });

  test('a statement without actions or resources, or with a malformed action', () => {
    const svc = create({});
    expectConfigError(() => svc.addToPrincipalPolicy(new PolicyStatement({ actions: [], resources: ['arn:aws:s3:::b'] })),
      { path: 'test/svc', property: 'statement.actions', received: [] });
    expectConfigError(() => svc.addToPrincipalPolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [] })),
      { path: 'test/svc', property: 'statement.resources', received: [] });
    expectConfigError(() => svc.addToPrincipalPolicy(new PolicyStatement({ actions: ['GetObject'], resources: ['arn:aws:s3:::b'] })),
      { path: 'test/svc', property: 'statement.actions', received: 'GetObject' });
  });

  test('duplicate services: same name and namespace on one platform', () => {
    const platform = newPlatform();
    new SecureMicroservice(platform, 'orders', { image: image() });
    const e = expectConfigError(() => new SecureMicroservice(platform, 'orders-v2', { image: image(), name: 'orders' }),
      { path: 'test/orders-v2', property: 'name', received: 'orders' });
    expect(e.problem).toContain('test/orders');
  });

  test('the same name in another namespace is not a duplicate', () => {
    const platform = newPlatform();
    new SecureMicroservice(platform, 'orders', { image: image() });
    expect(() => new SecureMicroservice(platform, 'orders-eu', { image: image(), name: 'orders', namespace: 'eu' })).not.toThrow();
  });

  test('a service outside a Platform', () => {
    const app = newApp();
    expectConfigError(() => new SecureMicroservice(app, 'orphan', { image: image() }), { path: 'orphan', property: 'scope', received: '<root>' });
    const group = new Construct(app, 'group');
    expectConfigError(() => new SecureMicroservice(group, 'orphan', { image: image() }), { path: 'group/orphan', property: 'scope', received: 'group' });
  });

  test('a service nested in a construct inside a Platform is accepted and keeps its logical path', () => {
    const platform = new Platform(newApp(), 'test', PLATFORM_PROPS);
    const team = new Construct(platform, 'team-a');
    const svc = new SecureMicroservice(team, 'orders', { image: image() });
    expect(svc.platform).toBe(platform);
    expect(svc.node.path).toBe('test/team-a/orders');
    expect(SecureApp.of(svc)).toBe(platform.node.root);
  });
});

describe('connectTo rejects bad input with a ConfigurationError', () => {
  test('services of different platforms', () => {
    const app = newApp();
    const a = new SecureMicroservice(new Platform(app, 'eu', PLATFORM_PROPS), 'a', { image: image() });
    const b = new SecureMicroservice(new Platform(app, 'us', { ...PLATFORM_PROPS, region: 'us-east-1' }), 'b', { image: image() });
    const e = expectConfigError(() => a.connectTo(b), { path: 'eu/a', property: 'connectTo(target)', received: 'us/b' });
    expect(e.problem).toContain('"us"');
  });

  test('a service to itself', () => {
    const a = create({}, 'a');
    expectConfigError(() => a.connectTo(a), { path: 'test/a', property: 'connectTo(target)', received: 'test/a' });
  });

  test('a target that is not a SecureMicroservice', () => {
    const a = create({}, 'a');
    expectConfigError(() => a.connectTo({ node: { path: 'not-a-service' } } as any), { path: 'test/a', property: 'connectTo(target)', received: 'not-a-service' });
  });

  test.each([0, 70000])('port %p', (port) => {
    const platform = newPlatform();
    const a = new SecureMicroservice(platform, 'a', { image: image() });
    const b = new SecureMicroservice(platform, 'b', { image: image() });
    expectConfigError(() => a.connectTo(b, { port }), { path: 'test/a', property: 'connectTo(options.port)', received: port });
  });
});
