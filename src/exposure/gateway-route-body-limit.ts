import { DEFAULT_GATEWAY_BODY_LIMIT, EDGE_REQUEST_SIZE_CONTROL, GatewayBodyLimit } from './gateway-body-limit';
import { GatewayRouteTrafficPart, resolveGatewayTrafficControl } from './gateway-route-traffic-policy';
import type { ServiceWorkload } from '../workload/service-workload';

/**
 * The request body limit of one exposure: the platform's `requestBodyLimit` (default
 * {@link DEFAULT_GATEWAY_BODY_LIMIT}, 1 MiB, with an internet-facing Envoy Gateway) as
 * `requestBuffer.limit` of the route's `BackendTrafficPolicy`; the `edge-request-size` opt-out for
 * an internal Gateway or `none(reason)`; refused for `maxBytes` on other implementations and
 * required (as `none`) for internet-facing Gateways of other implementations.
 */
export function resolveGatewayBodyLimit(workload: ServiceWorkload, bodyLimit: GatewayBodyLimit | undefined, envoyGateway: boolean,
  internetFacing: boolean): GatewayRouteTrafficPart {
  return resolveGatewayTrafficControl(workload, {
    control: EDGE_REQUEST_SIZE_CONTROL,
    property: 'exposure.requestBodyLimit',
    what: 'request body limit',
    setting: bodyLimit,
    defaultSetting: DEFAULT_GATEWAY_BODY_LIMIT,
    refused: {
      value: 'maxBytes',
      why: 'the library knows a typed request body limit only for Envoy Gateway (BackendTrafficPolicy requestBuffer); Istio would need EnvoyFilter patches, which it does not write, so the limit would not hold',
      fix: "limit request sizes in front of the Gateway (e.g. CloudFront with a WAF) and pass GatewayBodyLimit.none('<where sizes are limited>'), or use Envoy Gateway",
    },
    required: {
      why: "an internet-facing Gateway takes bodies of any size from anyone, and the library has no typed request body limit for this Gateway API implementation (only Envoy Gateway's BackendTrafficPolicy)",
      fix: "pass requestBodyLimit: GatewayBodyLimit.none('<where request sizes are limited, or why they need not be>'), or use Envoy Gateway, or declare an internal Gateway with internetFacing: false",
    },
    // A whole number of bytes, not a Quantity string: exactly what maxBytes was given, with no
    // decimal/binary suffix to misread (1M is 10^6, 1Mi is 2^20); the CRD takes an int-or-string.
    spec: limit => ({ requestBuffer: { limit: limit._bytes! } }),
  }, envoyGateway, internetFacing);
}
