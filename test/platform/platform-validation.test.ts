import { EksCluster, ExposureController, Platform, PlatformLogging, PlatformProps, SecureApp, StateBackend, WorkloadIdentity } from '../../src';
import { expectConfigError } from '../support/errors';
import { newApp, newPlatform, PLATFORM_PROPS, synth } from '../support/synth';

const create = (props: any) => new Platform(newApp(), 'test', { ...PLATFORM_PROPS, ...props });

describe('region and partition agree', () => {
  test.each([
    ['cn-north-1', 'aws'],
    ['cn-northwest-1', 'aws-us-gov'],
    ['us-gov-west-1', 'aws-cn'],
    ['us-gov-east-1', 'aws'],
    ['eu-west-1', 'aws-cn'],
    ['us-east-1', 'aws-us-gov'],
    ['us-iso-east-1', 'aws'],
    ['us-isob-east-1', 'aws-iso'],
    ['eusc-de-east-1', 'aws'],
  ])('%s with partition %s is refused', (region, partition) => {
    const e = expectConfigError(() => create({ region, partition }), { path: 'test', property: 'partition', received: partition });
    expect(e.problem).toContain(`region ${region} is in partition`);
  });

  test.each([
    ['cn-north-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
    ['eu-west-1', 'aws'],
    ['us-isob-east-1', 'aws-iso-b'],
  ])('%s with partition %s is accepted', (region, partition) => {
    expect(create({ region, partition }).partition).toBe(partition);
  });

  test('a partition that does not exist', () => {
    expectConfigError(() => create({ partition: 'aws-mars' }), { path: 'test', property: 'partition', received: 'aws-mars' });
  });
});

describe('tags', () => {
  test('valid tags reach the provider default tags after the library\'s', () => {
    const platform = newPlatform({ tags: { 'team:owner': 'payments', 'cost center': 'CC-1234 / shop', 'Name': 'prod @ eu', 'empty': '', 'größe': 'groß' } });
    const provider = synth(SecureApp.of(platform)).terraform.test.provider.aws[0];
    expect(provider.default_tags[0].tags).toEqual({
      'secure-constructs:platform': 'test',
      'managed-by': 'secure-constructs',
      'team:owner': 'payments',
      'cost center': 'CC-1234 / shop',
      'Name': 'prod @ eu',
      'empty': '',
      'größe': 'groß',
    });
  });

  test.each([
    ['an aws: key', { 'aws:createdBy': 'me' }, 'tags', 'aws:createdBy', 'reserved'],
    ['an AWS: key in capitals', { 'AWS:owner': 'me' }, 'tags', 'AWS:owner', 'reserved'],
    ['an aws: value', { owner: 'aws:me' }, 'tags.owner', 'aws:me', 'reserved'],
    ['a key of 129 characters', { ['k'.repeat(129)]: 'v' }, 'tags', 'k'.repeat(129), '1 to 128 characters'],
    ['an empty key', { '': 'v' }, 'tags', '', '1 to 128 characters'],
    ['a value of 257 characters', { owner: 'v'.repeat(257) }, 'tags.owner', 'v'.repeat(257), 'at most 256 characters'],
    ['a key with a forbidden character', { 'team#owner': 'x' }, 'tags', 'team#owner', 'only letters, digits'],
    ['a value with a forbidden character', { owner: 'a,b' }, 'tags.owner', 'a,b', 'only letters, digits'],
    ['a value with a pipe', { owner: 'a|b' }, 'tags.owner', 'a|b', 'only letters, digits'],
    ['a library tag overridden', { 'managed-by': 'terraform' }, 'tags', 'managed-by', 'a tag the library sets'],
    ['a library tag in another case', { 'Secure-Constructs:Platform': 'x' }, 'tags', 'Secure-Constructs:Platform', 'a tag the library sets'],
    ['two keys that differ only in case', { Team: 'a', team: 'b' }, 'tags', 'team', 'only in case'],
    ['a number value (plain JavaScript)', { replicas: 3 }, 'tags.replicas', 3, 'a string is expected'],
    ['a list instead of an object', ['team=payments'], 'tags', ['team=payments'], 'an object is expected'],
  ])('%s', (_label, tags, property, received, problem) => {
    const e = expectConfigError(() => create({ tags }), { path: 'test', property, received });
    expect(e.problem).toContain(problem);
  });

  test('more than 48 user tags (50 with the library\'s two)', () => {
    const tags = Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`k${i}`, 'v']));
    const e = expectConfigError(() => create({ tags }), { path: 'test', property: 'tags', received: '49 tags' });
    expect(e.fix).toContain('at most 48 tags');
    expect(() => create({ tags: Object.fromEntries(Array.from({ length: 48 }, (_, i) => [`k${i}`, 'v'])) })).not.toThrow();
  });
});

