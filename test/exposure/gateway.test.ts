import { EdgeAuthentication, ExposureController, GatewayApiOptions, IssuerRef, LoadBalancerScheme, SecureApp, SecureMicroservice, ServiceMesh, ServiceTls } from '../../src';
import { expectConfigError } from '../support/errors';
import { validateObjects } from '../support/k8s-schema';
import { image, newPlatform, objectOf, objectsOf, resourcesOf, synth, Synthesized } from '../support/synth';

const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';
const NS_LABEL = 'kubernetes.io/metadata.name';

function build(options: Partial<GatewayApiOptions> = {}) {
  const platform = newPlatform({ exposure: ExposureController.gatewayApi({ gatewayClassName: 'eg', ...options }) });
  const web = new SecureMicroservice(platform, 'web', { image: image('web', 1) });
  const admin = new SecureMicroservice(platform, 'admin', { image: image('admin', 2), port: 9443 });
  const orders = new SecureMicroservice(platform, 'orders', { image: image('orders', 3) });
  web.connectTo(orders);
  const endpoint = web.expose({
    host: 'shop.example.com',
    authentication: EdgeAuthentication.jwt({ issuer: 'https://login.example.com', jwksUri: 'https://login.example.com/jwks.json', audiences: ['shop'] }),
  });
  const adminEndpoint = admin.expose({ host: 'admin.example.com', authentication: EdgeAuthentication.anonymous('public status page of the shop') });
  const app = platform.node.scope as SecureApp;
  return { app, endpoint, adminEndpoint, out: synth(app) };
}

