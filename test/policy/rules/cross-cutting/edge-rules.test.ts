import { input, k8s, messages } from './fixtures';
import { evaluate } from '../../../../src/policy/engine';
import { ALB_OIDC_SECRET_EXTERNAL } from '../../../../src/policy/rules/cross-cutting/alb-oidc-secret-external';
import { EDGE_AUTHENTICATION_REQUIRED } from '../../../../src/policy/rules/cross-cutting/edge-authentication-required';
import { EDGE_WEB_ACL_REQUIRED } from '../../../../src/policy/rules/cross-cutting/edge-web-acl-required';
import { GATEWAY_ROUTE_RATE_LIMITED, GATEWAY_ROUTE_REQUEST_SIZE_LIMITED } from '../../../../src/policy/rules/cross-cutting/gateway-route-limits';
import { JWT_RULES_SCOPED } from '../../../../src/policy/rules/cross-cutting/jwt-rules-scoped';
import { NO_ALLOW_ALL_AUTHORIZATION_EXPOSED } from '../../../../src/policy/rules/cross-cutting/no-allow-all-authorization-exposed';

const A = 'alb.ingress.kubernetes.io/';
const ingress = (annotations: { [k: string]: string }, extra: any = {}) => k8s({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name: 'web', namespace: 'web', annotations: { [`${A}scheme`]: 'internet-facing', ...annotations } },
  spec: { ingressClassName: 'alb', rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'https' } } } }] } }], ...extra },
});
const JWT = JSON.stringify({ jwksEndpoint: 'https://login.example.com/jwks.json', issuer: 'https://login.example.com', additionalClaims: [{ name: 'aud', format: 'single-string', values: ['api'] }] });

describe('X-012 internet-facing load balancers authenticate callers', () => {
  test.each([
    [{ [`${A}auth-type`]: 'oidc' }],
    [{ [`${A}auth-type`]: 'cognito', [`${A}auth-on-unauthenticated-request`]: 'deny' }],
    [{ [`${A}jwt-validation`]: JWT }],
  ])('passes %j', annotations => {
    expect(messages(EDGE_AUTHENTICATION_REQUIRED, input([], [ingress(annotations)]))).toEqual([]);
  });
  test('internal load balancers and other classes are not judged', () => {
    expect(messages(EDGE_AUTHENTICATION_REQUIRED, input([], [ingress({ [`${A}scheme`]: 'internal' }), ingress({}, { ingressClassName: 'nginx' })]))).toEqual([]);
  });
  test('flags no authentication and "allow" for unauthenticated requests', () => {
    expect(messages(EDGE_AUTHENTICATION_REQUIRED, input([], [ingress({}), ingress({ [`${A}auth-type`]: 'none' })])))
      .toEqual([expect.stringContaining('without authentication'), expect.stringContaining('without authentication')]);
    expect(messages(EDGE_AUTHENTICATION_REQUIRED, input([], [ingress({ [`${A}auth-type`]: 'oidc', [`${A}auth-on-unauthenticated-request`]: 'allow' })])))
      .toEqual([expect.stringContaining('"allow"')]);
  });
  test('declares the opt-out control that anonymous() writes', () => {
    expect(EDGE_AUTHENTICATION_REQUIRED.optOutControl).toBe('edge-authentication');
  });
});

