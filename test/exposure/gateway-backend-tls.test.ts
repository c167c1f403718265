import { ExposureController, IssuerRef, MeshDataPlane, SecureApp, SecureMicroservice, ServiceMesh, ServiceTls } from '../../src';
import { expectConfigError } from '../support/errors';
import { validateObjects } from '../support/k8s-schema';
import { image, newPlatform, objectOf, objectsOf, synth } from '../support/synth';

describe('Gateway API: the gateway-to-pod hop is TLS, verified against the platform CA', () => {
  const platform = newPlatform({ exposure: ExposureController.gatewayApi({ gatewayClassName: 'eg', internetFacing: false }) });
  const web = new SecureMicroservice(platform, 'web', { image: image('web') });
  const admin = new SecureMicroservice(platform, 'admin', { image: image('admin', 1), namespace: 'ops' });
  web.expose({ host: 'shop.example.com' });
  admin.expose({ host: 'admin.example.com' });
  const out = synth(platform.node.root as SecureApp);

  test('a BackendTLSPolicy per exposed service: its HTTPS port, the platform CA bundle, its DNS name', () => {
    expect(objectsOf(out, 'BackendTLSPolicy')).toHaveLength(2);
    const policy = objectOf(out, 'BackendTLSPolicy', 'web', 'web');
    expect(policy.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(policy.metadata.annotations['secure-constructs.io/construct-path']).toBe('test/web');
    expect(policy.spec).toEqual({
      targetRefs: [{ group: '', kind: 'Service', name: 'web', sectionName: 'https' }],
      validation: { caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'test-ca' }], hostname: 'web.web.svc' },
    });
    // The hostname the gateway expects is one of the names the service's certificate holds.
    expect(objectOf(out, 'Certificate', 'web', 'web').spec.dnsNames).toContain(policy.spec.validation.hostname);
    expect(objectOf(out, 'BackendTLSPolicy', 'admin', 'ops').spec.validation.hostname).toBe('admin.ops.svc');
  });

  test("one trust-manager Bundle copies the CA certificate (never a key) into the platform's namespaces", () => {
    const [bundle] = objectsOf(out, 'Bundle');
    expect(objectsOf(out, 'Bundle')).toHaveLength(1);
    expect(bundle).toMatchObject({ apiVersion: 'trust.cert-manager.io/v1alpha1', metadata: { name: 'test-ca' } });
    expect(bundle.metadata.namespace).toBeUndefined();
    expect(bundle.spec).toEqual({
      sources: [{ secret: { name: 'test-ca', key: 'ca.crt' } }],
      target: {
        configMap: { key: 'ca.crt' },
        namespaceSelector: { matchLabels: { 'app.kubernetes.io/managed-by': 'secure-constructs', 'app.kubernetes.io/part-of': 'test' } },
      },
    });
    // The namespaces of the exposed services carry those labels.
    for (const ns of ['web', 'ops']) expect(objectOf(out, 'Namespace', ns).metadata.labels).toMatchObject(bundle.spec.target.namespaceSelector.matchLabels);
  });

  test('the objects are valid against the vendored CRDs', () => {
    expect(validateObjects(out.objects.filter(o => ['BackendTLSPolicy', 'Bundle'].includes(o.kind)))).toEqual([]);
  });

  test('with a CA bundle of its own no Bundle is written', () => {
    const p = newPlatform({ exposure: ExposureController.gatewayApi({ gatewayClassName: 'eg', backendCaBundle: 'corp-ca', internetFacing: false }) });
    new SecureMicroservice(p, 'web', { image: image('web') }).expose({ host: 'shop.example.com' });
    const o = synth(p.node.root as SecureApp);
    expect(objectsOf(o, 'Bundle')).toEqual([]);
    expect(objectOf(o, 'BackendTLSPolicy', 'web').spec.validation.caCertificateRefs).toEqual([{ group: '', kind: 'ConfigMap', name: 'corp-ca' }]);
  });

  test("a platform issuer of the user's own needs the bundle named: the library does not know its CA", () => {
    expectConfigError(() => newPlatform({
      tls: ServiceTls.certManager({ issuer: IssuerRef.clusterIssuer('corp-ca') }),
      exposure: ExposureController.gatewayApi({ gatewayClassName: 'eg', internetFacing: false }),
    }), { path: 'test', property: 'exposure.backendCaBundle', received: undefined });
  });
});

