import { LoadBalancerScheme, MeshDataPlane, SecureApp, SecureMicroservice, ServiceMesh, ServiceTls } from '../../src';
import { expectConfigError } from '../support/errors';
import { validateObjects } from '../support/k8s-schema';
import { image, newPlatform, objectOf, objectsOf, synth, Synthesized } from '../support/synth';

/** web -> orders -> payments, web -> catalog (in namespace storefront); admin is called by no one. */
function build(mesh: ServiceMesh) {
  const platform = newPlatform({ mesh, loadBalancerSourceCidrs: ['10.0.0.0/24'] });
  const svc = (id: string, n: number, namespace?: string) => new SecureMicroservice(platform, id, { image: image(id, n), namespace });
  const web = svc('web', 1);
  const orders = svc('orders', 2);
  const payments = svc('payments', 3);
  const catalog = svc('catalog', 4, 'storefront');
  svc('admin', 5, 'storefront');
  web.connectTo(orders);
  web.connectTo(catalog);
  orders.connectTo(payments);
  orders.connectTo(payments); // idempotent
  return { platform, web, out: synth(platform.node.scope as SecureApp) };
}

const rulesOf = (out: Synthesized, name: string, ns: string) => objectOf(out, 'AuthorizationPolicy', name, ns).spec.rules;

describe('Istio sidecar mode', () => {
  let out: Synthesized;
  beforeAll(() => {
    out = build(ServiceMesh.istio()).out;
  });

  test('every service namespace is enrolled for sidecar injection and has a STRICT PeerAuthentication', () => {
    // The log shipper's namespace stays out of the mesh: the shipper talks only to AWS.
    const all = objectsOf(out, 'Namespace').map(n => n.metadata.name).sort();
    expect(all).toEqual(['logging', 'orders', 'payments', 'storefront', 'web']);
    expect(objectOf(out, 'Namespace', 'logging').metadata.labels['istio-injection']).toBeUndefined();
    expect(objectsOf(out, 'PeerAuthentication', undefined, 'logging')).toEqual([]);
    const namespaces = all.filter(n => n !== 'logging');
    for (const ns of namespaces) {
      expect(objectOf(out, 'Namespace', ns).metadata.labels['istio-injection']).toBe('enabled');
      expect(objectOf(out, 'PeerAuthentication', 'default', ns).spec).toEqual({ mtls: { mode: 'STRICT' } });
    }
    expect(objectsOf(out, 'PeerAuthentication')).toHaveLength(4);
  });

  test('AuthorizationPolicies allow exactly the declared edges, by SPIFFE principal and port', () => {
    expect(rulesOf(out, 'orders', 'orders')).toEqual([
      { from: [{ source: { principals: ['cluster.local/ns/web/sa/web'] } }], to: [{ operation: { ports: ['8443'] } }] },
    ]);
    expect(rulesOf(out, 'payments', 'payments')).toEqual([
      { from: [{ source: { principals: ['cluster.local/ns/orders/sa/orders'] } }], to: [{ operation: { ports: ['8443'] } }] },
    ]);
    expect(rulesOf(out, 'catalog', 'storefront')).toEqual([
      { from: [{ source: { principals: ['cluster.local/ns/web/sa/web'] } }], to: [{ operation: { ports: ['8443'] } }] },
    ]);
    const all = objectsOf(out, 'AuthorizationPolicy');
    expect(all.map(p => p.spec.action)).toEqual(all.map(() => 'ALLOW'));
    // Every policy selects exactly its service's pods.
    for (const p of all) expect(p.spec.selector.matchLabels['app.kubernetes.io/name']).toBe(p.metadata.name);
  });

  test('a service without callers gets an ALLOW policy with no rules: everything is denied', () => {
    for (const [name, ns] of [['web', 'web'], ['admin', 'storefront']]) {
      const policy = objectOf(out, 'AuthorizationPolicy', name, ns);
      expect(policy.spec.action).toBe('ALLOW');
      expect(policy.spec.rules).toBeUndefined();
    }
  });

  test('the same edges drive NetworkPolicies and AuthorizationPolicies', () => {
    for (const p of objectsOf(out, 'AuthorizationPolicy')) {
      const np = objectOf(out, 'NetworkPolicy', p.metadata.name, p.metadata.namespace);
      const fromNp = (np.spec.ingress ?? []).flatMap((r: any) => r.from.map((f: any) =>
        `${f.namespaceSelector.matchLabels['kubernetes.io/metadata.name']}/${f.podSelector.matchLabels['app.kubernetes.io/name']}`)).sort();
      const fromAp = (p.spec.rules ?? []).flatMap((r: any) => r.from[0].source.principals.map((s: string) => s.replace(/^cluster\.local\/ns\/(.*)\/sa\/(.*)$/, '$1/$2'))).sort();
      expect(fromAp).toEqual(fromNp);
    }
  });

  test('services speak HTTP to their sidecar: no certificates, ports named http', () => {
    expect(objectsOf(out, 'Certificate')).toEqual([]);
    expect(objectsOf(out, 'ClusterIssuer')).toEqual([]);
    for (const s of objectsOf(out, 'Service')) expect(s.spec.ports.map((p: any) => [p.name, p.appProtocol])).toEqual([['http', 'http']]);
    const container = objectOf(out, 'Deployment', 'web', 'web').spec.template.spec.containers[0];
    expect(container.env).toBeUndefined();
    expect(container.readinessProbe.tcpSocket.port).toBe('http');
  });

  test('sidecars reach istiod on 15012 and nothing else is added', () => {
    const egress = objectOf(out, 'NetworkPolicy', 'payments', 'payments').spec.egress;
    expect(egress).toEqual([{
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-system' } }, podSelector: { matchLabels: { app: 'istiod' } } }],
      ports: [{ protocol: 'TCP', port: 15012 }],
    }]);
  });

  test('the Istio objects validate strictly against their CRDs', () => {
    expect(validateObjects(out.objects)).toEqual([]);
  });
});