describe('X-012 HTTPRoutes attached to a Gateway authenticate callers', () => {
  const route = (name = 'web', parentRefs: any[] = [{ kind: 'Gateway', namespace: 'gateway', name: 'edge' }], labels: any = {}) => k8s({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name, namespace: 'web', labels },
    spec: { parentRefs, rules: [{ backendRefs: [{ kind: 'Service', name, port: 8443 }] }] },
  });
  const sp = (spec: any, namespace = 'web', apiVersion = 'gateway.envoyproxy.io/v1alpha1') => k8s({ apiVersion, kind: 'SecurityPolicy', metadata: { name: 'p', namespace }, spec });
  const toRoute = { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'web' }] };
  const providers = [{ name: 'edge', issuer: 'https://i', audiences: ['a'], remoteJWKS: { uri: 'https://i/jwks' } }];
  const service = (name = 'web') => k8s({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'web' }, spec: { selector: { app: name } } });
  const ap = (rules: any[], action?: string, selector: any = { matchLabels: { app: 'web' } }) => k8s({
    apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'web', namespace: 'web' }, spec: { selector, ...(action ? { action } : {}), rules },
  });
  const withPrincipal = [{ from: [{ source: { principals: ['cluster.local/ns/gateway/sa/edge-istio'], requestPrincipals: ['https://i/*'] } }] }];
  test.each([
    ['a JWT SecurityPolicy for the route', [sp({ ...toRoute, jwt: { providers } })]],
    ['an OIDC SecurityPolicy for the route', [sp({ ...toRoute, oidc: { provider: { issuer: 'https://i' }, clientSecret: { name: 's' } } })]],
    ['a fail-closed extAuth', [sp({ ...toRoute, extAuth: { http: {} } })]],
    ['a SecurityPolicy for the Gateway of the route, in its namespace', [sp({ targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge' }], jwt: { providers } }, 'gateway')]],
    ['a SecurityPolicy selecting the route by labels', [sp({ targetSelectors: [{ kind: 'HTTPRoute', matchLabels: { tier: 'edge' } }], basicAuth: { users: { name: 'u' } } })]],
    ['Istio ALLOW rules that all require a request principal', [service(), ap(withPrincipal)]],
    ['an Istio DENY of requests without a principal', [service(), ap([{ from: [{ source: { notRequestPrincipals: ['*'] } }] }], 'DENY'), ap([{}])]],
  ])('passes %s', (_, objects) => {
    expect(messages(EDGE_AUTHENTICATION_REQUIRED, input([], [route('web', undefined, { tier: 'edge' }), ...objects]))).toEqual([]);
  });
  test('mesh-internal routes (GAMMA: a Service parent) are not judged', () => {
    expect(messages(EDGE_AUTHENTICATION_REQUIRED, input([], [route('web', [{ group: '', kind: 'Service', name: 'web' }])]))).toEqual([]);
  });
  test.each([
    ['nothing', []],
    ['an optional JWT', [sp({ ...toRoute, jwt: { optional: true, providers } })]],
    ['a SecurityPolicy without authentication (CORS only)', [sp({ ...toRoute, cors: { allowOrigins: ['https://shop.example.com'] } })]],
    ['a fail-open extAuth', [sp({ ...toRoute, extAuth: { failOpen: true, http: {} } })]],
    ['a SecurityPolicy for another route', [sp({ targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'other' }], jwt: { providers } })]],
    ['a SecurityPolicy of another namespace naming the route', [sp({ ...toRoute, jwt: { providers } }, 'other')]],
    ['a SecurityPolicy of another API group', [sp({ ...toRoute, jwt: { providers } }, 'web', 'example.com/v1')]],
    ['a Gateway SecurityPolicy outside the namespace of the Gateway', [sp({ targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge' }], jwt: { providers } })]],
    ['an Istio RequestAuthentication without a request-principal AuthorizationPolicy', [service(), k8s({ apiVersion: 'security.istio.io/v1', kind: 'RequestAuthentication', metadata: { name: 'web', namespace: 'web' }, spec: { jwtRules: [{ issuer: 'https://i' }] } })]],
    ['an Istio ALLOW rule without a request principal next to one with', [service(), ap([...withPrincipal, { from: [{ source: { principals: ['cluster.local/ns/a/sa/a'] } }] }])]],
    ['an Istio DENY for principals limited to some paths', [service(), ap([{ from: [{ source: { notRequestPrincipals: ['*'] } }], to: [{ operation: { paths: ['/admin'] } }] }], 'DENY')]],
    ['Istio policies on other pods', [service(), ap(withPrincipal, undefined, { matchLabels: { app: 'other' } })]],
    ['no backend Service in the input', [ap(withPrincipal)]],
  ])('flags %s', (_, objects) => {
    expect(messages(EDGE_AUTHENTICATION_REQUIRED, input([], [route(), ...objects])))
      .toEqual([expect.stringContaining('attached to Gateway gateway/edge without authentication')]);
  });
});

describe('X-013 internet-facing load balancers have a web ACL', () => {
  test.each([['wafv2-acl-name', 'prod-edge'], ['wafv2-acl-arn', 'arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/x/1'], ['waf-acl-id', 'abc']])('passes with %s', (k, v) => {
    expect(messages(EDGE_WEB_ACL_REQUIRED, input([], [ingress({ [`${A}${k}`]: v })]))).toEqual([]);
  });
  test('flags none, "none" and blank values', () => {
    expect(messages(EDGE_WEB_ACL_REQUIRED, input([], [ingress({}), ingress({ [`${A}wafv2-acl-name`]: 'none' }), ingress({ [`${A}wafv2-acl-arn`]: ' ' })])))
      .toEqual([1, 2, 3].map(() => expect.stringContaining('without a web ACL')));
  });
});

describe('X-021 HTTPRoutes attached to a Gateway have a rate limit', () => {
  const route = (parentRefs: any[] = [{ kind: 'Gateway', namespace: 'gateway', name: 'edge' }], labels: any = { tier: 'edge' }) => k8s({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'web', namespace: 'web', labels },
    spec: { parentRefs, rules: [{ backendRefs: [{ kind: 'Service', name: 'web', port: 8443 }] }] },
  });
  const btp = (spec: any, namespace = 'web', apiVersion = 'gateway.envoyproxy.io/v1alpha1') => k8s({ apiVersion, kind: 'BackendTrafficPolicy', metadata: { name: 'p', namespace }, spec });
  const toRoute = { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'web' }] };
  const toGateway = { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge' }] };
  const rule = { clientSelectors: [{ sourceCIDR: { type: 'Distinct', value: '0.0.0.0/0' } }], limit: { requests: 100, unit: 'Minute' } };
  const local = { rateLimit: { type: 'Local', local: { rules: [rule] } } };
  test.each([
    ['a local rate limit for the route', [btp({ ...toRoute, ...local })]],
    ['a global rate limit for the route', [btp({ ...toRoute, rateLimit: { type: 'Global', global: { rules: [rule] } } })]],
    ['a rate limit for its Gateway, in the namespace of the Gateway', [btp({ ...toGateway, ...local }, 'gateway')]],
    ['a rate limit selecting the route by labels', [btp({ targetSelectors: [{ kind: 'HTTPRoute', matchLabels: { tier: 'edge' } }], ...local })]],
  ])('passes %s', (_, objects) => {
    expect(messages(GATEWAY_ROUTE_RATE_LIMITED, input([], [route(), ...objects]))).toEqual([]);
  });
  test('mesh-internal routes (GAMMA: a Service parent) are not judged', () => {
    expect(messages(GATEWAY_ROUTE_RATE_LIMITED, input([], [route([{ group: '', kind: 'Service', name: 'web' }])]))).toEqual([]);
  });
  test.each([
    ['nothing', []],
    ['a BackendTrafficPolicy without a rate limit (timeouts only)', [btp({ ...toRoute, timeout: { http: { requestTimeout: '10s' } } })]],
    ['a rate limit without rules', [btp({ ...toRoute, rateLimit: { type: 'Local', local: { rules: [] } } })]],
    ['a rate limit for another route', [btp({ targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'other' }], ...local })]],
    ['a rate limit of another namespace naming the route', [btp({ ...toRoute, ...local }, 'other')]],
    ['a rate limit of another API group', [btp({ ...toRoute, ...local }, 'web', 'example.com/v1')]],
    ['a Gateway rate limit outside the namespace of the Gateway', [btp({ ...toGateway, ...local })]],
    ['a label selector the route does not match', [btp({ targetSelectors: [{ kind: 'HTTPRoute', matchLabels: { tier: 'internal' } }], ...local })]],
  ])('flags %s', (_, objects) => {
    expect(messages(GATEWAY_ROUTE_RATE_LIMITED, input([], [route(), ...objects])))
      .toEqual([expect.stringContaining('attached to Gateway gateway/edge without a rate limit')]);
  });
  test('the opt-out that covers it is edge-rate-limit, and it does not cover a load balancer without a web ACL (X-013)', () => {
    expect(GATEWAY_ROUTE_RATE_LIMITED.optOutControl).toBe('edge-rate-limit');
    expect(EDGE_WEB_ACL_REQUIRED.optOutControl).toBeUndefined();
  });
});

