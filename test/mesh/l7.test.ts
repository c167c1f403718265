import { EdgeAuthentication, SecureApp, SecureMicroservice, ServiceMesh } from '../../src';
import { enforceEdgeAuthenticationInMesh } from '../../src/mesh/request-authentication';
import { ServiceWorkload } from '../../src/workload/service-workload';
import { expectConfigError } from '../support/errors';
import { validateObjects } from '../support/k8s-schema';
import { image, newPlatform, objectOf, objectsOf, synth, Synthesized } from '../support/synth';

const ISSUER = 'https://login.example.com';
const JWKS = `${ISSUER}/.well-known/jwks.json`;

function build(withMesh = true) {
  const platform = newPlatform(withMesh ? { mesh: ServiceMesh.istio() } : {});
  const svc = (id: string, n: number) => new SecureMicroservice(platform, id, { image: image(id, n) });
  return { platform, web: svc('web', 1), orders: svc('orders', 2), reports: svc('reports', 3), admin: svc('admin', 4) };
}

const rulesOf = (out: Synthesized, name: string) => objectOf(out, 'AuthorizationPolicy', name, name).spec.rules;

describe('L7 rules per edge', () => {
  const { web, orders, reports, admin, platform } = build();
  web.connectTo(orders, { methods: ['POST', 'GET', 'GET'], paths: ['/orders/*', '/orders'] });
  reports.connectTo(orders, { methods: ['GET'], paths: ['/orders/*'] });
  admin.connectTo(orders);
  orders.requireJwt({ issuer: ISSUER, jwksUri: JWKS, audiences: ['shop-api'], claims: { scope: ['orders.read', 'orders.write'], role: ['admin', 'clerk'] } });
  reports.requireJwt({ issuer: ISSUER, jwksUri: JWKS, audiences: ['reports'] });
  const out = synth(platform.node.scope as SecureApp);
  const principal = (ns: string) => `cluster.local/ns/${ns}/sa/${ns}`;
  const jwt = { requestPrincipals: [`${ISSUER}/*`] };
  const when = [{ key: 'request.auth.claims[role]', values: ['admin', 'clerk'] }, { key: 'request.auth.claims[scope]', values: ['orders.read', 'orders.write'] }];

  test('each caller gets its own methods and paths (rules sorted by port, then match); an unlimited caller keeps the port rule; every rule needs a token and the claims', () => {
    expect(rulesOf(out, 'orders')).toEqual([
      { from: [{ source: { principals: [principal('web')], ...jwt } }], to: [{ operation: { ports: ['8443'], methods: ['GET', 'POST'], paths: ['/orders', '/orders/*'] } }], when },
      { from: [{ source: { principals: [principal('reports')], ...jwt } }], to: [{ operation: { ports: ['8443'], methods: ['GET'], paths: ['/orders/*'] } }], when },
      { from: [{ source: { principals: [principal('admin')], ...jwt } }], to: [{ operation: { ports: ['8443'] } }], when },
    ]);
  });

  test('RequestAuthentication: issuer, JWKS and audiences of the service', () => {
    const ra = objectOf(out, 'RequestAuthentication', 'orders', 'orders');
    expect(ra.apiVersion).toBe('security.istio.io/v1');
    expect(ra.spec).toEqual({
      selector: { matchLabels: objectOf(out, 'Deployment', 'orders', 'orders').spec.selector.matchLabels },
      jwtRules: [{ issuer: ISSUER, jwksUri: JWKS, audiences: ['shop-api'], forwardOriginalToken: true }],
    });
  });

  test('a service requiring a token without callers still denies everything (no rules)', () => {
    expect(objectOf(out, 'AuthorizationPolicy', 'reports', 'reports').spec.rules).toBeUndefined();
    expect(objectsOf(out, 'RequestAuthentication')).toHaveLength(2);
  });

  test('valid against the vendored Istio CRDs and the Kubernetes schema', () => {
    expect(validateObjects(out.objects)).toEqual([]);
  });
});

