import { DEFAULT_GATEWAY_RATE_LIMIT, EDGE_RATE_LIMIT_CONTROL, GatewayRateLimit, RateLimitUnit } from './gateway-rate-limit';
import type { GatewayTrafficControl } from './gateway-route-traffic-policy';

/**
 * The rate limit as a Gateway traffic control: the platform's `rateLimit` (default
 * {@link DEFAULT_GATEWAY_RATE_LIMIT} with an internet-facing Envoy Gateway) as the `rateLimit` of
 * the route's `BackendTrafficPolicy`, or the `edge-rate-limit` opt-out (see `resolveGatewayTraffic`).
 */
export const GATEWAY_RATE_LIMIT_CONTROL: GatewayTrafficControl<GatewayRateLimit> = {
  control: EDGE_RATE_LIMIT_CONTROL,
  property: 'exposure.rateLimit',
  what: 'rate limit',
  defaultSetting: DEFAULT_GATEWAY_RATE_LIMIT,
  refused: {
    value: 'perClientIp',
    why: 'the library knows a typed per-route rate limit only for Envoy Gateway (BackendTrafficPolicy); Istio would need EnvoyFilter patches, which it does not write, so the limit would not hold',
    fix: "limit rates in front of the Gateway (e.g. a WAF or the load balancer) and pass GatewayRateLimit.none('<where rates are limited>'), or use Envoy Gateway",
  },
  requiredWhy: "an internet-facing Gateway takes any rate from anyone, and the library has no typed rate limit for this Gateway API implementation (only Envoy Gateway's BackendTrafficPolicy)",
  optOutFix: "rateLimit: GatewayRateLimit.none('<where rates are limited, or why they need not be>')",
  spec: limit => ({ rateLimit: localRateLimit(limit._requests!, limit._unit!) }),
};

/**
 * The `rateLimit` of the route's `BackendTrafficPolicy`: a local rate limit with one rule per
 * address family (IPv4 `0.0.0.0/0`, IPv6 `::/0`), each `Distinct`, so every client address has its
 * own bucket. Two rules, not two selectors of one rule: the selectors of a rule must all match, and
 * no address is in both ranges.
 */
function localRateLimit(requests: number, unit: RateLimitUnit): unknown {
  const rule = (cidr: string) => ({ clientSelectors: [{ sourceCIDR: { type: 'Distinct', value: cidr } }], limit: { requests, unit } });
  return { type: 'Local', local: { rules: [rule('0.0.0.0/0'), rule('::/0')] } };
}