describe('X-022 HTTPRoutes attached to a Gateway limit request body sizes', () => {
  const route = (parentRefs: any[] = [{ kind: 'Gateway', namespace: 'gateway', name: 'edge' }], annotations: any = {}) => k8s({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'web', namespace: 'web', labels: { tier: 'edge' }, annotations },
    spec: { parentRefs, rules: [{ backendRefs: [{ kind: 'Service', name: 'web', port: 8443 }] }] },
  });
  const btp = (spec: any, namespace = 'web', apiVersion = 'gateway.envoyproxy.io/v1alpha1') => k8s({ apiVersion, kind: 'BackendTrafficPolicy', metadata: { name: 'p', namespace }, spec });
  const toRoute = { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'web' }] };
  const toGateway = { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge' }] };
  const limit = (l: unknown) => ({ requestBuffer: { limit: l } });
  test.each([
    ['a limit in bytes for the route', [btp({ ...toRoute, ...limit(1048576) })]],
    ['a Quantity limit for the route', [btp({ ...toRoute, ...limit('10Mi') })]],
    ['a limit for its Gateway, in the namespace of the Gateway', [btp({ ...toGateway, ...limit('500Ki') }, 'gateway')]],
    ['a limit selecting the route by labels', [btp({ targetSelectors: [{ kind: 'HTTPRoute', matchLabels: { tier: 'edge' } }], ...limit(8192) })]],
  ])('passes %s', (_, objects) => {
    expect(messages(GATEWAY_ROUTE_REQUEST_SIZE_LIMITED, input([], [route(), ...objects]))).toEqual([]);
  });
  test('mesh-internal routes (GAMMA: a Service parent) are not judged', () => {
    expect(messages(GATEWAY_ROUTE_REQUEST_SIZE_LIMITED, input([], [route([{ group: '', kind: 'Service', name: 'web' }])]))).toEqual([]);
  });
  test.each([
    ['nothing', []],
    ['a BackendTrafficPolicy with only a rate limit', [btp({ ...toRoute, rateLimit: { type: 'Local', local: { rules: [{ limit: { requests: 1, unit: 'Second' } }] } } })]],
    ['a requestBuffer without a limit', [btp({ ...toRoute, requestBuffer: {} })]],
    ['a zero, negative, fractional or malformed limit', [btp({ ...toRoute, ...limit(0) }), btp({ ...toRoute, ...limit(-1) }), btp({ ...toRoute, ...limit(1.5) }),
      btp({ ...toRoute, ...limit('0') }), btp({ ...toRoute, ...limit('lots') })]],
    ['a limit for another route', [btp({ targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'other' }], ...limit(1024) })]],
    ['a limit of another namespace naming the route', [btp({ ...toRoute, ...limit(1024) }, 'other')]],
    ['a limit of another API group', [btp({ ...toRoute, ...limit(1024) }, 'web', 'example.com/v1')]],
    ['a Gateway limit outside the namespace of the Gateway', [btp({ ...toGateway, ...limit(1024) })]],
    ['a label selector the route does not match', [btp({ targetSelectors: [{ kind: 'HTTPRoute', matchLabels: { tier: 'internal' } }], ...limit(1024) })]],
  ])('flags %s', (_, objects) => {
    expect(messages(GATEWAY_ROUTE_REQUEST_SIZE_LIMITED, input([], [route(), ...objects])))
      .toEqual([expect.stringContaining('attached to Gateway gateway/edge without a request body limit')]);
  });
  test('the edge-request-size opt-out on the route suppresses the finding with its reason; the rate limit opt-out does not', () => {
    expect(GATEWAY_ROUTE_REQUEST_SIZE_LIMITED.optOutControl).toBe('edge-request-size');
    const reason = 'the routes stream WebSocket traffic';
    const optedOut = evaluate(input([], [route(undefined, { 'opt-out.secure-constructs.io/edge-request-size': reason })]), { rules: [GATEWAY_ROUTE_REQUEST_SIZE_LIMITED] });
    expect(optedOut.findings.map(f => [f.ruleId, f.suppressed, f.failing, f.suppressionReason])).toEqual([['X-022', true, false, reason]]);
    const other = evaluate(input([], [route(undefined, { 'opt-out.secure-constructs.io/edge-rate-limit': reason })]), { rules: [GATEWAY_ROUTE_REQUEST_SIZE_LIMITED] });
    expect(other.findings.map(f => [f.ruleId, f.suppressed, f.failing])).toEqual([['X-022', false, true]]);
  });
});

