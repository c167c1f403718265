import { defaultDeny, deployment, input, k8s, messages } from './fixtures';
import { DEFAULT_DENY_NETWORK_POLICY } from '../../../../src/policy/rules/cross-cutting/default-deny-network-policy';

describe('X-001 default-deny NetworkPolicy', () => {
  test('a workload in a namespace with default-deny passes, also when split in two policies', () => {
    expect(messages(DEFAULT_DENY_NETWORK_POLICY, input([], [defaultDeny('a'), deployment('a', 'a')]))).toEqual([]);
    expect(messages(DEFAULT_DENY_NETWORK_POLICY, input([], [defaultDeny('a', ['Ingress']), defaultDeny('a', ['Egress']), deployment('a', 'a')]))).toEqual([]);
  });

  test('flags missing, one-directional and non-denying policies', () => {
    const allowAll = k8s({ kind: 'NetworkPolicy', metadata: { name: 'all', namespace: 'c' }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [{}], egress: [{}] } });
    expect(messages(DEFAULT_DENY_NETWORK_POLICY, input([], [
      deployment('a', 'a'),
      defaultDeny('b', ['Ingress']), deployment('b', 'b'),
      allowAll, deployment('c', 'c'),
      defaultDeny('other'),
    ]))).toEqual([
      'no default-deny Ingress and Egress NetworkPolicy in namespace "a"',
      'no default-deny Egress NetworkPolicy in namespace "b"',
      'no default-deny Ingress and Egress NetworkPolicy in namespace "c"',
    ]);
  });
});
