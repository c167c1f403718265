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

  const policy = (egress: any[]) => k8s({ kind: 'NetworkPolicy', metadata: { name: 'p', namespace: 'a' }, spec: { podSelector: {}, policyTypes: ['Egress'], egress } });

  test('an error, not a warning: it opens the pods whatever else the policies say', () => {
    expect(NO_ALLOW_ALL_NETWORK_RULES.severity).toBe('error');
  });

  test('flags ranges that cover every address with no port, alone or together', () => {
    expect(messages(NO_ALLOW_ALL_NETWORK_RULES, input([], [policy([
      { to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] },
      { to: [{ ipBlock: { cidr: '::/0' } }] },
      { to: [{ ipBlock: { cidr: '0.0.0.0/1' } }, { ipBlock: { cidr: '128.0.0.0/1' } }] },
    ])]))).toEqual([0, 1, 2].map(i => `egress rule ${i} allows every peer on every port`));
  });

  test('flags a port entry without a port number (every port of its protocol)', () => {
    expect(messages(NO_ALLOW_ALL_NETWORK_RULES, input([], [policy([{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ protocol: 'TCP' }] }])])))
      .toEqual(['egress rule 0 allows every peer on every port']);
  });

  test('the same ranges on a port, with an exception carved out, or a narrower range pass', () => {
    expect(messages(NO_ALLOW_ALL_NETWORK_RULES, input([], [policy([
      { to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 443, protocol: 'TCP' }] },
      { to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }] },
      { to: [{ ipBlock: { cidr: '0.0.0.0/1' } }] },
    ])]))).toEqual([]);
  });
});