describe('X-014 JWT validation checks the audience and fetches keys over https', () => {
  const ra = (jwtRules: any[]) => k8s({ apiVersion: 'security.istio.io/v1', kind: 'RequestAuthentication', metadata: { name: 'api', namespace: 'api' }, spec: { jwtRules } });
  test('passes scoped rules', () => {
    expect(messages(JWT_RULES_SCOPED, input([], [ra([{ issuer: 'https://i', jwksUri: 'https://i/jwks', audiences: ['api'] }]), ingress({ [`${A}jwt-validation`]: JWT })]))).toEqual([]);
  });
  test('flags a rule without audiences, an http JWKS (either spelling), and a jwt-validation without aud or over http', () => {
    expect(messages(JWT_RULES_SCOPED, input([], [
      ra([{ issuer: 'https://i', jwksUri: 'https://i/jwks' }, { issuer: 'https://i', jwks_uri: 'http://i/jwks', audiences: ['a'] }]),
      ingress({ [`${A}jwt-validation`]: JSON.stringify({ jwksEndpoint: 'http://i/jwks', issuer: 'https://i' }) }),
      ingress({ [`${A}jwt-validation`]: '{not json' }),
    ]))).toEqual([
      'jwtRules[0] (issuer "https://i") has no audiences',
      'jwtRules[1] fetches its JWKS from "http://i/jwks", not https',
      'jwt-validation fetches its JWKS from "http://i/jwks", not https',
      'jwt-validation checks no audience (no additional claim "aud")',
      'jwt-validation is not JSON',
    ]);
  });
  const sp = (providers: any[], apiVersion = 'gateway.envoyproxy.io/v1alpha1') => k8s({ apiVersion, kind: 'SecurityPolicy', metadata: { name: 'web', namespace: 'web' }, spec: { jwt: { providers } } });
  test('passes Envoy Gateway providers with audiences and an https (or local) JWKS', () => {
    expect(messages(JWT_RULES_SCOPED, input([], [sp([{ name: 'a', audiences: ['api'], remoteJWKS: { uri: 'https://i/jwks' } }, { name: 'b', audiences: ['api'], localJWKS: {} }])]))).toEqual([]);
  });
  test('flags an Envoy Gateway provider without audiences or with an http JWKS; other groups are not judged', () => {
    expect(messages(JWT_RULES_SCOPED, input([], [
      sp([{ name: 'a', remoteJWKS: { uri: 'https://i/jwks' } }, { name: 'b', audiences: ['api'], remoteJWKS: { uri: 'http://i/jwks' } }]),
      sp([{ name: 'c', remoteJWKS: { uri: 'http://i/jwks' } }], 'example.com/v1'),
    ]))).toEqual([
      'jwt.providers[0] ("a") has no audiences',
      'jwt.providers[1] ("b") fetches its JWKS from "http://i/jwks", not https',
    ]);
  });
});

