import { IConstruct } from 'constructs';
import { fail } from '../core/errors';
import { plainObject } from '../core/kube-object';
import { MIN_REASON_LENGTH, OPT_OUT_ANNOTATION_PREFIX } from '../core/opt-out';
import type { ServiceWorkload } from '../workload/service-workload';

/** The API version of Envoy Gateway's `BackendTrafficPolicy`. */
export const ENVOY_BACKEND_TRAFFIC_POLICY_API_VERSION = 'gateway.envoyproxy.io/v1alpha1';

/**
 * The control of the edge rate limit, as it appears in the opt-out annotation
 * (`opt-out.secure-constructs.io/edge-rate-limit`) and in rule X-013.
 */
export const EDGE_RATE_LIMIT_CONTROL = 'edge-rate-limit';

/** The window a per-client limit counts requests in. */
export enum RateLimitUnit {
  /** Requests per second. */
  SECOND = 'Second',
  /** Requests per minute. */
  MINUTE = 'Minute',
  /** Requests per hour. */
  HOUR = 'Hour',
}

/** Default requests per client IP and window. */
export const DEFAULT_GATEWAY_RATE_LIMIT_REQUESTS = 100;
/** Default window of the per-client limit. */
export const DEFAULT_GATEWAY_RATE_LIMIT_UNIT = RateLimitUnit.MINUTE;

/** Options of {@link GatewayRateLimit.perClientIp}. */
export interface PerClientIpRateLimitOptions {
  /** Requests each client IP may make in each window, a positive whole number. */
  readonly requests: number;
  /** The window. */
  readonly per: RateLimitUnit;
}

/**
 * The rate limit of a platform's Gateway API exposures (`ExposureController.gatewayApi({ rateLimit })`).
 *
 * With Envoy Gateway, `perClientIp` becomes one `BackendTrafficPolicy` per exposed HTTPRoute, with
 * a local rate limit: every client address (IPv4 and IPv6, `sourceCIDR` of type `Distinct`) has
 * its own bucket of `requests` per window; requests over it get 429. The bucket is per route and
 * per Envoy proxy replica (a local limit is not shared between replicas, so with N replicas a
 * client may make up to N times the limit), and per address: an IPv6 client that rotates through
 * the addresses of its prefix gets a bucket for each. The client address is the peer address
 * Envoy sees, or the one its `ClientTrafficPolicy` takes from `X-Forwarded-For` or the PROXY
 * protocol: behind a load balancer that hides it, all clients share that load balancer's buckets.
 *
 * Other implementations (Istio included) have no typed per-route rate limit (Istio needs
 * `EnvoyFilter` patches, which the library does not write), so an internet-facing Gateway served
 * by one of them needs `GatewayRateLimit.none('<reason>')`, for instance because the load balancer
 * in front of the Gateway limits rates.
 */
export class GatewayRateLimit {
  /**
   * Each client IP may make `requests` requests per `per` window on each exposed route.
   */
  public static perClientIp(options: PerClientIpRateLimitOptions): GatewayRateLimit {
    return new GatewayRateLimit(false, options?.requests, options?.per, undefined, options);
  }

  /**
   * No rate limit at the Gateway. The reason (at least 10 characters) is written on every
   * HTTPRoute as the `edge-rate-limit` opt-out and listed in the policy report.
   */
  public static none(reason: string): GatewayRateLimit {
    return new GatewayRateLimit(true, undefined, undefined, reason);
  }

  private constructor(
    /** @internal */ public readonly _none: boolean,
    /** @internal */ public readonly _requests: number | undefined,
    /** @internal */ public readonly _unit: RateLimitUnit | undefined,
    /** @internal */ public readonly _reason: string | undefined,
    /** @internal */ public readonly _options?: unknown) {}

  /** @internal */
  public _validate(scope: IConstruct, property: string): void {
    if (this._none) {
      const r = this._reason;
      if (typeof r !== 'string' || r.trim().length < MIN_REASON_LENGTH) {
        fail(scope, `${property}.none(reason)`, r, `turning the rate limit off needs a reason of at least ${MIN_REASON_LENGTH} characters, recorded on every route`,
          "say why, e.g. GatewayRateLimit.none('the NLB in front of the Gateway limits rates per client')");
      }
      return;
    }
    if (!this._options || typeof this._options !== 'object') {
      fail(scope, `${property}.perClientIp(options)`, this._options, 'not options', 'use GatewayRateLimit.perClientIp({ requests: 100, per: RateLimitUnit.MINUTE })');
    }
    const n = this._requests;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 0xffffffff) {
      fail(scope, `${property}.perClientIp(options.requests)`, n, 'not a positive whole number of requests (at most 4294967295)',
        `use e.g. ${DEFAULT_GATEWAY_RATE_LIMIT_REQUESTS}`);
    }
    if (!Object.values(RateLimitUnit).includes(this._unit as RateLimitUnit)) {
      fail(scope, `${property}.perClientIp(options.per)`, this._unit, 'not a RateLimitUnit', 'use RateLimitUnit.SECOND, RateLimitUnit.MINUTE or RateLimitUnit.HOUR');
    }
  }
}

