import { defaultDeny, input, k8s, messages } from './fixtures';
import { NO_ALLOW_ALL_NETWORK_RULES } from '../../../../src/policy/rules/cross-cutting/no-allow-all-network-rules';

describe('X-009 no allow-all NetworkPolicy rules', () => {
  test('rules with peers or ports pass', () => {
    expect(messages(NO_ALLOW_ALL_NETWORK_RULES, input([], [defaultDeny('a'), k8s({
      kind: 'NetworkPolicy',
      metadata: { name: 'p', namespace: 'a' },
      spec: {
        podSelector: {}, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'x' } } }] }], egress: [{ ports: [{ port: 443 }] }],
      },
    })]))).toEqual([]);
  });

  test('flags an empty rule', () => {
    expect(messages(NO_ALLOW_ALL_NETWORK_RULES, input([], [k8s({ kind: 'NetworkPolicy', metadata: { name: 'p', namespace: 'a' }, spec: { podSelector: {}, ingress: [{}], egress: [{ to: [] }] } })])))
      .toEqual(['ingress rule 0 allows every peer on every port', 'egress rule 0 allows every peer on every port']);
  });
});