describe('Gateway API exposure of two services on a shared Gateway', () => {
  let out: Synthesized;
  let app: SecureApp;
  let endpoint: ReturnType<typeof build>['endpoint'];
  beforeAll(() => {
    ({ out, app, endpoint } = build({
      createNamespace: true,
      issuer: IssuerRef.clusterIssuer('letsencrypt'),
      proxyControlPlane: { namespace: 'envoy-gateway-system', podLabels: { 'app.kubernetes.io/name': 'envoy-gateway' }, port: 18000 },
      proxyPorts: [10443],
      identityProviderCidrs: ['203.0.113.0/24'],
    }));
  });

  test('one Gateway with only HTTPS listeners on 443, one per host, each admitting routes from its service namespace only', () => {
    const [gateway] = objectsOf(out, 'Gateway');
    expect(objectsOf(out, 'Gateway')).toHaveLength(1);
    expect(gateway.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(gateway.metadata).toMatchObject({ name: 'test', namespace: 'gateway' });
    expect(gateway.spec.gatewayClassName).toBe('eg');
    expect(gateway.spec.listeners).toEqual([
      ['shop-example-com', 'shop.example.com', 'web'],
      ['admin-example-com', 'admin.example.com', 'admin'],
    ].map(([name, hostname, ns]) => ({
      name,
      hostname,
      port: 443,
      protocol: 'HTTPS',
      tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: `${name}-tls` }] },
      allowedRoutes: {
        namespaces: { from: 'Selector', selector: { matchLabels: { [NS_LABEL]: ns } } },
        kinds: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }],
      },
    })));
    for (const l of gateway.spec.listeners) expect(l.protocol).not.toBe('HTTP');
  });

  test('a cert-manager Certificate for exactly the host, in the Gateway namespace, from the given issuer', () => {
    const cert = objectOf(out, 'Certificate', 'shop-example-com', 'gateway');
    expect(cert.spec).toMatchObject({
      secretName: 'shop-example-com-tls',
      dnsNames: ['shop.example.com'],
      privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
      usages: ['server auth', 'digital signature'],
      issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'letsencrypt' },
    });
    expect(endpoint).toEqual({ host: 'shop.example.com', url: 'https://shop.example.com/', certificateSecretName: 'shop-example-com-tls' });
  });

  test("an HTTPRoute in the service's namespace from its listener to the service port", () => {
    const route = objectOf(out, 'HTTPRoute', 'web', 'web');
    expect(route.spec).toEqual({
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'gateway', name: 'test', sectionName: 'shop-example-com' }],
      hostnames: ['shop.example.com'],
      rules: [{
        matches: [{ path: { type: 'PathPrefix', value: '/' } }],
        backendRefs: [{ group: '', kind: 'Service', name: 'web', port: 8443 }],
      }],
    });
    expect(objectOf(out, 'HTTPRoute', 'admin', 'admin').spec.rules[0].backendRefs[0].port).toBe(9443);
  });

  test('no Ingress and no ACM certificate', () => {
    expect(objectsOf(out, 'Ingress')).toEqual([]);
    expect(resourcesOf(out, 'aws_acm_certificate')).toEqual([]);
  });

  test("the service's NetworkPolicy admits the gateway's proxy pods on its port, and no IP range", () => {
    const ingress = objectOf(out, 'NetworkPolicy', 'web', 'web').spec.ingress;
    expect(ingress).toEqual([{
      from: [{ namespaceSelector: { matchLabels: { [NS_LABEL]: 'gateway' } }, podSelector: { matchLabels: { [GATEWAY_NAME_LABEL]: 'test' } } }],
      ports: [{ protocol: 'TCP', port: 8443 }],
    }]);
    // orders is not exposed: only web may call it.
    expect(objectOf(out, 'NetworkPolicy', 'orders', 'orders').spec.ingress).toHaveLength(1);
    expect(JSON.stringify(objectOf(out, 'NetworkPolicy', 'orders', 'orders').spec.ingress)).not.toContain('gateway');
  });

  test('the created Gateway namespace is restricted and default-deny; the proxies reach only the exposed services, their control plane and the identity provider', () => {
    const ns = objectOf(out, 'Namespace', 'gateway');
    expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(objectOf(out, 'NetworkPolicy', 'default-deny', 'gateway').spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    const proxy = objectOf(out, 'NetworkPolicy', 'test-proxy', 'gateway').spec;
    expect(proxy.podSelector).toEqual({ matchLabels: { [GATEWAY_NAME_LABEL]: 'test' } });
    expect(proxy.ingress).toEqual([{ ports: [{ protocol: 'TCP', port: 10443 }] }]);
    expect(proxy.egress).toEqual([
      { to: [{ namespaceSelector: { matchLabels: { [NS_LABEL]: 'web' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } } }], ports: [{ protocol: 'TCP', port: 8443 }] },
      { to: [{ namespaceSelector: { matchLabels: { [NS_LABEL]: 'admin' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'admin' } } }], ports: [{ protocol: 'TCP', port: 9443 }] },
      { to: [{ namespaceSelector: { matchLabels: { [NS_LABEL]: 'envoy-gateway-system' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'envoy-gateway' } } }], ports: [{ protocol: 'TCP', port: 18000 }] },
      // web's JWT: the proxies fetch the issuer's keys.
      { to: [{ ipBlock: { cidr: '203.0.113.0/24' } }], ports: [{ protocol: 'TCP', port: 443 }] },
    ]);
  });

  test('every object validates strictly against Kubernetes 1.33 and the Gateway API and cert-manager CRDs', () => {
    expect(validateObjects(out.objects)).toEqual([]);
  });

  test('the policy check passes without warnings', () => {
    const report = app.policyReport!;
    expect(report).toBeDefined();
    const open = report.findings.filter(f => !f.suppressed && f.severity !== 'info');
    expect(open.map(f => `${f.ruleId} ${f.resource}: ${f.message}`)).toEqual([]);
  });
});

describe('defaults', () => {
  let out: Synthesized;
  beforeAll(() => ({ out } = build()));

  test('the Gateway namespace is referenced, not written; the hosts are issued by the platform CA', () => {
    expect(objectsOf(out, 'Namespace', 'gateway')).toEqual([]);
    expect(objectsOf(out, 'NetworkPolicy', undefined, 'gateway')).toEqual([]);
    expect(objectOf(out, 'Gateway', 'test', 'gateway')).toBeDefined();
    expect(objectOf(out, 'Certificate', 'shop-example-com', 'gateway').spec.issuerRef).toEqual({ group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'test-ca' });
    expect(objectOf(out, 'ClusterIssuer', 'test-ca')).toBeDefined();
    expect(validateObjects(out.objects)).toEqual([]);
  });
});

test('proxies in another namespace with other labels', () => {
  const { out } = build({ namespace: 'edge', gatewayName: 'public', proxyNamespace: 'envoy-gateway-system', proxyPodLabels: { 'gateway.envoyproxy.io/owning-gateway-name': 'public' }, createNamespace: true });
  expect(objectOf(out, 'Gateway', 'public', 'edge')).toBeDefined();
  expect(objectOf(out, 'HTTPRoute', 'web', 'web').spec.parentRefs[0]).toMatchObject({ namespace: 'edge', name: 'public' });
  expect(objectOf(out, 'NetworkPolicy', 'web', 'web').spec.ingress[0].from).toEqual([{
    namespaceSelector: { matchLabels: { [NS_LABEL]: 'envoy-gateway-system' } },
    podSelector: { matchLabels: { 'gateway.envoyproxy.io/owning-gateway-name': 'public' } },
  }]);
  // The proxies do not run in the created namespace: no proxy policy is written there.
  expect(objectsOf(out, 'NetworkPolicy', undefined, 'edge').map(p => p.metadata.name).sort()).toEqual(['allow-dns', 'default-deny']);
});