/**
 * The default: per client IP, 100 requests per minute on each route. That is one request every
 * 0.6 seconds on average, with bursts of up to 100 (the bucket refills each minute): above what a
 * person in a browser or a well-behaved API client sends to one service, and low enough that one
 * address cannot flood it. Tune it with `GatewayRateLimit.perClientIp`.
 */
export const DEFAULT_GATEWAY_RATE_LIMIT = GatewayRateLimit.perClientIp({
  requests: DEFAULT_GATEWAY_RATE_LIMIT_REQUESTS, per: DEFAULT_GATEWAY_RATE_LIMIT_UNIT,
});

/** What an exposure's rate limit adds to its HTTPRoute, and writes once the route exists. */
export interface GatewayRouteRateLimit {
  readonly routeAnnotations: { [key: string]: string };
  readonly enforce: () => void;
}

const PROPERTY = 'exposure.rateLimit';

/**
 * The rate limit of one exposure: the platform's `rateLimit` (default
 * {@link DEFAULT_GATEWAY_RATE_LIMIT} with Envoy Gateway), the `edge-rate-limit` opt-out for an
 * internal Gateway or `none(reason)`, refused for `perClientIp` on other implementations and
 * required (as `none`) for internet-facing Gateways of other implementations.
 */
export function resolveGatewayRateLimit(workload: ServiceWorkload, rateLimit: GatewayRateLimit | undefined, envoyGateway: boolean,
  internetFacing: boolean): GatewayRouteRateLimit {
  const optOut = (reason: string): GatewayRouteRateLimit => ({
    routeAnnotations: { [`${OPT_OUT_ANNOTATION_PREFIX}${EDGE_RATE_LIMIT_CONTROL}`]: reason }, enforce: () => undefined,
  });
  if (rateLimit?._none) return optOut(rateLimit._reason!.trim());
  if (!envoyGateway) {
    if (rateLimit !== undefined) {
      fail(workload.service, PROPERTY, 'perClientIp', 'the library knows a typed per-route rate limit only for Envoy Gateway (BackendTrafficPolicy); Istio would need EnvoyFilter patches, which it does not write, so the limit would not hold',
        "limit rates in front of the Gateway (e.g. a WAF or the load balancer) and pass GatewayRateLimit.none('<where rates are limited>'), or use Envoy Gateway");
    }
    if (internetFacing) {
      fail(workload.service, PROPERTY, rateLimit, "an internet-facing Gateway takes any rate from anyone, and the library has no typed rate limit for this Gateway API implementation (only Envoy Gateway's BackendTrafficPolicy)",
        "pass rateLimit: GatewayRateLimit.none('<where rates are limited, or why they need not be>'), or use Envoy Gateway, or declare an internal Gateway with internetFacing: false");
    }
    return optOut("no rate limit at the edge: the platform's Gateway is declared internal (GatewayApiOptions.internetFacing: false)");
  }
  if (rateLimit === undefined && !internetFacing) {
    return optOut("no rate limit at the edge: the platform's Gateway is declared internal (GatewayApiOptions.internetFacing: false)");
  }
  const limit = rateLimit ?? DEFAULT_GATEWAY_RATE_LIMIT;
  return { routeAnnotations: {}, enforce: () => backendTrafficPolicy(workload, limit._requests!, limit._unit!) };
}

/**
 * An Envoy Gateway `BackendTrafficPolicy` targeting exactly the exposure's HTTPRoute: a local rate
 * limit with one rule per address family (IPv4 `0.0.0.0/0`, IPv6 `::/0`), each `Distinct`, so
 * every client address has its own bucket. Two rules, not two selectors of one rule: the selectors
 * of a rule must all match, and no address is in both ranges.
 */
function backendTrafficPolicy(workload: ServiceWorkload, requests: number, unit: RateLimitUnit): void {
  const rule = (cidr: string) => ({ clientSelectors: [{ sourceCIDR: { type: 'Distinct', value: cidr } }], limit: { requests, unit } });
  plainObject(workload.kubernetesScope, 'BackendTrafficPolicy', {
    apiVersion: ENVOY_BACKEND_TRAFFIC_POLICY_API_VERSION,
    kind: 'BackendTrafficPolicy',
    metadata: workload.metadata(workload.name),
    spec: {
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: workload.name }],
      rateLimit: { type: 'Local', local: { rules: [rule('0.0.0.0/0'), rule('::/0')] } },
    },
  });
}
