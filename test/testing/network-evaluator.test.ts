import { evaluateTraffic } from '../../src/testing/network-evaluator';

const ns = (name: string, labels: { [k: string]: string } = {}) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
const deny = (namespace: string) => ({ kind: 'NetworkPolicy', metadata: { name: 'default-deny', namespace }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } });
const policy = (name: string, namespace: string, spec: any) => ({ kind: 'NetworkPolicy', metadata: { name, namespace }, spec });
const deployment = (name: string, namespace: string, ports: any[]) => ({
  kind: 'Deployment',
  metadata: { name, namespace },
  spec: { template: { metadata: { labels: { app: name, tier: 'x' } }, spec: { containers: [{ name, ports }] } } },
});

const a = { namespace: 'a', labels: { app: 'a', tier: 'x' } };
const b = { namespace: 'b', labels: { app: 'b', tier: 'x' } };

describe('evaluateTraffic', () => {
  test('without policies everything flows', () => {
    expect(evaluateTraffic([], a, b, 80).allowed).toBe(true);
  });

  test('default deny on either side blocks', () => {
    expect(evaluateTraffic([deny('a')], a, b, 80)).toMatchObject({ allowed: false, egress: { allowed: false }, ingress: { allowed: true } });
    expect(evaluateTraffic([deny('b')], a, b, 80)).toMatchObject({ allowed: false, egress: { allowed: true }, ingress: { allowed: false } });
  });

  const objects = [
    ns('a', { team: 'shop' }), ns('b'), deny('a'), deny('b'), deployment('b', 'b', [{ name: 'https', containerPort: 8443 }]),
    policy('a-out', 'a', {
      podSelector: { matchLabels: { app: 'a' } },
      policyTypes: ['Egress'],
      egress: [
        { to: [{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['b'] }] }, podSelector: { matchExpressions: [{ key: 'app', operator: 'Exists' }, { key: 'legacy', operator: 'DoesNotExist' }] } }], ports: [{ port: 'https' }] },
        { to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 9000, endPort: 9100 }] },
      ],
    }),
    policy('b-in', 'b', {
      podSelector: { matchLabels: { app: 'b' } },
      policyTypes: ['Ingress'],
      ingress: [
        { from: [{ namespaceSelector: { matchLabels: { team: 'shop' } }, podSelector: { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['evil'] }] } }], ports: [{ protocol: 'TCP', port: 8443 }] },
        { from: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: 'a' } } }], ports: [{ port: 9050 }] },
      ],
    }),
  ];

  test('named ports resolve through the target containers; selectors with expressions match', () => {
    expect(evaluateTraffic(objects, a, b, 8443)).toMatchObject({ allowed: true, egress: { allowingPolicies: ['a/a-out'] }, ingress: { allowingPolicies: ['b/b-in'] } });
  });

  test('a port the named port does not resolve to is denied', () => {
    expect(evaluateTraffic(objects, a, b, 8080).allowed).toBe(false);
  });

  test('ipBlock peers never match pods, even within the port range', () => {
    expect(evaluateTraffic(objects, a, b, 9050)).toMatchObject({ allowed: false, egress: { allowed: false }, ingress: { allowed: true } });
  });

  test('NotIn and namespace labels exclude peers', () => {
    const evil = { namespace: 'a', labels: { app: 'evil' } };
    expect(evaluateTraffic([...objects, policy('evil-out', 'a', { podSelector: {}, policyTypes: ['Egress'], egress: [{}] })], evil, b, 8443).ingress.allowed).toBe(false);
    const other = { namespace: 'c', labels: { app: 'a', tier: 'x' } };
    expect(evaluateTraffic(objects, other, b, 8443).ingress.allowed).toBe(false);
  });

  test('UDP needs a UDP port rule', () => {
    expect(evaluateTraffic(objects, a, b, 8443, 'UDP').allowed).toBe(false);
  });

  test('a peer without namespaceSelector means the policy namespace', () => {
    const local = [deny('b'), policy('in', 'b', { podSelector: {}, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'a' } } }] }] })];
    expect(evaluateTraffic(local, { namespace: 'b', labels: { app: 'a' } }, b, 1).ingress.allowed).toBe(true);
    expect(evaluateTraffic(local, a, b, 1).ingress.allowed).toBe(false);
  });
});
