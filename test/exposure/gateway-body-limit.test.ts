import {
  GatewayBodyLimit, GatewayRateLimit, IssuerRef, RateLimitUnit, SecureApp,
} from '../../src';
import { OPT_OUT_ANNOTATION_PREFIX } from '../../src/core/opt-out';
import { EDGE_REQUEST_SIZE_CONTROL, MAX_GATEWAY_REQUEST_BODY_BYTES } from '../../src/exposure/gateway-body-limit';
import { GATEWAY_ROUTE_REQUEST_SIZE_LIMITED } from '../../src/policy/rules/cross-cutting/gateway-route-limits';
import { expectConfigError } from '../support/errors';
import { exposeWith, platformWith, ROUTE } from '../support/gateway-exposure';
import { validateObjects } from '../support/k8s-schema';
import { objectOf, objectsOf } from '../support/synth';

const OPT_OUT = 'opt-out.secure-constructs.io/edge-request-size';
const RATE_OPT_OUT = 'opt-out.secure-constructs.io/edge-rate-limit';
function openFindings(app: SecureApp): string[] {
  return app.policyReport!.findings.filter(f => !f.suppressed && f.severity !== 'info').map(f => `${f.ruleId} ${f.resource}: ${f.message}`);
}

function covered(app: SecureApp, ruleId: string): Array<[boolean | undefined, string | undefined]> {
  return app.policyReport!.findings.filter(f => f.ruleId === ruleId).map(f => [f.suppressed, f.suppressionReason]);
}

describe('Envoy Gateway, internet-facing: bodies up to 1 MiB on every route by default', () => {
  const { out, app } = exposeWith();

  test('the route\'s one BackendTrafficPolicy carries both the rate limit and requestBuffer.limit 1048576 (bytes, an integer)', () => {
    expect(objectsOf(out, 'BackendTrafficPolicy')).toHaveLength(1);
    const policy = objectOf(out, 'BackendTrafficPolicy', 'web', 'web');
    expect(policy.spec.targetRefs).toEqual(ROUTE);
    expect(policy.spec.requestBuffer).toEqual({ limit: 1048576 });
    expect(policy.spec.rateLimit.type).toBe('Local');
    // The CRD's CEL rule: requestBuffer cannot be combined with httpUpgrade.
    expect(policy.spec.httpUpgrade).toBeUndefined();
    expect(objectOf(out, 'HTTPRoute', 'web', 'web').metadata.annotations[OPT_OUT]).toBeUndefined();
  });

  test('valid against the vendored CRD (Envoy Gateway v1.9), and X-022 passes without a suppression', () => {
    expect(validateObjects(out.objects)).toEqual([]);
    expect(openFindings(app)).toEqual([]);
    expect(covered(app, 'X-022')).toEqual([]);
  });

  test('the opt-out written on the route is the one rule X-022 honours', () => {
    expect(OPT_OUT).toBe(`${OPT_OUT_ANNOTATION_PREFIX}${GATEWAY_ROUTE_REQUEST_SIZE_LIMITED.optOutControl}`);
    expect(GATEWAY_ROUTE_REQUEST_SIZE_LIMITED.optOutControl).toBe(EDGE_REQUEST_SIZE_CONTROL);
  });
});

