import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildMeshShop } from '../../examples/mesh/app';
import { MeshDataPlane } from '../../src';
import { validateObjects } from '../support/k8s-schema';
import { objectOf, objectsOf, resourcesOf, synth, Synthesized } from '../support/synth';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'secure-constructs-mesh-'));

describe('the mesh example', () => {
  let out: Synthesized;
  beforeAll(() => {
    out = synth(buildMeshShop(tmp()));
  });

  test("AuthorizationPolicies allow exactly the three declared edges, the gateway's call to the exposed catalogue (and the Prometheus scrape)", () => {
    const edges = objectsOf(out, 'AuthorizationPolicy').flatMap(p => (p.spec.rules ?? []).filter((r: any) => !r.to[0].operation.paths?.includes('/metrics')).flatMap((r: any) =>
      r.from[0].source.principals.map((s: string) => `${s.split('/').pop()} -> ${p.metadata.name}:${r.to[0].operation.ports.join(',')}`))).sort();
    expect(edges).toEqual(['mesh-istio -> catalog:8080', 'orders -> catalog:8080', 'orders -> payments:8080', 'reports -> orders:8080']);
    expect(objectOf(out, 'AuthorizationPolicy', 'reports', 'storefront').spec.rules.map((r: any) => r.to[0].operation.paths)).toEqual([['/metrics']]);
  });

  test('every Service port is protected by a STRICT PeerAuthentication in its namespace', () => {
    for (const s of objectsOf(out, 'Service')) {
      expect(objectOf(out, 'PeerAuthentication', 'default', s.metadata.namespace).spec.mtls.mode).toBe('STRICT');
    }
  });

  test('logs still go to their own groups', () => {
    expect(resourcesOf(out, 'aws_cloudwatch_log_group').map(([, , c]) => [c.name, c.retention_in_days]).sort()).toEqual([
      ['/secure-constructs/mesh/orders/orders', 30], ['/secure-constructs/mesh/payments/payments', 30],
      ['/secure-constructs/mesh/storefront/catalog', 30], ['/secure-constructs/mesh/storefront/reports', 30],
    ]);
  });

  test('Prometheus watches every service: a ServiceMonitor over Istio mTLS, a PrometheusRule with the mesh alerts, its identity admitted on GET /metrics', () => {
    const services = objectsOf(out, 'Service').map(s => `${s.metadata.namespace}/${s.metadata.name}`).sort();
    expect(objectsOf(out, 'ServiceMonitor').map(m => `${m.metadata.namespace}/${m.metadata.name}`).sort()).toEqual(services);
    expect(objectsOf(out, 'PrometheusRule').map(m => `${m.metadata.namespace}/${m.metadata.name}`).sort()).toEqual(services);
    for (const m of objectsOf(out, 'ServiceMonitor')) expect(m.spec.endpoints[0]).toMatchObject({ scheme: 'https', tlsConfig: { certFile: '/etc/prom-certs/cert-chain.pem' } });
    for (const r of objectsOf(out, 'PrometheusRule')) expect(r.spec.groups[0].rules.map((x: any) => x.alert)).toContain('MeshAuthorizationDenials');
    const edges = objectsOf(out, 'AuthorizationPolicy').flatMap(p => (p.spec.rules ?? []).filter((r: any) =>
      r.from[0].source.principals.includes('cluster.local/ns/monitoring/sa/kube-prometheus-stack-prometheus')).map((r: any) => `${p.metadata.namespace}/${p.metadata.name} ${r.to[0].operation.methods} ${r.to[0].operation.paths}`));
    expect(edges.sort()).toEqual(services.map(s => `${s} GET /metrics`));
  });

  test('validates strictly and passes the policy check (synth would throw otherwise)', () => {
    expect(validateObjects(out.objects)).toEqual([]);
  });

  test("the catalogue's route records why anyone may call it", () => {
    expect(objectOf(out, 'HTTPRoute', 'catalog', 'storefront').metadata.annotations['opt-out.secure-constructs.io/edge-authentication'])
      .toBe('public product catalogue, no personal data');
  });

  test('snapshot: the Kubernetes YAML', () => {
    expect(fs.readFileSync(path.join(out.outdir, 'kubernetes', 'mesh.k8s.yaml'), 'utf8')).toMatchSnapshot();
  });

  test('ambient mode synthesizes and passes the policy check too', () => {
    const ambient = synth(buildMeshShop(tmp(), MeshDataPlane.AMBIENT));
    expect(objectOf(ambient, 'Namespace', 'orders').metadata.labels['istio.io/dataplane-mode']).toBe('ambient');
  });
});
