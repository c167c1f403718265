import {
  GatewayBodyLimit, GatewayRateLimit, IssuerRef, RateLimitUnit, SecureApp,
  SecureMicroservice,
} from '../../src';
import { expectConfigError } from '../support/errors';
import { exposeWith, platformWith, PUBLIC, ROUTE } from '../support/gateway-exposure';
import { validateObjects } from '../support/k8s-schema';
import { image, objectOf, objectsOf, synth } from '../support/synth';

const OPT_OUT = 'opt-out.secure-constructs.io/edge-rate-limit';
/** The rules of the route's local rate limit, as [CIDR, type, requests, unit]. */
function rulesOf(policy: any): Array<[string, string, number, string]> {
  return policy.spec.rateLimit.local.rules.map((r: any) => {
    const cidr = r.clientSelectors[0].sourceCIDR;
    return [cidr.value, cidr.type, r.limit.requests, r.limit.unit];
  });
}

function openFindings(app: SecureApp): string[] {
  return app.policyReport!.findings.filter(f => !f.suppressed && f.severity !== 'info').map(f => `${f.ruleId} ${f.resource}: ${f.message}`);
}

describe('Envoy Gateway, internet-facing: a per-client-IP rate limit for every route by default', () => {
  const { out, app } = exposeWith();

  test('one BackendTrafficPolicy targeting exactly the HTTPRoute: 100 requests per minute for each IPv4 and each IPv6 client', () => {
    const policies = objectsOf(out, 'BackendTrafficPolicy');
    expect(policies).toHaveLength(1);
    const policy = objectOf(out, 'BackendTrafficPolicy', 'web', 'web');
    expect(policy.apiVersion).toBe('gateway.envoyproxy.io/v1alpha1');
    expect(policy.spec.targetRefs).toEqual(ROUTE);
    expect(policy.spec.rateLimit.type).toBe('Local');
    expect(rulesOf(policy)).toEqual([['0.0.0.0/0', 'Distinct', 100, 'Minute'], ['::/0', 'Distinct', 100, 'Minute']]);
    expect(objectOf(out, 'HTTPRoute', 'web', 'web').metadata.annotations[OPT_OUT]).toBeUndefined();
  });

  test('valid against the vendored CRD (Envoy Gateway v1.9), and X-021 passes without a suppression', () => {
    expect(validateObjects(out.objects)).toEqual([]);
    expect(openFindings(app)).toEqual([]);
    expect(app.policyReport!.findings.filter(f => f.ruleId === 'X-021')).toEqual([]);
  });

  test('a policy per exposed route, each targeting its own', () => {
    const platform = platformWith();
    for (const name of ['web', 'api']) {
      new SecureMicroservice(platform, name, { image: image(name, 1) }).expose({ host: `${name}.example.com`, authentication: PUBLIC });
    }
    const policies = objectsOf(synth(platform.node.scope as SecureApp), 'BackendTrafficPolicy');
    expect(policies.map(p => [p.metadata.namespace, p.spec.targetRefs[0].name]).sort()).toEqual([['api', 'api'], ['web', 'web']]);
  });
});

