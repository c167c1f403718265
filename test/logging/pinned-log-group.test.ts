import { SecureApp, SecureMicroservice } from '../../src';
import { expectConfigError } from '../support/errors';
import { image, newPlatform, objectOf, resourcesOf, synth } from '../support/synth';

describe('a pinned log group name survives a rename', () => {
  test('the renamed service keeps its old group; its metric filters watch that group; the policy check passes', () => {
    const platform = newPlatform({}, 'prod');
    const svc = new SecureMicroservice(platform, 'orders-v2', { image: image(), namespace: 'shop', logGroupName: '/secure-constructs/prod/shop/orders' });
    expect(svc.logGroupName).toBe('/secure-constructs/prod/shop/orders');
    const out = synth(platform.node.root as SecureApp);
    expect(resourcesOf(out, 'aws_cloudwatch_log_group').map(([, , c]) => c.name)).toContain('/secure-constructs/prod/shop/orders');
    expect(resourcesOf(out, 'aws_cloudwatch_log_group').map(([, , c]) => c.name)).not.toContain('/secure-constructs/prod/shop/orders-v2');
    const filters = resourcesOf(out, 'aws_cloudwatch_log_metric_filter').map(([, , c]) => c.log_group_name);
    expect(filters.length).toBeGreaterThan(0);
    expect(new Set(filters)).toEqual(new Set(['/secure-constructs/prod/shop/orders']));
    expect(objectOf(out, 'Deployment', 'orders-v2', 'shop').metadata.annotations['secure-constructs.io/log-group']).toBe('/secure-constructs/prod/shop/orders');
  });

  test('a pinned name outside the platform prefix, or taken by another service, is refused', () => {
    const platform = newPlatform({}, 'prod');
    expectConfigError(() => new SecureMicroservice(platform, 'a', { image: image(), logGroupName: '/other/a' }), { path: 'prod/a', property: 'logGroupName', received: '/other/a' });
    new SecureMicroservice(platform, 'b', { image: image() });
    expectConfigError(() => new SecureMicroservice(platform, 'c', { image: image(), logGroupName: '/secure-constructs/prod/b/b' }),
      { path: 'prod/c', property: 'logGroupName', received: '/secure-constructs/prod/b/b' });
  });
});