test('the platform issuer, when given, signs the hosts too', () => {
  const platform = newPlatform({ tls: ServiceTls.certManager({ issuer: IssuerRef.clusterIssuer('corp-ca') }), exposure: ExposureController.gatewayApi({ gatewayClassName: 'istio', backendCaBundle: 'corp-ca', internetFacing: false }) });
  new SecureMicroservice(platform, 'web', { image: image() }).expose({ host: 'shop.example.com' });
  const out = synth(platform.node.scope as SecureApp);
  expect(objectOf(out, 'Certificate', 'shop-example-com', 'gateway').spec.issuerRef.name).toBe('corp-ca');
});

test('the AWS Load Balancer Controller stays the default', () => {
  const platform = newPlatform({ loadBalancerSourceCidrs: ['10.0.0.0/24'], exposure: ExposureController.awsLoadBalancer() });
  const endpoint = new SecureMicroservice(platform, 'web', { image: image() }).expose({ host: 'shop.example.com' });
  expect(endpoint.scheme).toBe(LoadBalancerScheme.INTERNAL);
  expect(endpoint.certificateSecretName).toBeUndefined();
  const out = synth(platform.node.scope as SecureApp);
  expect(objectsOf(out, 'Gateway')).toEqual([]);
  expect(objectsOf(out, 'Ingress')).toHaveLength(1);
});

