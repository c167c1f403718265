import { Construct } from 'constructs';
import { ConfigurationError } from '../../src/core/errors';
import { serviceLogGroupName } from '../../src/logging/platform-logging';
import { newPlatform } from '../support/synth';

function expectError(f: () => unknown, property: string, value: string, problem: RegExp) {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigurationError);
    const err = e as ConfigurationError;
    expect([err.constructPath, err.property, err.value]).toEqual(['test/orders', property, value]);
    expect(err.problem).toMatch(problem);
    return;
  }
  throw new Error('expected a ConfigurationError');
}

describe('serviceLogGroupName', () => {
  test('derives /secure-constructs/<platform>/<namespace>/<service> by default', () => {
    const platform = newPlatform();
    const svc = new Construct(platform, 'orders');
    expect(serviceLogGroupName(svc, platform, 'logGroupName', undefined, 'shop', 'orders')).toBe('/secure-constructs/test/shop/orders');
  });

  test('keeps a pinned name under the platform prefix, across a rename or namespace move', () => {
    const platform = newPlatform();
    const svc = new Construct(platform, 'orders');
    expect(serviceLogGroupName(svc, platform, 'logGroupName', '/secure-constructs/test/shop/orders', 'checkout', 'checkout')).toBe('/secure-constructs/test/shop/orders');
    // Asking again for the same construct is not a conflict.
    expect(serviceLogGroupName(svc, platform, 'logGroupName', '/secure-constructs/test/shop/orders', 'checkout', 'checkout')).toBe('/secure-constructs/test/shop/orders');
  });

  test.each([
    ['a name outside the platform prefix', '/aws/eks/orders', /admit only log groups under "\/secure-constructs\/test\/"/],
    ['another platform\'s prefix', '/secure-constructs/prod/shop/orders', /admit only log groups/],
    ['the bare prefix', '/secure-constructs/test/', /admit only log groups/],
    ['characters CloudWatch refuses', '/secure-constructs/test/shop/orders!', /not a CloudWatch Logs log group name/],
    ['a name longer than 512 characters', `/secure-constructs/test/${'a'.repeat(500)}`, /not a CloudWatch Logs log group name/],
    ['an empty name', '', /not a CloudWatch Logs log group name/],
    ['a number', 42, /not a CloudWatch Logs log group name/],
  ])('refuses %s', (_what, value, problem) => {
    const platform = newPlatform();
    const svc = new Construct(platform, 'orders');
    expectError(() => serviceLogGroupName(svc, platform, 'logGroupName', value, 'shop', 'orders'), 'logGroupName', JSON.stringify(value), problem);
  });

  test('refuses a name another service of the platform has, pinned or derived', () => {
    const platform = newPlatform();
    const web = new Construct(platform, 'web');
    serviceLogGroupName(web, platform, 'logGroupName', undefined, 'shop', 'web');
    const orders = new Construct(platform, 'orders');
    expectError(() => serviceLogGroupName(orders, platform, 'logGroupName', '/secure-constructs/test/shop/web', 'shop', 'orders'),
      'logGroupName', '"/secure-constructs/test/shop/web"', /test\/web has this log group already/);
    // Another platform may use the same name below its own prefix.
    const other = newPlatform({}, 'other');
    expect(serviceLogGroupName(new Construct(other, 'web'), other, 'logGroupName', undefined, 'shop', 'web')).toBe('/secure-constructs/other/shop/web');
  });
});
