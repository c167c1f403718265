import { Duration } from 'cdk8s';
import {
  EdgeAuthentication, EksCluster, ExposureController, GatewayApiOptions, GatewayBodyLimit, GatewayImplementation, GatewayRateLimit, IssuerRef,
  ManagedSecret, Platform, PlatformProps,
  SecureApp, SecureMicroservice, ServiceMesh, UnauthenticatedAction,
} from '../../src';
import { expectConfigError } from '../support/errors';
import { validateObjects } from '../support/k8s-schema';
import { image, newPlatform, objectOf, objectsOf, Synthesized, synth } from '../support/synth';

const ISSUER = 'https://login.example.com';
const JWT = { issuer: ISSUER, jwksUri: `${ISSUER}/.well-known/jwks.json`, audiences: ['shop-api', 'shop-mobile'] };
const OIDC = {
  issuer: ISSUER,
  authorizationEndpoint: `${ISSUER}/authorize`,
  tokenEndpoint: `${ISSUER}/oauth/token`,
  userInfoEndpoint: `${ISSUER}/userinfo`,
  clientId: 'shop-web',
};
const OPT_OUT = 'opt-out.secure-constructs.io/edge-authentication';
const PROPERTY = 'expose(options.authentication)';

type AuthOf = EdgeAuthentication | ((p: Platform) => EdgeAuthentication) | undefined;

function platformWith(options: Partial<GatewayApiOptions> = {}, props: Partial<PlatformProps> = {}): Platform {
  return newPlatform({ exposure: ExposureController.gatewayApi({ gatewayClassName: 'eg', ...options }), ...props });
}

function exposeWith(authentication: AuthOf, options: Partial<GatewayApiOptions> = {}, props: Partial<PlatformProps> = {}) {
  const platform = platformWith(options, props);
  const web = new SecureMicroservice(platform, 'web', { image: image('web', 1) });
  web.expose({ host: 'shop.example.com', authentication: typeof authentication === 'function' ? authentication(platform) : authentication });
  const app = platform.node.scope as SecureApp;
  return { platform, web, app, out: synth(app) };
}

/** The open (not suppressed) findings above info of the policy check that ran at synth. */
function openFindings(app: SecureApp): string[] {
  return app.policyReport!.findings.filter(f => !f.suppressed && f.severity !== 'info').map(f => `${f.ruleId} ${f.resource}: ${f.message}`);
}

const MESH = { mesh: ServiceMesh.istio() };
/** Istio has no typed rate limit: an internet-facing Gateway of its says where rates are limited. */
const NO_RATE_LIMIT = GatewayRateLimit.none('the load balancer in front of the Gateway limits rates');
const NO_BODY_LIMIT = GatewayBodyLimit.none('the CDN in front of the Gateway limits request sizes');
const ISTIO = { gatewayClassName: 'istio', issuer: IssuerRef.clusterIssuer('letsencrypt'), rateLimit: NO_RATE_LIMIT, requestBodyLimit: NO_BODY_LIMIT };

describe('Envoy Gateway: EdgeAuthentication.jwt becomes a SecurityPolicy for the route', () => {
  let out: Synthesized;
  let app: SecureApp;
  beforeAll(() => ({ out, app } = exposeWith(EdgeAuthentication.jwt(JWT))));

  test('a SecurityPolicy targeting exactly the HTTPRoute, with the issuer, every audience and the https JWKS', () => {
    const policy = objectOf(out, 'SecurityPolicy', 'web', 'web');
    expect(policy.apiVersion).toBe('gateway.envoyproxy.io/v1alpha1');
    expect(policy.metadata.annotations['secure-constructs.io/construct-path']).toBe('test/web');
    expect(policy.spec).toEqual({
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'web' }],
      jwt: { providers: [{ name: 'edge', issuer: ISSUER, audiences: ['shop-api', 'shop-mobile'], remoteJWKS: { uri: JWT.jwksUri } }] },
    });
    // The policy's target is the written route; the token is not optional.
    expect(objectOf(out, 'HTTPRoute', 'web', 'web').metadata.annotations[OPT_OUT]).toBeUndefined();
    expect(policy.spec.jwt.optional).toBeUndefined();
  });

  test('the objects validate strictly against the vendored CRDs (Envoy Gateway, Gateway API)', () => {
    expect(validateObjects(out.objects)).toEqual([]);
  });

  test('the policy check finds nothing open', () => {
    expect(openFindings(app)).toEqual([]);
  });
});

