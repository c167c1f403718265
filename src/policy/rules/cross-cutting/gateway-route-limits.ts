import { routeGateways, routeRateLimited, routeRequestSizeLimited } from './edge-util';
import { crossRule, objectFinding, objectsOfKind } from './util';
import { EDGE_REQUEST_SIZE_CONTROL } from '../../../exposure/gateway-body-limit';
import { EDGE_RATE_LIMIT_CONTROL } from '../../../exposure/gateway-rate-limit';
import { IRule, KubernetesObject, PolicyInput, Severity } from '../../model';

/** What a Gateway route rule says besides its check: the rule's text, its opt-out and its finding. */
interface GatewayRouteLimit {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly fix: string;
  readonly optOutControl: string;
  /** Whether the route has the limit (a policy for it or its Gateway). */
  readonly limited: (input: PolicyInput, route: KubernetesObject) => boolean;
  /** The finding of a route without it, after "attached to Gateway <gateways>". */
  readonly without: string;
}

/** An error for each HTTPRoute attached to a Gateway without the limit, unless its opt-out says why. */
function gatewayRouteLimitRule(limit: GatewayRouteLimit): IRule {
  return {
    ...crossRule({ id: limit.id, severity: Severity.ERROR, title: limit.title, description: limit.description, fix: limit.fix },
      input => objectsOfKind(input, 'HTTPRoute').flatMap(o => {
        const gateways = routeGateways(o);
        if (gateways.length === 0 || limit.limited(input, o)) return [];
        return [objectFinding(o, `attached to Gateway ${gateways.join(', ')} ${limit.without}`)];
      })),
    optOutControl: limit.optOutControl,
  };
}

/** Rate limiting: HTTPRoutes attached to a Gateway have a rate limit, or say where rates are limited. */
export const GATEWAY_ROUTE_RATE_LIMITED: IRule = gatewayRouteLimitRule({
  id: 'X-021',
  title: 'Gateway routes have a rate limit',
  description: "An HTTPRoute attached to a Gateway (whose reachability is its GatewayClass's, so it counts as internet-facing) needs an Envoy Gateway `BackendTrafficPolicy` with a `rateLimit` (local or global rules) that targets the route, by name or labels, or its Gateway. "
    + `Implementations without a typed rate limit (Istio needs EnvoyFilter patches), and routes of a Gateway known to be internal or limited in front, declare it with the opt-out \`${EDGE_RATE_LIMIT_CONTROL}\` and a reason, which the report lists.`,
  fix: "Leave the default per-client-IP limit of Envoy Gateway on, tune it with ExposureController.gatewayApi({ ..., rateLimit: GatewayRateLimit.perClientIp({ requests, per }) }), or pass rateLimit: GatewayRateLimit.none('<where rates are limited>').",
  optOutControl: EDGE_RATE_LIMIT_CONTROL,
  limited: routeRateLimited,
  without: 'without a rate limit (no Envoy Gateway BackendTrafficPolicy with rateLimit for the route or its Gateway): any client may call at any rate',
});

/** Input validation: HTTPRoutes attached to a Gateway limit request body sizes, or say where sizes are limited. */
export const GATEWAY_ROUTE_REQUEST_SIZE_LIMITED: IRule = gatewayRouteLimitRule({
  id: 'X-022',
  title: 'Gateway routes limit request body sizes',
  description: "An HTTPRoute attached to a Gateway (whose reachability is its GatewayClass's, so it counts as internet-facing) needs an Envoy Gateway `BackendTrafficPolicy` with a positive `requestBuffer.limit` that targets the route, by name or labels, or its Gateway; larger requests then get 413 before they reach the service. "
    + `Implementations without a typed body limit (Istio needs EnvoyFilter patches), routes that stream or upgrade (WebSocket, gRPC streaming; buffering breaks them), and routes of a Gateway known to be internal or limited in front, declare it with the opt-out \`${EDGE_REQUEST_SIZE_CONTROL}\` and a reason, which the report lists.`,
  fix: "Leave the default 1 MiB limit of Envoy Gateway on, tune it with ExposureController.gatewayApi({ ..., requestBodyLimit: GatewayBodyLimit.maxBytes(bytes) }), or pass requestBodyLimit: GatewayBodyLimit.none('<where request sizes are limited>').",
  optOutControl: EDGE_REQUEST_SIZE_CONTROL,
  limited: routeRequestSizeLimited,
  without: 'without a request body limit (no Envoy Gateway BackendTrafficPolicy with requestBuffer.limit for the route or its Gateway): any client may send a body of any size',
});
