import { IConstruct } from 'constructs';
import { fail } from '../core/errors';
import { MIN_REASON_LENGTH } from '../core/opt-out';

/** The API version of Envoy Gateway's `BackendTrafficPolicy`. */
export const ENVOY_BACKEND_TRAFFIC_POLICY_API_VERSION = 'gateway.envoyproxy.io/v1alpha1';

/**
 * The control of the edge rate limit, as it appears in the opt-out annotation
 * (`opt-out.secure-constructs.io/edge-rate-limit`) and in rule X-021.
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
