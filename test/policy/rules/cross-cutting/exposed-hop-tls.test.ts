import { input, k8s, messages } from './fixtures';
import { EXPOSED_HOP_TLS } from '../../../../src/policy/rules/cross-cutting/exposed-hop-tls';

const service = (ns: string, annotations: any = {}) => k8s({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: ns, annotations },
  spec: { selector: { app: 'web' }, ports: [{ name: 'https', port: 8443, appProtocol: 'https' }] },
});
const route = (ns: string) => k8s({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: { name: 'web', namespace: ns },
  spec: { parentRefs: [{ name: 'gw' }], rules: [{ backendRefs: [{ name: 'web', port: 8443 }] }] },
});
const backendTls = (ns: string, targetRef: any = { group: '', kind: 'Service', name: 'web', sectionName: 'https' }, validation: any = { caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'ca' }], hostname: 'web.a.svc' }) => k8s({
  apiVersion: 'gateway.networking.k8s.io/v1', kind: 'BackendTLSPolicy', metadata: { name: 'web', namespace: ns }, spec: { targetRefs: [targetRef], validation },
});
const ingress = (ns: string, annotations: any = {}) => k8s({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name: 'web', namespace: ns, annotations },
  spec: { rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'https' } } } }] } }] },
});
const strict = (ns: string) => k8s({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: ns }, spec: { mtls: { mode: 'STRICT' } } });

describe('X-011 every exposed hop to the pods is TLS', () => {
  test('HTTPRoute backends with a verifying BackendTLSPolicy, or under STRICT mTLS, pass', () => {
    expect(messages(EXPOSED_HOP_TLS, input([], [
      service('a'), route('a'), backendTls('a'),
      service('b'), route('b'), backendTls('b', { group: '', kind: 'Service', name: 'web' }, { wellKnownCACertificates: 'System', hostname: 'web.b.svc' }),
      service('c'), route('c'), strict('c'),
    ]))).toEqual([]);
  });

  test('an HTTPRoute to a TLS pod without BackendTLSPolicy is flagged (the gateway speaks plain HTTP to it)', () => {
    const msg = 'backend Service a/web port 8443 has no BackendTLSPolicy verifying its certificate and is not under a STRICT PeerAuthentication: the gateway-to-pod hop is not TLS';
    expect(messages(EXPOSED_HOP_TLS, input([], [service('a'), route('a')]))).toEqual([msg]);
    // A policy for another Service, another port, another namespace, or one that verifies nothing does not count.
    expect(messages(EXPOSED_HOP_TLS, input([], [service('a'), route('a'), backendTls('a', { group: '', kind: 'Service', name: 'api' })]))).toEqual([msg]);
    expect(messages(EXPOSED_HOP_TLS, input([], [service('a'), route('a'), backendTls('a', { group: '', kind: 'Service', name: 'web', sectionName: 'metrics' })]))).toEqual([msg]);
    expect(messages(EXPOSED_HOP_TLS, input([], [service('a'), route('a'), backendTls('b')]))).toEqual([msg]);
    expect(messages(EXPOSED_HOP_TLS, input([], [service('a'), route('a'), backendTls('a', undefined, { hostname: 'web.a.svc' })]))).toEqual([msg]);
  });

  test('Ingress backends need an HTTPS backend protocol or STRICT mTLS', () => {
    expect(messages(EXPOSED_HOP_TLS, input([], [
      service('a'), ingress('a', { 'alb.ingress.kubernetes.io/backend-protocol': 'HTTPS' }),
      service('b', { 'alb.ingress.kubernetes.io/backend-protocol': 'HTTPS' }), ingress('b'),
      service('c'), ingress('c', { 'nginx.ingress.kubernetes.io/backend-protocol': 'GRPCS' }),
      service('d'), ingress('d'), strict('d'),
    ]))).toEqual([]);
    expect(messages(EXPOSED_HOP_TLS, input([], [service('a'), ingress('a', { 'alb.ingress.kubernetes.io/backend-protocol': 'HTTP' })])))
      .toEqual(['backend Service a/web is spoken to without TLS (no HTTPS backend-protocol annotation) and is not under a STRICT PeerAuthentication']);
  });
});