describe('X-015 no allow-all AuthorizationPolicy on an exposed workload', () => {
  const service = (name: string) => k8s({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'web' }, spec: { selector: { app: name } } });
  const policy = (rules: any[] | undefined, selector: any = { matchLabels: { app: 'web' } }, action?: string) => k8s({
    apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'p', namespace: 'web' }, spec: { selector, ...(action ? { action } : {}), ...(rules ? { rules } : {}) },
  });
  test('passes rules with callers, no rules (deny all), DENY policies and unexposed workloads', () => {
    expect(messages(NO_ALLOW_ALL_AUTHORIZATION_EXPOSED, input([], [
      ingress({}), service('web'), service('other'),
      policy([{ from: [{ source: { principals: ['cluster.local/ns/a/sa/a'] } }] }]),
      policy(undefined),
      policy([{}], undefined, 'DENY'),
      policy([{}], { matchLabels: { app: 'other' } }),
    ]))).toEqual([]);
  });
  test('flags an empty rule and a rule with only a port, also namespace-wide', () => {
    expect(messages(NO_ALLOW_ALL_AUTHORIZATION_EXPOSED, input([], [
      ingress({}), service('web'),
      policy([{}]),
      policy([{ to: [{ operation: { ports: ['8443'] } }] }], undefined),
    ]))).toEqual([1, 2].map(() => 'allows every caller on exposed Service web (a rule without from and when)'));
  });
});