describe('bad input', () => {
  const gatewayApi = (options: Partial<GatewayApiOptions> = {}) => ExposureController.gatewayApi({ gatewayClassName: 'eg', internetFacing: false, ...options });

  test.each(['', 'Envoy', 'eg_class', '-eg', undefined])('a bad gatewayClassName %p', gatewayClassName => {
    expectConfigError(() => newPlatform({ exposure: ExposureController.gatewayApi({ gatewayClassName } as any) }),
      { path: 'test', property: 'exposure.gatewayClassName', received: gatewayClassName });
  });

  test('no options at all', () => {
    expectConfigError(() => newPlatform({ exposure: ExposureController.gatewayApi(undefined as any) }), { path: 'test', property: 'exposure', received: undefined });
  });

  test('not an ExposureController', () => {
    expectConfigError(() => newPlatform({ exposure: { mode: 'gateway-api' } as any }), { path: 'test', property: 'exposure', received: { mode: 'gateway-api' } });
  });

  test('an issuer reference without a kind', () => {
    const issuer = IssuerRef.of({ name: 'letsencrypt' } as any);
    expectConfigError(() => newPlatform({ exposure: gatewayApi({ issuer }) }), { path: 'test', property: 'exposure.issuer.kind', received: undefined });
  });

  test("no issuer for the hosts when the platform's issuer is a namespaced Issuer", () => {
    expectConfigError(() => newPlatform({ tls: ServiceTls.certManager({ issuer: IssuerRef.issuer('team-ca') }), exposure: gatewayApi() }),
      { path: 'test', property: 'exposure.issuer', received: undefined });
    // An explicit issuer is accepted.
    newPlatform({ tls: ServiceTls.certManager({ issuer: IssuerRef.issuer('team-ca') }), exposure: gatewayApi({ issuer: IssuerRef.clusterIssuer('public'), backendCaBundle: 'team-ca' }) });
  });

  test('bad names, labels and ports', () => {
    expectConfigError(() => newPlatform({ exposure: gatewayApi({ namespace: 'Edge' }) }), { path: 'test', property: 'exposure.namespace', received: 'Edge' });
    expectConfigError(() => newPlatform({ exposure: gatewayApi({ namespace: 'kube-system', createNamespace: true }) }), { path: 'test', property: 'exposure.namespace', received: 'kube-system' });
    expectConfigError(() => newPlatform({ exposure: gatewayApi({ gatewayName: 'a.b' }) }), { path: 'test', property: 'exposure.gatewayName', received: 'a.b' });
    expectConfigError(() => newPlatform({ exposure: gatewayApi({ proxyPodLabels: {} }) }), { path: 'test', property: 'exposure.proxyPodLabels', received: {} });
    expectConfigError(() => newPlatform({ exposure: gatewayApi({ proxyPodLabels: { app: 'bad value' } }) }), { path: 'test', property: 'exposure.proxyPodLabels.app', received: 'bad value' });
    expectConfigError(() => newPlatform({ exposure: gatewayApi({ proxyPorts: [0] }) }), { path: 'test', property: 'exposure.proxyPorts[0]', received: 0 });
    expectConfigError(() => newPlatform({ exposure: gatewayApi({ proxyControlPlane: { namespace: 'istio-system', podLabels: { app: 'istiod' }, port: 70000 } }) }),
      { path: 'test', property: 'exposure.proxyControlPlane.port', received: 70000 });
  });

  test('Gateway API exposure in mesh mode needs a gateway served by the mesh and an issuer', () => {
    expectConfigError(() => newPlatform({ mesh: ServiceMesh.istio(), exposure: gatewayApi({ issuer: IssuerRef.clusterIssuer('acme') }) }),
      { path: 'test', property: 'exposure.gatewayClassName', received: 'eg' });
    expectConfigError(() => newPlatform({ mesh: ServiceMesh.istio(), exposure: gatewayApi({ gatewayClassName: 'istio' }) }),
      { path: 'test', property: 'exposure.issuer', received: undefined });
    expect(() => newPlatform({ mesh: ServiceMesh.istio(), exposure: gatewayApi({ gatewayClassName: 'corp-istio', meshPeer: true, issuer: IssuerRef.clusterIssuer('acme') }) }))
      .not.toThrow();
    expectConfigError(() => newPlatform({ exposure: gatewayApi({ meshPeer: 'yes' as any }) }), { path: 'test', property: 'exposure.meshPeer', received: 'yes' });
    expectConfigError(() => newPlatform({ exposure: gatewayApi({ backendCaBundle: 'Corp CA' }) }), { path: 'test', property: 'exposure.backendCaBundle', received: 'Corp CA' });
    expectConfigError(() => newPlatform({ exposure: gatewayApi({ proxyServiceAccount: '' }) }), { path: 'test', property: 'exposure.proxyServiceAccount', received: '' });
  });

  test('load balancer options are refused with the Gateway API', () => {
    const web = () => new SecureMicroservice(newPlatform({ exposure: gatewayApi() }), 'web', { image: image() });
    expectConfigError(() => web().expose({ host: 'shop.example.com', scheme: LoadBalancerScheme.INTERNET_FACING }),
      { path: 'test/web', property: 'expose(options.scheme)', received: 'internet-facing' });
    expectConfigError(() => web().expose({ host: 'shop.example.com', sourceCidrs: ['10.0.0.0/24'] }),
      { path: 'test/web', property: 'expose(options.sourceCidrs)', received: ['10.0.0.0/24'] });
    expectConfigError(() => web().expose({ host: 'shop.example.com', hostedZoneId: 'Z0123456789ABCDEFGHIJ' }),
      { path: 'test/web', property: 'expose(options.hostedZoneId)', received: 'Z0123456789ABCDEFGHIJ' });
  });

  test('invalid hosts are refused as with the load balancer', () => {
    const web = new SecureMicroservice(newPlatform({ exposure: gatewayApi() }), 'web', { image: image() });
    expectConfigError(() => web.expose({ host: '*.example.com' }), { path: 'test/web', property: 'expose(options.host)', received: '*.example.com' });
  });

  test.each([
    ['the Gateway API', { exposure: ExposureController.gatewayApi({ gatewayClassName: 'eg', internetFacing: false }) }],
    ['the load balancer', { loadBalancerSourceCidrs: ['10.0.0.0/24'] }],
  ])('a host exposed twice on one platform (%s)', (_, props) => {
    const platform = newPlatform(props);
    new SecureMicroservice(platform, 'web', { image: image() }).expose({ host: 'shop.example.com' });
    const other = new SecureMicroservice(platform, 'other', { image: image() });
    const error = expectConfigError(() => other.expose({ host: 'shop.example.com' }), { path: 'test/other', property: 'expose(options.host)', received: 'shop.example.com' });
    expect(error.problem).toContain('test/web');
  });

  test('a service exposed twice', () => {
    const web = new SecureMicroservice(newPlatform({ exposure: gatewayApi() }), 'web', { image: image() });
    web.expose({ host: 'shop.example.com' });
    expectConfigError(() => web.expose({ host: 'www.example.com' }), { path: 'test/web', property: 'expose(options.host)', received: 'www.example.com' });
  });
});