describe('Istio ambient mode', () => {
  let out: Synthesized;
  beforeAll(() => {
    out = build(ServiceMesh.istio({ dataPlane: MeshDataPlane.AMBIENT, trustDomain: 'prod.example.com' })).out;
  });

  test('namespaces are labelled for ambient and principals use the trust domain', () => {
    expect(objectOf(out, 'Namespace', 'web').metadata.labels['istio.io/dataplane-mode']).toBe('ambient');
    expect(objectOf(out, 'Namespace', 'web').metadata.labels['istio-injection']).toBeUndefined();
    expect(rulesOf(out, 'orders', 'orders')[0].from[0].source.principals).toEqual(['prod.example.com/ns/web/sa/web']);
  });

  test('declared flows also open HBONE (15008) between the same pods; no istiod egress', () => {
    const np = objectOf(out, 'NetworkPolicy', 'orders', 'orders').spec;
    expect(np.ingress.map((r: any) => r.ports.map((p: any) => p.port))).toEqual([[8443, 15008]]);
    expect(np.egress.map((r: any) => r.ports.map((p: any) => p.port))).toEqual([[8443, 15008]]);
  });
});

describe('bad input', () => {
  test('a mesh with explicit cert-manager TLS conflicts', () => {
    expectConfigError(() => newPlatform({ mesh: ServiceMesh.istio(), tls: ServiceTls.certManager() }),
      { path: 'test', property: 'tls', received: 'cert-manager' });
  });

  test('a revision with ambient mode', () => {
    expectConfigError(() => newPlatform({ mesh: ServiceMesh.istio({ dataPlane: MeshDataPlane.AMBIENT, revision: 'canary' }) }),
      { path: 'test', property: 'mesh.revision', received: 'canary' });
  });

  test('a bad trust domain', () => {
    expectConfigError(() => newPlatform({ mesh: ServiceMesh.istio({ trustDomain: 'Cluster Local' }) }),
      { path: 'test', property: 'mesh.trustDomain', received: 'Cluster Local' });
  });

  test('exposing a mesh service through the load balancer would leave the last hop without TLS', () => {
    const platform = newPlatform({ mesh: ServiceMesh.istio(), loadBalancerSourceCidrs: ['10.0.0.0/24'] });
    const web = new SecureMicroservice(platform, 'web', { image: image() });
    expectConfigError(() => web.expose({ host: 'shop.example.com', scheme: LoadBalancerScheme.INTERNET_FACING }),
      { path: 'test/web', property: 'expose(options)', received: 'shop.example.com' });
  });
});

test('a sidecar revision labels namespaces istio.io/rev', () => {
  const platform = newPlatform({ mesh: ServiceMesh.istio({ revision: '1-26' }) });
  new SecureMicroservice(platform, 'web', { image: image() });
  const out = synth(platform.node.scope as SecureApp);
  expect(objectOf(out, 'Namespace', 'web').metadata.labels).toMatchObject({ 'istio.io/rev': '1-26' });
  expect(objectOf(out, 'Namespace', 'web').metadata.labels['istio-injection']).toBeUndefined();
});