describe('Envoy Gateway: EdgeAuthentication.oidc becomes a SecurityPolicy login, the client secret from Secrets Manager', () => {
  let out: Synthesized;
  let app: SecureApp;
  beforeAll(() => ({ out, app } = exposeWith(p => EdgeAuthentication.oidc({ ...OIDC, clientSecret: new ManagedSecret(p, 'web-oidc'), scope: ['openid', 'email'] }),
    { gatewayClassName: 'envoy-gateway' })));

  test('the SecurityPolicy names the provider, the client id, the scopes and the Secret (never its value)', () => {
    expect(objectOf(out, 'SecurityPolicy', 'web', 'web').spec).toEqual({
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'web' }],
      oidc: {
        provider: { issuer: ISSUER, authorizationEndpoint: OIDC.authorizationEndpoint, tokenEndpoint: OIDC.tokenEndpoint },
        clientID: 'shop-web',
        clientSecret: { group: '', kind: 'Secret', name: 'web-oidc-client' },
        scopes: ['openid', 'email'],
      },
    });
  });

  test("an ExternalSecret writes the Secret in the route's namespace with the key Envoy Gateway reads; no Secret, no Role for the ALB controller", () => {
    const es = objectOf(out, 'ExternalSecret', 'web-oidc-client', 'web');
    expect(es.spec.target).toMatchObject({ name: 'web-oidc-client', template: { data: { 'client-secret': '{{ .clientSecret }}' } } });
    expect(es.spec.data).toEqual([{ secretKey: 'clientSecret', remoteRef: { key: expect.any(String) } }]);
    expect(objectsOf(out, 'Secret')).toEqual([]);
    expect(objectsOf(out, 'Role').filter(r => r.metadata.name === 'web-oidc-client')).toEqual([]);
    expect(JSON.stringify(out.objects)).not.toContain('aws-load-balancer-controller');
  });

  test('valid against the CRDs, and the policy check finds nothing open but the secret\'s rotation (the identity provider issues it)', () => {
    expect(validateObjects(out.objects)).toEqual([]);
    expect(openFindings(app).filter(f => !f.startsWith('AWS-031 '))).toEqual([]);
  });
});

describe('Istio with the platform mesh: EdgeAuthentication.jwt is enforced on the service', () => {
  let out: Synthesized;
  let app: SecureApp;
  beforeAll(() => ({ out, app } = exposeWith(EdgeAuthentication.jwt(JWT), ISTIO, MESH)));

  test('a RequestAuthentication with every audience, and every AuthorizationPolicy rule requires a request principal of the issuer', () => {
    expect(objectOf(out, 'RequestAuthentication', 'web', 'web').spec.jwtRules).toEqual([
      { issuer: ISSUER, jwksUri: JWT.jwksUri, audiences: ['shop-api', 'shop-mobile'], forwardOriginalToken: true },
    ]);
    const rules = objectOf(out, 'AuthorizationPolicy', 'web', 'web').spec.rules;
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) for (const f of rule.from) expect(f.source.requestPrincipals).toEqual([`${ISSUER}/*`]);
    expect(objectsOf(out, 'SecurityPolicy')).toEqual([]);
  });

  test('valid against the CRDs, and the policy check finds nothing open', () => {
    expect(validateObjects(out.objects)).toEqual([]);
    expect(openFindings(app)).toEqual([]);
  });
});

