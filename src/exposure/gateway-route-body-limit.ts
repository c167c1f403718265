import { DEFAULT_GATEWAY_BODY_LIMIT, EDGE_REQUEST_SIZE_CONTROL, GatewayBodyLimit } from './gateway-body-limit';
import type { GatewayTrafficControl } from './gateway-route-traffic-policy';

/**
 * The request body limit as a Gateway traffic control: the platform's `requestBodyLimit` (default
 * {@link DEFAULT_GATEWAY_BODY_LIMIT}, 1 MiB, with an internet-facing Envoy Gateway) as
 * `requestBuffer.limit` of the route's `BackendTrafficPolicy`, or the `edge-request-size` opt-out
 * (see `resolveGatewayTraffic`).
 */
export const GATEWAY_BODY_LIMIT_CONTROL: GatewayTrafficControl<GatewayBodyLimit> = {
  control: EDGE_REQUEST_SIZE_CONTROL,
  property: 'exposure.requestBodyLimit',
  what: 'request body limit',
  defaultSetting: DEFAULT_GATEWAY_BODY_LIMIT,
  refused: {
    value: 'maxBytes',
    why: 'the library knows a typed request body limit only for Envoy Gateway (BackendTrafficPolicy requestBuffer); Istio would need EnvoyFilter patches, which it does not write, so the limit would not hold',
    fix: "limit request sizes in front of the Gateway (e.g. CloudFront with a WAF) and pass GatewayBodyLimit.none('<where sizes are limited>'), or use Envoy Gateway",
  },
  requiredWhy: "an internet-facing Gateway takes bodies of any size from anyone, and the library has no typed request body limit for this Gateway API implementation (only Envoy Gateway's BackendTrafficPolicy)",
  optOutFix: "requestBodyLimit: GatewayBodyLimit.none('<where request sizes are limited, or why they need not be>')",
  // A whole number of bytes, not a Quantity string: exactly what maxBytes was given, with no
  // decimal/binary suffix to misread (1M is 10^6, 1Mi is 2^20); the CRD takes an int-or-string.
  spec: limit => ({ requestBuffer: { limit: limit._bytes! } }),
};
