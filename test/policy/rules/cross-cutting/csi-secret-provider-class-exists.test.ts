import { csiWorkload, input, messages, providerClass } from './fixtures';
import { CSI_SECRET_PROVIDER_CLASS_EXISTS } from '../../../../src/policy/rules/cross-cutting/csi-secret-provider-class-exists';

describe('X-004 SecretProviderClass exists', () => {
  test('a matching class in the namespace passes', () => {
    expect(messages(CSI_SECRET_PROVIDER_CLASS_EXISTS, input([], [csiWorkload('orders', 'orders', 'orders-db'), providerClass('orders-db', 'orders')]))).toEqual([]);
  });

  test('flags a class in another namespace or none at all', () => {
    expect(messages(CSI_SECRET_PROVIDER_CLASS_EXISTS, input([], [
      csiWorkload('orders', 'orders', 'orders-db'), providerClass('orders-db', 'web'), csiWorkload('web', 'web'),
    ]))).toEqual([
      'volume "secrets" uses SecretProviderClass "orders-db", which namespace "orders" does not define',
      'volume "secrets" names no secretProviderClass',
    ]);
  });
});