describe('options', () => {
  test.each([1, 8192, 10 * 1048576, MAX_GATEWAY_REQUEST_BODY_BYTES])('maxBytes(%p) is the route\'s limit, valid against the CRD', bytes => {
    const { out, app } = exposeWith({ requestBodyLimit: GatewayBodyLimit.maxBytes(bytes) });
    const policy = objectOf(out, 'BackendTrafficPolicy', 'web', 'web');
    expect(policy.spec.requestBuffer).toEqual({ limit: bytes });
    expect(validateObjects([policy])).toEqual([]);
    expect(openFindings(app)).toEqual([]);
  });

  test('without a rate limit the policy still limits the body, and only the rate limit is opted out', () => {
    const { out, app } = exposeWith({ rateLimit: GatewayRateLimit.none('the NLB in front of the Gateway limits rates'), requestBodyLimit: GatewayBodyLimit.maxBytes(4096) });
    const policy = objectOf(out, 'BackendTrafficPolicy', 'web', 'web');
    expect(Object.keys(policy.spec).sort()).toEqual(['requestBuffer', 'targetRefs']);
    expect(policy.spec.requestBuffer.limit).toBe(4096);
    expect(validateObjects([policy])).toEqual([]);
    const annotations = objectOf(out, 'HTTPRoute', 'web', 'web').metadata.annotations;
    expect([annotations[RATE_OPT_OUT], annotations[OPT_OUT]]).toEqual(['the NLB in front of the Gateway limits rates', undefined]);
    expect(covered(app, 'X-022')).toEqual([]);
  });

  test('none(reason): the policy keeps only the rate limit, the reason is on the HTTPRoute, and the report lists the X-022 finding it covers', () => {
    const { out, app } = exposeWith({ requestBodyLimit: GatewayBodyLimit.none('  the routes stream WebSocket traffic  ') });
    const policy = objectOf(out, 'BackendTrafficPolicy', 'web', 'web');
    expect(policy.spec.requestBuffer).toBeUndefined();
    expect(policy.spec.rateLimit.local.rules).toHaveLength(2);
    expect(objectOf(out, 'HTTPRoute', 'web', 'web').metadata.annotations[OPT_OUT]).toBe('the routes stream WebSocket traffic');
    expect(covered(app, 'X-022')).toEqual([[true, 'the routes stream WebSocket traffic']]);
    expect(openFindings(app)).toEqual([]);
  });

  test('both off: no policy at all, both opt-outs on the route', () => {
    const { out, app } = exposeWith({
      rateLimit: GatewayRateLimit.none('the NLB in front of the Gateway limits rates'),
      requestBodyLimit: GatewayBodyLimit.none('CloudFront in front of the Gateway limits request sizes'),
    });
    expect(objectsOf(out, 'BackendTrafficPolicy')).toEqual([]);
    expect(objectOf(out, 'HTTPRoute', 'web', 'web').metadata.annotations[OPT_OUT]).toBe('CloudFront in front of the Gateway limits request sizes');
    expect(covered(app, 'X-021')).toEqual([[true, 'the NLB in front of the Gateway limits rates']]);
    expect(covered(app, 'X-022')).toEqual([[true, 'CloudFront in front of the Gateway limits request sizes']]);
    expect(openFindings(app)).toEqual([]);
  });

  test('an internal Gateway gets no body limit by default; the declaration is recorded on the route', () => {
    const { out, app } = exposeWith({ internetFacing: false }, undefined);
    expect(objectsOf(out, 'BackendTrafficPolicy')).toEqual([]);
    expect(objectOf(out, 'HTTPRoute', 'web', 'web').metadata.annotations[OPT_OUT]).toContain('internetFacing: false');
    expect(covered(app, 'X-022').map(([suppressed]) => suppressed)).toEqual([true]);
    expect(openFindings(app)).toEqual([]);
  });

  test('an internal Gateway still enforces the body limit it is given (and only that, without a rate limit)', () => {
    const { out } = exposeWith({ internetFacing: false, requestBodyLimit: GatewayBodyLimit.maxBytes(65536) }, undefined);
    const policy = objectOf(out, 'BackendTrafficPolicy', 'web', 'web');
    expect(policy.spec.requestBuffer).toEqual({ limit: 65536 });
    expect(policy.spec.rateLimit).toBeUndefined();
    expect(objectOf(out, 'HTTPRoute', 'web', 'web').metadata.annotations[OPT_OUT]).toBeUndefined();
    const both = exposeWith({
      internetFacing: false,
      requestBodyLimit: GatewayBodyLimit.maxBytes(65536),
      rateLimit: GatewayRateLimit.perClientIp({ requests: 5, per: RateLimitUnit.SECOND }),
    }, undefined);
    expect(objectsOf(both.out, 'BackendTrafficPolicy')).toHaveLength(1);
    expect(Object.keys(objectOf(both.out, 'BackendTrafficPolicy', 'web', 'web').spec).sort()).toEqual(['rateLimit', 'requestBuffer', 'targetRefs']);
  });

  test('Istio and other implementations: none(reason) is recorded; internal Gateways need nothing', () => {
    const rateLimit = GatewayRateLimit.none('rates are limited by the WAF in front of the Gateway');
    const requestBodyLimit = GatewayBodyLimit.none('request sizes are limited by the WAF in front of the Gateway');
    const { out, app } = exposeWith({ gatewayClassName: 'istio', issuer: IssuerRef.clusterIssuer('letsencrypt'), rateLimit, requestBodyLimit });
    expect(objectsOf(out, 'BackendTrafficPolicy')).toEqual([]);
    expect(objectOf(out, 'HTTPRoute', 'web', 'web').metadata.annotations[OPT_OUT]).toBe('request sizes are limited by the WAF in front of the Gateway');
    expect(openFindings(app)).toEqual([]);
    const internal = exposeWith({ gatewayClassName: 'cilium', internetFacing: false }, undefined);
    expect(objectOf(internal.out, 'HTTPRoute', 'web', 'web').metadata.annotations[OPT_OUT]).toContain('internetFacing: false');
  });
});