describe('mesh exposure through the mesh gateway (Istio)', () => {
  function build(dataPlane?: MeshDataPlane) {
    const platform = newPlatform({
      mesh: ServiceMesh.istio({ dataPlane }),
      exposure: ExposureController.gatewayApi({ gatewayClassName: 'istio', createNamespace: true, issuer: IssuerRef.clusterIssuer('letsencrypt'), internetFacing: false }),
    });
    const web = new SecureMicroservice(platform, 'web', { image: image('web') });
    const api = new SecureMicroservice(platform, 'api', { image: image('api', 1) });
    web.connectTo(api);
    const endpoint = web.expose({ host: 'shop.example.com' });
    return { endpoint, out: synth(platform.node.root as SecureApp) };
  }

  test('an HTTPS-only listener with a certificate from the issuer, and a route to the service port', () => {
    const { out, endpoint } = build();
    expect(endpoint.url).toBe('https://shop.example.com/');
    const gateway = objectOf(out, 'Gateway', 'test', 'gateway');
    expect(gateway.spec.gatewayClassName).toBe('istio');
    expect(gateway.spec.listeners.map((l: any) => [l.protocol, l.port])).toEqual([['HTTPS', 443]]);
    expect(objectOf(out, 'Certificate', 'shop-example-com', 'gateway').spec.issuerRef).toEqual({ group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'letsencrypt' });
    expect(objectOf(out, 'HTTPRoute', 'web', 'web').spec.rules[0].backendRefs).toEqual([{ group: '', kind: 'Service', name: 'web', port: 8443 }]);
    // The mesh carries the hop with mTLS: no TLS inside it.
    expect(objectsOf(out, 'BackendTLSPolicy')).toEqual([]);
  });

  test("the exposed service's AuthorizationPolicy admits the gateway's identity, and only the exposed service's does", () => {
    const { out } = build();
    const rules = objectOf(out, 'AuthorizationPolicy', 'web', 'web').spec.rules;
    expect(rules).toEqual([{ from: [{ source: { principals: ['cluster.local/ns/gateway/sa/test-istio'] } }], to: [{ operation: { ports: ['8443'] } }] }]);
    const apiPrincipals = objectOf(out, 'AuthorizationPolicy', 'api', 'api').spec.rules.flatMap((r: any) => r.from[0].source.principals);
    expect(apiPrincipals).toEqual(['cluster.local/ns/web/sa/web']);
  });

  test("the gateway pods' NetworkPolicy: clients on 443, egress to the exposed pods and istiod", () => {
    const { out } = build();
    const policy = objectOf(out, 'NetworkPolicy', 'test-proxy', 'gateway');
    expect(policy.spec.ingress).toEqual([{ ports: [{ port: 443, protocol: 'TCP' }] }]);
    expect(policy.spec.egress).toEqual([
      { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'web' } }, podSelector: { matchLabels: expect.objectContaining({ 'app.kubernetes.io/name': 'web' }) } }], ports: [{ port: 8443, protocol: 'TCP' }] },
      { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-system' } }, podSelector: { matchLabels: { app: 'istiod' } } }], ports: [{ port: 15012, protocol: 'TCP' }] },
    ]);
  });

  test('ambient: the gateway reaches the services over HBONE too', () => {
    const { out } = build(MeshDataPlane.AMBIENT);
    const egress = objectOf(out, 'NetworkPolicy', 'test-proxy', 'gateway').spec.egress;
    expect(egress[0].ports).toEqual([{ port: 8443, protocol: 'TCP' }, { port: 15008, protocol: 'TCP' }]);
  });

  test('the load balancer is still refused in mesh mode, pointing to the mesh gateway', () => {
    const platform = newPlatform({ mesh: ServiceMesh.istio(), loadBalancerSourceCidrs: ['10.0.0.0/24'] });
    const web = new SecureMicroservice(platform, 'web', { image: image('web') });
    expectConfigError(() => web.expose({ host: 'shop.example.com' }), { path: 'test/web', property: 'expose(options)', received: 'shop.example.com' });
  });
});