describe('options', () => {
  test.each([[RateLimitUnit.SECOND, 'Second'], [RateLimitUnit.MINUTE, 'Minute'], [RateLimitUnit.HOUR, 'Hour']])('perClientIp per %s', (per, unit) => {
    const { out } = exposeWith({ rateLimit: GatewayRateLimit.perClientIp({ requests: 7, per }) });
    const policy = objectOf(out, 'BackendTrafficPolicy', 'web', 'web');
    expect(rulesOf(policy)).toEqual([['0.0.0.0/0', 'Distinct', 7, unit], ['::/0', 'Distinct', 7, unit]]);
    expect(validateObjects([policy])).toEqual([]);
  });

  test('none(reason): no rate limit in the route\'s policy, the reason on the HTTPRoute, and the report lists the X-021 finding it covers', () => {
    const { out, app } = exposeWith({ rateLimit: GatewayRateLimit.none('  the NLB in front of the Gateway limits rates  ') });
    const policy = objectOf(out, 'BackendTrafficPolicy', 'web', 'web');
    expect(policy.spec.rateLimit).toBeUndefined();
    expect(policy.spec.requestBuffer).toEqual({ limit: 1048576 });
    expect(objectOf(out, 'HTTPRoute', 'web', 'web').metadata.annotations[OPT_OUT]).toBe('the NLB in front of the Gateway limits rates');
    const covered = app.policyReport!.findings.filter(f => f.ruleId === 'X-021');
    expect(covered.map(f => [f.suppressed, f.suppressionReason])).toEqual([[true, 'the NLB in front of the Gateway limits rates']]);
    expect(openFindings(app)).toEqual([]);
  });

  test('an internal Gateway gets no rate limit by default; the declaration is recorded on the route', () => {
    const { out, app } = exposeWith({ internetFacing: false }, undefined);
    expect(objectsOf(out, 'BackendTrafficPolicy')).toEqual([]);
    expect(objectOf(out, 'HTTPRoute', 'web', 'web').metadata.annotations[OPT_OUT]).toContain('internetFacing: false');
    expect(openFindings(app)).toEqual([]);
  });

  test('an internal Gateway still enforces the rate limit it is given', () => {
    const rateLimit = GatewayRateLimit.perClientIp({ requests: 5, per: RateLimitUnit.SECOND });
    const { out } = exposeWith({ internetFacing: false, rateLimit }, undefined);
    expect(rulesOf(objectOf(out, 'BackendTrafficPolicy', 'web', 'web'))[0]).toEqual(['0.0.0.0/0', 'Distinct', 5, 'Second']);
  });

  test('Istio and other implementations: none(reason) is recorded; internal Gateways need nothing', () => {
    const none = GatewayRateLimit.none('rates are limited by the WAF in front of the Gateway');
    const requestBodyLimit = GatewayBodyLimit.none('request sizes are limited by the WAF in front of the Gateway');
    const { out } = exposeWith({ gatewayClassName: 'cilium', rateLimit: none, requestBodyLimit });
    expect(objectOf(out, 'HTTPRoute', 'web', 'web').metadata.annotations[OPT_OUT]).toBe('rates are limited by the WAF in front of the Gateway');
    const internal = exposeWith({ gatewayClassName: 'cilium', internetFacing: false }, undefined);
    expect(objectsOf(internal.out, 'BackendTrafficPolicy')).toEqual([]);
    expect(objectOf(internal.out, 'HTTPRoute', 'web', 'web').metadata.annotations[OPT_OUT]).toContain('internetFacing: false');
  });
});

describe('invalid input fails with a ConfigurationError', () => {
  const platform = (rateLimit: unknown) => () => platformWith({ rateLimit: rateLimit as any });
  test.each([0, -1, 1.5, 2 ** 32, NaN, '100', undefined])('requests %p', requests => {
    expectConfigError(platform(GatewayRateLimit.perClientIp({ requests: requests as any, per: RateLimitUnit.MINUTE })),
      { path: 'test', property: 'exposure.rateLimit.perClientIp(options.requests)', received: requests });
  });
  test.each(['Day', 'minute', undefined, 60])('per %p', per => {
    expectConfigError(platform(GatewayRateLimit.perClientIp({ requests: 10, per: per as any })),
      { path: 'test', property: 'exposure.rateLimit.perClientIp(options.per)', received: per });
  });
  test('perClientIp without options (plain JavaScript)', () => {
    expectConfigError(platform(GatewayRateLimit.perClientIp(undefined as any)), { path: 'test', property: 'exposure.rateLimit.perClientIp(options)', received: undefined });
  });
  test.each(['', '   ', 'too short', undefined, 42])('none(%p)', reason => {
    expectConfigError(platform(GatewayRateLimit.none(reason as any)), { path: 'test', property: 'exposure.rateLimit.none(reason)', received: reason });
  });
  test.each([{ requests: 100, per: 'Minute' }, 'none', 100])('not a GatewayRateLimit: %p', rateLimit => {
    expectConfigError(platform(rateLimit), { path: 'test', property: 'exposure.rateLimit', received: rateLimit });
  });
  test('an internet-facing Gateway of another implementation needs none(reason)', () => {
    const requestBodyLimit = GatewayBodyLimit.none('request sizes are limited by the CDN in front of the Gateway');
    const error = expectConfigError(() => exposeWith({ gatewayClassName: 'cilium', requestBodyLimit }), { path: 'test/web', property: 'exposure.rateLimit', received: undefined });
    expect(error.fix).toContain('GatewayRateLimit.none(');
    expectConfigError(() => exposeWith({ gatewayClassName: 'istio', issuer: IssuerRef.clusterIssuer('letsencrypt'), requestBodyLimit }),
      { path: 'test/web', property: 'exposure.rateLimit', received: undefined });
  });
  test('perClientIp is refused where the library cannot enforce it', () => {
    expectConfigError(() => exposeWith({ gatewayClassName: 'cilium', rateLimit: GatewayRateLimit.perClientIp({ requests: 10, per: RateLimitUnit.SECOND }) }),
      { path: 'test/web', property: 'exposure.rateLimit', received: 'perClientIp' });
  });
});
