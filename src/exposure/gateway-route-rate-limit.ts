import { DEFAULT_GATEWAY_RATE_LIMIT, EDGE_RATE_LIMIT_CONTROL, ENVOY_BACKEND_TRAFFIC_POLICY_API_VERSION, GatewayRateLimit, RateLimitUnit } from './gateway-rate-limit';
import { fail } from '../core/errors';
import { plainObject } from '../core/kube-object';
import { OPT_OUT_ANNOTATION_PREFIX } from '../core/opt-out';
import type { ServiceWorkload } from '../workload/service-workload';

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