describe('invalid input fails with a ConfigurationError', () => {
  test.each([
    ['methods', ['GET']],
    ['paths', ['/orders']],
  ])('%s without a mesh: NetworkPolicy is L4', (key, value) => {
    const { web, orders } = build(false);
    const e = expectConfigError(() => web.connectTo(orders, { [key]: value }), { path: 'test/web', property: `connectTo(options).${key}`, received: value });
    expect(e.fix).toContain('ServiceMesh.istio()');
  });
  test('requireJwt without a mesh', () => {
    const { orders } = build(false);
    expectConfigError(() => orders.requireJwt({ issuer: ISSUER, jwksUri: JWKS, audiences: ['a'] }), { path: 'test/orders', property: 'requireJwt(options)', received: ISSUER });
  });
  test.each([
    ['methods', []],
    ['methods', 'GET'],
    ['paths', []],
    ['paths', 'orders'],
  ])('%s = %j', (key, value) => {
    const { web, orders } = build();
    expectConfigError(() => web.connectTo(orders, { [key]: value } as any), { path: 'test/web', property: `connectTo(options).${key}`, received: value });
  });
  test.each([
    ['methods', 'get'],
    ['methods', 'CONNECT'],
    ['paths', 'orders'],
    ['paths', '/or*ders'],
    ['paths', '*'],
  ])('%s item %j', (key, value) => {
    const { web, orders } = build();
    expectConfigError(() => web.connectTo(orders, { [key]: [value] } as any), { path: 'test/web', property: `connectTo(options).${key}[0]`, received: value });
  });
  test.each([
    ['issuer', 'login.example.com'],
    ['jwksUri', 'http://login.example.com/jwks.json'],
    ['audiences', []],
    ['audiences', undefined],
  ])('requireJwt %s = %j', (key, value) => {
    const { orders } = build();
    expectConfigError(() => orders.requireJwt({ issuer: ISSUER, jwksUri: JWKS, audiences: ['a'], [key]: value } as any), { path: 'test/orders', property: `requireJwt(options).${key}`, received: value });
  });
  test.each([
    [{}, 'requireJwt(options).claims'],
    [['role'], 'requireJwt(options).claims'],
    [{ role: [] }, 'requireJwt(options).claims.role'],
    [{ role: 'admin' }, 'requireJwt(options).claims.role'],
  ])('claims %j', (claims, property) => {
    const { orders } = build();
    const received = property.endsWith('.role') ? (claims as any).role : claims;
    expectConfigError(() => orders.requireJwt({ issuer: ISSUER, jwksUri: JWKS, audiences: ['a'], claims: claims as any }), { path: 'test/orders', property, received });
  });
  test('claim name', () => {
    const { orders } = build();
    expectConfigError(() => orders.requireJwt({ issuer: ISSUER, jwksUri: JWKS, audiences: ['a'], claims: { 'a b': ['x'] } }), { path: 'test/orders', property: 'requireJwt(options).claims', received: 'a b' });
  });
  test('requireJwt twice', () => {
    const { orders } = build();
    orders.requireJwt({ issuer: ISSUER, jwksUri: JWKS, audiences: ['a'] });
    expectConfigError(() => orders.requireJwt({ issuer: ISSUER, jwksUri: JWKS, audiences: ['a'] }), { path: 'test/orders', property: 'requireJwt(options)', received: ISSUER });
  });
});

describe('edge authentication through the mesh ingress', () => {
  const workloadOf = (svc: SecureMicroservice) => ServiceWorkload.of(svc)!;
  test('jwt becomes a JWT requirement on the service, with several audiences', () => {
    const { orders, platform } = build();
    expect(enforceEdgeAuthenticationInMesh(workloadOf(orders), EdgeAuthentication.jwt({ issuer: ISSUER, jwksUri: JWKS, audiences: ['a', 'b'] }), 'expose(options.authentication)')).toEqual({});
    const out = synth(platform.node.scope as SecureApp);
    expect(objectOf(out, 'RequestAuthentication', 'orders', 'orders').spec.jwtRules[0].audiences).toEqual(['a', 'b']);
  });
  test('anonymous returns the opt-out annotation', () => {
    const { orders } = build();
    expect(enforceEdgeAuthenticationInMesh(workloadOf(orders), EdgeAuthentication.anonymous('public status page'), 'p'))
      .toEqual({ 'opt-out.secure-constructs.io/edge-authentication': 'public status page' });
  });
  test('browser logins are refused at the mesh ingress', () => {
    const { orders } = build();
    const cognito = EdgeAuthentication.cognito({ userPoolArn: 'arn:aws:cognito-idp:eu-west-1:111122223333:userpool/eu-west-1_AbC123', userPoolClientId: 'abc', userPoolDomain: 'shop' });
    expectConfigError(() => enforceEdgeAuthenticationInMesh(workloadOf(orders), cognito, 'expose(options.authentication)'), { path: 'test/orders', property: 'expose(options.authentication)', received: 'cognito' });
  });
});