describe('X-016 the OIDC client secret is not in the manifests', () => {
  const oidc = ingress({ [`${A}auth-type`]: 'oidc', [`${A}auth-idp-oidc`]: JSON.stringify({ issuer: 'https://i', secretName: 'web-oidc-client' }) });
  const secret = (namespace: string) => k8s({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'web-oidc-client', namespace }, stringData: { clientID: 'a', clientSecret: 'b' } });
  test('passes when the Secret is made at runtime (not in the input) or is another namespace\'s', () => {
    expect(messages(ALB_OIDC_SECRET_EXTERNAL, input([], [oidc, secret('other')]))).toEqual([]);
  });
  test('flags the Secret in the manifests', () => {
    expect(messages(ALB_OIDC_SECRET_EXTERNAL, input([], [oidc, secret('web')]))).toEqual(['holds the OIDC client secret of Ingress web/web in the manifests']);
  });
  const sp = (clientSecret: any) => k8s({ apiVersion: 'gateway.envoyproxy.io/v1alpha1', kind: 'SecurityPolicy', metadata: { name: 'web', namespace: 'web' }, spec: { oidc: { clientSecret } } });
  test("flags the Secret of an Envoy Gateway SecurityPolicy's OIDC client in the manifests, in its namespace or the one referenced", () => {
    expect(messages(ALB_OIDC_SECRET_EXTERNAL, input([], [sp({ name: 'web-oidc-client' }), sp({ name: 'web-oidc-client', namespace: 'other' }), secret('web'), secret('other')])))
      .toEqual([1, 2].map(() => 'holds the OIDC client secret of SecurityPolicy web/web in the manifests'));
    expect(messages(ALB_OIDC_SECRET_EXTERNAL, input([], [sp({ name: 'web-oidc-client' }), secret('other')]))).toEqual([]);
  });
});

describe('the edge rules on odd input', () => {
  test('never throw', () => {
    const odd: any[] = [{}, { spec: null }, { metadata: { annotations: null } }, { spec: { rules: 'x', jwtRules: 'x', selector: 'x' } },
      { metadata: { annotations: { [`${A}scheme`]: 'internet-facing', [`${A}auth-idp-oidc`]: '{', [`${A}jwt-validation`]: 'null' } }, spec: { ingressClassName: 'alb', rules: [null, { http: { paths: 'x' } }] } },
      { spec: { rules: [null, 'x', { from: 'x' }], jwtRules: [null, 'x'] } },
      { apiVersion: 'gateway.envoyproxy.io/v1alpha1', spec: { targetRefs: 'x', targetSelectors: [null, { matchLabels: 'x' }], jwt: { providers: [null, 'x'] }, oidc: { clientSecret: null } } },
      { apiVersion: 'gateway.envoyproxy.io/v1alpha1', spec: { targetRefs: [null, 'x'], rateLimit: { local: { rules: 'x' }, global: null } } },
      { spec: { parentRefs: [null, 'x', { name: 'g' }], rules: [{ backendRefs: [null, { name: 'web' }] }], selector: 'x' } }];
    const kubernetes = ['Ingress', 'HTTPRoute', 'Service', 'Secret', 'AuthorizationPolicy', 'RequestAuthentication', 'SecurityPolicy', 'BackendTrafficPolicy']
      .flatMap(kind => odd.map(o => k8s({ kind, ...o })));
    const rules = [
      EDGE_AUTHENTICATION_REQUIRED, EDGE_WEB_ACL_REQUIRED, GATEWAY_ROUTE_RATE_LIMITED, GATEWAY_ROUTE_REQUEST_SIZE_LIMITED,
      JWT_RULES_SCOPED, NO_ALLOW_ALL_AUTHORIZATION_EXPOSED, ALB_OIDC_SECRET_EXTERNAL,
    ];
    for (const rule of rules) {
      expect(() => rule.check(input([], kubernetes))).not.toThrow();
    }
  });
});