describe('invalid input fails with a ConfigurationError', () => {
  const platform = (requestBodyLimit: unknown) => () => platformWith({ requestBodyLimit: requestBodyLimit as any });
  test.each([0, -1, -1048576, 1.5, MAX_GATEWAY_REQUEST_BODY_BYTES + 1, 2 ** 32, Number.MAX_SAFE_INTEGER, NaN, Infinity, '1048576', '1Mi', undefined, null])(
    'maxBytes(%p)', bytes => {
      const error = expectConfigError(platform(GatewayBodyLimit.maxBytes(bytes as any)),
        { path: 'test', property: 'exposure.requestBodyLimit.maxBytes(bytes)', received: bytes });
      expect(error.fix).toContain('1048576');
    });
  test.each(['', '   ', 'too short', '  short   ', undefined, 42])('none(%p)', reason => {
    expectConfigError(platform(GatewayBodyLimit.none(reason as any)), { path: 'test', property: 'exposure.requestBodyLimit.none(reason)', received: reason });
  });
  test.each([{ maxBytes: 1048576 }, 'none', 1048576, GatewayRateLimit.none('the NLB in front of the Gateway limits rates')])('not a GatewayBodyLimit: %p', requestBodyLimit => {
    expectConfigError(platform(requestBodyLimit), { path: 'test', property: 'exposure.requestBodyLimit', received: requestBodyLimit });
  });
  test('an internet-facing Gateway of another implementation needs none(reason), and the error lists the options', () => {
    const rateLimit = GatewayRateLimit.none('rates are limited by the WAF in front of the Gateway');
    const error = expectConfigError(() => exposeWith({ gatewayClassName: 'cilium', rateLimit }), { path: 'test/web', property: 'exposure.requestBodyLimit', received: undefined });
    expect(error.fix).toContain('GatewayBodyLimit.none(');
    expect(error.fix).toContain('Envoy Gateway');
    expect(error.fix).toContain('internetFacing: false');
    expectConfigError(() => exposeWith({ gatewayClassName: 'istio', issuer: IssuerRef.clusterIssuer('letsencrypt'), rateLimit }),
      { path: 'test/web', property: 'exposure.requestBodyLimit', received: undefined });
  });
  test('with neither control set, one error names both (rate limit and body limit), not one after the other', () => {
    for (const options of [{ gatewayClassName: 'cilium' }, { gatewayClassName: 'istio', issuer: IssuerRef.clusterIssuer('letsencrypt') }]) {
      const error = expectConfigError(() => exposeWith(options), { path: 'test/web', property: 'exposure.rateLimit and exposure.requestBodyLimit', received: undefined });
      expect(error.fix).toContain('GatewayRateLimit.none(');
      expect(error.fix).toContain('GatewayBodyLimit.none(');
      expect(error.fix).toContain('internetFacing: false');
    }
  });
  test('maxBytes is refused where the library cannot enforce it (Istio, also internal)', () => {
    const rateLimit = GatewayRateLimit.none('rates are limited by the WAF in front of the Gateway');
    const error = expectConfigError(() => exposeWith({ gatewayClassName: 'istio', issuer: IssuerRef.clusterIssuer('letsencrypt'), rateLimit, requestBodyLimit: GatewayBodyLimit.maxBytes(1024) }),
      { path: 'test/web', property: 'exposure.requestBodyLimit', received: 'maxBytes' });
    expect(error.message).toContain('EnvoyFilter');
    expectConfigError(() => exposeWith({ gatewayClassName: 'cilium', internetFacing: false, requestBodyLimit: GatewayBodyLimit.maxBytes(1024) }, undefined),
      { path: 'test/web', property: 'exposure.requestBodyLimit', received: 'maxBytes' });
  });
});
