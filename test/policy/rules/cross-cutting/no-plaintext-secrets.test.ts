import { input, k8s, messages } from './fixtures';
import { NO_PLAINTEXT_SECRETS } from '../../../../src/policy/rules/cross-cutting/no-plaintext-secrets';

describe('X-006 no plaintext Secrets', () => {
  test('a Secret without data (e.g. filled by a controller) passes', () => {
    expect(messages(NO_PLAINTEXT_SECRETS, input([], [k8s({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'a' }, type: 'kubernetes.io/service-account-token' })]))).toEqual([]);
  });

  test('flags data and stringData', () => {
    expect(messages(NO_PLAINTEXT_SECRETS, input([], [k8s({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'a' }, data: { password: 'aHVudGVyMg==' }, stringData: { token: 'x' } })])))
      .toEqual(['holds secret values in data and stringData (password, token)']);
  });
});