describe('anonymous, and internal Gateways', () => {
  test('anonymous: the reason is on the HTTPRoute as an opt-out and the report lists the X-012 finding it covers', () => {
    const { out, app } = exposeWith(EdgeAuthentication.anonymous('public product pages, no personal data'), { gatewayClassName: 'cilium', rateLimit: NO_RATE_LIMIT, requestBodyLimit: NO_BODY_LIMIT });
    expect(objectOf(out, 'HTTPRoute', 'web', 'web').metadata.annotations[OPT_OUT]).toBe('public product pages, no personal data');
    expect(objectsOf(out, 'SecurityPolicy')).toEqual([]);
    const covered = app.policyReport!.findings.filter(f => f.ruleId === 'X-012');
    expect(covered.map(f => [f.suppressed, f.suppressionReason])).toEqual([[true, 'public product pages, no personal data']]);
  });

  test('internetFacing: false needs no authentication, and the declaration is recorded on the route and in the report', () => {
    const { out, app } = exposeWith(undefined, { internetFacing: false });
    expect(objectOf(out, 'HTTPRoute', 'web', 'web').metadata.annotations[OPT_OUT]).toContain('internetFacing: false');
    expect(objectsOf(out, 'SecurityPolicy')).toEqual([]);
    expect(app.policyReport!.findings.filter(f => f.ruleId === 'X-012').map(f => f.suppressed)).toEqual([true]);
    expect(openFindings(app)).toEqual([]);
  });

  test('an internal Gateway still enforces the authentication it is given', () => {
    const { out } = exposeWith(EdgeAuthentication.jwt(JWT), { internetFacing: false });
    expect(objectOf(out, 'SecurityPolicy', 'web', 'web').spec.jwt.providers[0].issuer).toBe(ISSUER);
    expect(objectOf(out, 'HTTPRoute', 'web', 'web').metadata.annotations[OPT_OUT]).toBeUndefined();
  });

  test('the implementation comes from the class name unless given', () => {
    expect(ExposureController.gatewayApi({ gatewayClassName: 'eg' })._gatewayImplementation).toBe(GatewayImplementation.ENVOY_GATEWAY);
    expect(ExposureController.gatewayApi({ gatewayClassName: 'envoy-gateway' })._gatewayImplementation).toBe(GatewayImplementation.ENVOY_GATEWAY);
    expect(ExposureController.gatewayApi({ gatewayClassName: 'istio' })._gatewayImplementation).toBe(GatewayImplementation.ISTIO);
    expect(ExposureController.gatewayApi({ gatewayClassName: 'cilium' })._gatewayImplementation).toBe(GatewayImplementation.OTHER);
    // A class of another name served by Envoy Gateway.
    const { out } = exposeWith(EdgeAuthentication.jwt(JWT), { gatewayClassName: 'public-edge', implementation: GatewayImplementation.ENVOY_GATEWAY });
    expect(objectsOf(out, 'SecurityPolicy')).toHaveLength(1);
  });

  test('on a meshed platform, JWT through another mesh-served class is enforced by the mesh', () => {
    const { out, app } = exposeWith(EdgeAuthentication.jwt(JWT), { ...ISTIO, gatewayClassName: 'corp-istio', meshPeer: true }, MESH);
    expect(objectOf(out, 'RequestAuthentication', 'web', 'web')).toBeDefined();
    expect(openFindings(app)).toEqual([]);
  });
});

