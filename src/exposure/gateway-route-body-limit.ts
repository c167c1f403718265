import { DEFAULT_GATEWAY_BODY_LIMIT, EDGE_REQUEST_SIZE_CONTROL, GatewayBodyLimit } from './gateway-body-limit';
import type { GatewayRouteTrafficPart } from './gateway-route-traffic-policy';
import { fail } from '../core/errors';
import { OPT_OUT_ANNOTATION_PREFIX } from '../core/opt-out';
import type { ServiceWorkload } from '../workload/service-workload';

const PROPERTY = 'exposure.requestBodyLimit';

/**
 * The request body limit of one exposure: the platform's `requestBodyLimit` (default
 * {@link DEFAULT_GATEWAY_BODY_LIMIT}, 1 MiB, with an internet-facing Envoy Gateway) as
 * `requestBuffer.limit` of the route's `BackendTrafficPolicy`; the `edge-request-size` opt-out for
 * an internal Gateway or `none(reason)`; refused for `maxBytes` on other implementations and
 * required (as `none`) for internet-facing Gateways of other implementations.
 */
export function resolveGatewayBodyLimit(workload: ServiceWorkload, bodyLimit: GatewayBodyLimit | undefined, envoyGateway: boolean,
  internetFacing: boolean): GatewayRouteTrafficPart {
  const optOut = (reason: string): GatewayRouteTrafficPart => ({
    routeAnnotations: { [`${OPT_OUT_ANNOTATION_PREFIX}${EDGE_REQUEST_SIZE_CONTROL}`]: reason }, spec: {},
  });
  const internal = "no request body limit at the edge: the platform's Gateway is declared internal (GatewayApiOptions.internetFacing: false)";
  if (bodyLimit?._none) return optOut(bodyLimit._reason!.trim());
  if (!envoyGateway) {
    if (bodyLimit !== undefined) {
      fail(workload.service, PROPERTY, 'maxBytes', 'the library knows a typed request body limit only for Envoy Gateway (BackendTrafficPolicy requestBuffer); Istio would need EnvoyFilter patches, which it does not write, so the limit would not hold',
        "limit request sizes in front of the Gateway (e.g. CloudFront with a WAF) and pass GatewayBodyLimit.none('<where sizes are limited>'), or use Envoy Gateway");
    }
    if (internetFacing) {
      fail(workload.service, PROPERTY, bodyLimit, 'an internet-facing Gateway takes bodies of any size from anyone, and the library has no typed request body limit for this Gateway API implementation (only Envoy Gateway\'s BackendTrafficPolicy)',
        "pass requestBodyLimit: GatewayBodyLimit.none('<where request sizes are limited, or why they need not be>'), or use Envoy Gateway, or declare an internal Gateway with internetFacing: false");
    }
    return optOut(internal);
  }
  if (bodyLimit === undefined && !internetFacing) return optOut(internal);
  const limit = bodyLimit ?? DEFAULT_GATEWAY_BODY_LIMIT;
  // A whole number of bytes, not a Quantity string: exactly what maxBytes was given, with no
  // decimal/binary suffix to misread (1M is 10^6, 1Mi is 2^20); the CRD takes an int-or-string.
  return { routeAnnotations: {}, spec: { requestBuffer: { limit: limit._bytes! } } };
}