describe('CIDRs', () => {
  test.each([
    ['awsEndpointCidrs', ':::::/64'],
    ['awsEndpointCidrs', '10.0.0.256/24'],
    ['awsEndpointCidrs', '10.0.64.5/24'],
    ['awsEndpointCidrs', '::/0'],
    ['loadBalancerSourceCidrs', '0.0.0.0/0'],
    ['loadBalancerSourceCidrs', '2001:db8::/129'],
  ])('%s entry %j is refused', (property, cidr) => {
    expectConfigError(() => create({ [property]: ['10.0.96.0/24', cidr] }), { path: 'test', property: `${property}[1]`, received: cidr });
  });

  test.each([
    ['awsEndpointCidrs', ['0.0.0.0/1', '128.0.0.0/1'], 'every IPv4 address'],
    ['loadBalancerSourceCidrs', ['::/1', '8000::/1'], 'every IPv6 address'],
  ])('%s that together cover everything: %j', (property, cidrs, problem) => {
    const e = expectConfigError(() => create({ [property]: cidrs }), { path: 'test', property, received: cidrs });
    expect(e.problem).toContain(problem);
  });

  test('a string where a list is expected', () => {
    const e = expectConfigError(() => create({ awsEndpointCidrs: '10.0.96.0/24' }), { path: 'test', property: 'awsEndpointCidrs', received: '10.0.96.0/24' });
    expect(e.fix).toContain('["10.0.96.0/24"]');
  });

  test('valid IPv4 and IPv6 ranges are kept as given', () => {
    expect(create({ awsEndpointCidrs: ['10.0.96.0/24', '2001:db8:1::/64'] }).awsEndpointCidrs).toEqual(['10.0.96.0/24', '2001:db8:1::/64']);
  });
});

describe('plain-JavaScript props', () => {
  test.each([
    ['an unknown property', { regoin: 'eu-west-1' }, 'regoin', 'eu-west-1', 'did you mean "region"?'],
    ['a misspelt list', { awsEndpointCidr: ['10.0.96.0/24'] }, 'awsEndpointCidr', ['10.0.96.0/24'], 'did you mean "awsEndpointCidrs"?'],
    ['null', { keyArn: null }, 'keyArn', null, 'null is not accepted'],
    ['an account as a number', { account: 111122223333 }, 'account', 111122223333, 'a string is expected'],
    ['a plain object for a class', { logging: { enabled: false } }, 'logging', { enabled: false }, 'a plain object is not a PlatformLogging'],
    ['a plain object for the workload identity', { workloadIdentity: { mode: 'IRSA' } }, 'workloadIdentity', { mode: 'IRSA' }, 'a plain object is not a WorkloadIdentity'],
    ['a string for the state backend', { stateBackend: 's3' }, 'stateBackend', 's3', 'not a StateBackend'],
    ['a string for the cluster', { cluster: 'prod-eks' }, 'cluster', 'prod-eks', 'an object is expected'],
  ])('%s', (_label, props, property, received, problem) => {
    const e = expectConfigError(() => create(props), { path: 'test', property, received });
    expect(e.problem).toContain(problem);
  });

  test('the fix of a class property names its factories', () => {
    expect(() => create({ logging: { enabled: false } })).toThrow('PlatformLogging.cloudWatch(...) or PlatformLogging.disabled(...)');
    expect(() => create({ exposure: {} })).toThrow('ExposureController.awsLoadBalancer(...)');
  });

  test('typed props pass', () => {
    const props: PlatformProps = {
      ...PLATFORM_PROPS,
      workloadIdentity: WorkloadIdentity.podIdentity(),
      stateBackend: StateBackend.local(),
      exposure: ExposureController.awsLoadBalancer(),
      logging: PlatformLogging.cloudWatch(),
      cluster: EksCluster.fromAttributes({ clusterName: 'prod-eks' }),
    };
    expect(() => new Platform(newApp(), 'test', props)).not.toThrow();
  });
});
