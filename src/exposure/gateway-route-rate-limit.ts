import { DEFAULT_GATEWAY_RATE_LIMIT, EDGE_RATE_LIMIT_CONTROL, GatewayRateLimit, RateLimitUnit } from './gateway-rate-limit';
import { GatewayRouteTrafficPart, resolveGatewayTrafficControl } from './gateway-route-traffic-policy';
import type { ServiceWorkload } from '../workload/service-workload';

/**
 * The rate limit of one exposure: the platform's `rateLimit` (default
 * {@link DEFAULT_GATEWAY_RATE_LIMIT} with Envoy Gateway), the `edge-rate-limit` opt-out for an
 * internal Gateway or `none(reason)`, refused for `perClientIp` on other implementations and
 * required (as `none`) for internet-facing Gateways of other implementations.
 */
export function resolveGatewayRateLimit(workload: ServiceWorkload, rateLimit: GatewayRateLimit | undefined, envoyGateway: boolean,
  internetFacing: boolean): GatewayRouteTrafficPart {
  return resolveGatewayTrafficControl(workload, {
    control: EDGE_RATE_LIMIT_CONTROL,
    property: 'exposure.rateLimit',
    what: 'rate limit',
    setting: rateLimit,
    defaultSetting: DEFAULT_GATEWAY_RATE_LIMIT,
    refused: {
      value: 'perClientIp',
      why: 'the library knows a typed per-route rate limit only for Envoy Gateway (BackendTrafficPolicy); Istio would need EnvoyFilter patches, which it does not write, so the limit would not hold',
      fix: "limit rates in front of the Gateway (e.g. a WAF or the load balancer) and pass GatewayRateLimit.none('<where rates are limited>'), or use Envoy Gateway",
    },
    required: {
      why: "an internet-facing Gateway takes any rate from anyone, and the library has no typed rate limit for this Gateway API implementation (only Envoy Gateway's BackendTrafficPolicy)",
      fix: "pass rateLimit: GatewayRateLimit.none('<where rates are limited, or why they need not be>'), or use Envoy Gateway, or declare an internal Gateway with internetFacing: false",
    },
    spec: limit => ({ rateLimit: localRateLimit(limit._requests!, limit._unit!) }),
  }, envoyGateway, internetFacing);
}

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