describe('invalid input fails with a ConfigurationError', () => {
  const web = (options: Partial<GatewayApiOptions> = {}, props: Partial<PlatformProps> = {}) =>
    new SecureMicroservice(platformWith(options, props), 'web', { image: image('web') });
  const expose = (authentication: unknown, options: Partial<GatewayApiOptions> = {}, props: Partial<PlatformProps> = {}) => {
    const service = web(options, props);
    const auth = typeof authentication === 'function' ? authentication(service.platform) : authentication;
    return () => service.expose({ host: 'shop.example.com', authentication: auth as EdgeAuthentication });
  };

  test('no authentication on a Gateway that may be internet-facing: the error lists the options the implementation enforces', () => {
    const eg = expectConfigError(expose(undefined), { path: 'test/web', property: PROPERTY, received: undefined });
    expect(eg.fix).toContain('EdgeAuthentication.jwt');
    expect(eg.fix).toContain('EdgeAuthentication.oidc');
    expect(eg.fix).toContain('internetFacing: false');
    const other = expectConfigError(expose(undefined, { gatewayClassName: 'cilium' }), { path: 'test/web', property: PROPERTY, received: undefined });
    expect(other.fix).not.toContain('EdgeAuthentication.jwt');
    expect(other.fix).toContain('EdgeAuthentication.anonymous');
  });

  test('not an EdgeAuthentication', () => {
    expectConfigError(expose({ mode: 'jwt' }), { path: 'test/web', property: PROPERTY, received: { mode: 'jwt' } });
  });

  test.each([
    ['issuer', { ...JWT, issuer: 'login.example.com' }, 'login.example.com'],
    ['jwksUri', { ...JWT, jwksUri: 'http://login.example.com/jwks.json' }, 'http://login.example.com/jwks.json'],
    ['audiences', { ...JWT, audiences: [] }, []],
  ])('a JWT with a bad %s', (key, options, received) => {
    expectConfigError(expose(EdgeAuthentication.jwt(options)), { path: 'test/web', property: `${PROPERTY}.${key}`, received });
  });

  test('Cognito on Envoy Gateway', () => {
    const cognito = EdgeAuthentication.cognito({ userPoolArn: 'arn:aws:cognito-idp:eu-west-1:111122223333:userpool/eu-west-1_AbC123', userPoolClientId: 'abc123', userPoolDomain: 'shop-login' });
    expectConfigError(expose(cognito), { path: 'test/web', property: PROPERTY, received: 'cognito' });
  });

  test('OIDC on Envoy Gateway with a session timeout or 401 for unauthenticated requests, which it cannot express', () => {
    expectConfigError(expose((p: Platform) => EdgeAuthentication.oidc({ ...OIDC, clientSecret: new ManagedSecret(p, 's'), sessionTimeout: Duration.hours(1) })),
      { path: 'test/web', property: `${PROPERTY}.sessionTimeout`, received: Duration.hours(1) });
    expectConfigError(expose((p: Platform) => EdgeAuthentication.oidc({ ...OIDC, clientSecret: new ManagedSecret(p, 's'), onUnauthenticated: UnauthenticatedAction.DENY })),
      { path: 'test/web', property: `${PROPERTY}.onUnauthenticated`, received: 'deny' });
  });

  test("OIDC on Envoy Gateway without the cluster's OIDC issuer (the secret's reader needs IRSA)", () => {
    expectConfigError(expose((p: Platform) => EdgeAuthentication.oidc({ ...OIDC, clientSecret: new ManagedSecret(p, 's') }), {},
      { cluster: EksCluster.fromAttributes({ clusterName: 'test-eks' }) }), { path: 'test/web', property: `${PROPERTY}.clientSecret`, received: 'test/s' });
  });

  test('JWT on Istio without the platform mesh, and OIDC or Cognito on Istio with it (no login flow)', () => {
    expectConfigError(expose(EdgeAuthentication.jwt(JWT), { gatewayClassName: 'istio' }), { path: 'test/web', property: PROPERTY, received: 'jwt' });
    expectConfigError(expose((p: Platform) => EdgeAuthentication.oidc({ ...OIDC, clientSecret: new ManagedSecret(p, 's') }), ISTIO, MESH),
      { path: 'test/web', property: PROPERTY, received: 'oidc' });
  });

  test('JWT or OIDC on an implementation the library has no typed policy for, without a mesh', () => {
    const error = expectConfigError(expose(EdgeAuthentication.jwt(JWT), { gatewayClassName: 'cilium' }), { path: 'test/web', property: PROPERTY, received: 'jwt' });
    expect(error.fix).toContain('GatewayImplementation.ENVOY_GATEWAY');
    expect(error.fix).toContain('GatewayImplementation.ISTIO');
    expectConfigError(expose(EdgeAuthentication.jwt(JWT), { gatewayClassName: 'eg', implementation: GatewayImplementation.OTHER }), { path: 'test/web', property: PROPERTY, received: 'jwt' });
  });

  test('a bad implementation, internetFacing or identityProviderCidrs', () => {
    expectConfigError(() => platformWith({ implementation: 'nginx' as any }), { path: 'test', property: 'exposure.implementation', received: 'nginx' });
    expectConfigError(() => platformWith({ internetFacing: 'no' as any }), { path: 'test', property: 'exposure.internetFacing', received: 'no' });
    expectConfigError(() => platformWith({ identityProviderCidrs: ['0.0.0.0/0'] }), { path: 'test', property: 'exposure.identityProviderCidrs[0]', received: '0.0.0.0/0' });
    expectConfigError(() => platformWith({ identityProviderCidrs: '203.0.113.0/24' as any }), { path: 'test', property: 'exposure.identityProviderCidrs', received: '203.0.113.0/24' });
  });

  test("JWT at Envoy Gateway when the library writes the proxies' NetworkPolicy and the identity provider's ranges are unknown", () => {
    expectConfigError(expose(EdgeAuthentication.jwt(JWT), { createNamespace: true }), { path: 'test/web', property: PROPERTY, received: 'shop.example.com' });
    // Proxies in their own namespace: their network rules are the operator's.
    expect(expose(EdgeAuthentication.jwt(JWT), { createNamespace: true, proxyNamespace: 'envoy-gateway-system' })).not.toThrow();
    // Anonymous exposures call no identity provider.
    expect(expose(EdgeAuthentication.anonymous('public product pages'), { createNamespace: true })).not.toThrow();
  });

  test('a service that already requires a JWT is not given a second one by its exposure', () => {
    const platform = platformWith(ISTIO, MESH);
    const service = new SecureMicroservice(platform, 'web', { image: image('web') });
    service.requireJwt(JWT);
    expectConfigError(() => service.expose({ host: 'shop.example.com', authentication: EdgeAuthentication.jwt(JWT) }), { path: 'test/web', property: PROPERTY, received: ISSUER });
  });
});
