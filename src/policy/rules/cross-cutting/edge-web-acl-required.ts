import { ALB_ANNOTATION, annotation, internetFacingAlbIngresses, routeGateways, routeRateLimited, routeRequestSizeLimited } from './edge-util';
import { crossRule, objectFinding, objectsOfKind } from './util';
import { EDGE_REQUEST_SIZE_CONTROL } from '../../../exposure/gateway-body-limit';
import { IRule, Severity } from '../../model';

const WAF_ANNOTATIONS = ['wafv2-acl-arn', 'wafv2-acl-name', 'waf-acl-id'];

/** Rate limiting and input validation: internet-facing load balancers have a web ACL (no opt-out). */
export const EDGE_WEB_ACL_REQUIRED: IRule = crossRule({
  id: 'X-013',
  severity: Severity.ERROR,
  title: 'Internet-facing load balancers have a web ACL',
  description: 'Without a WAF web ACL an internet-facing load balancer takes any rate and any payload: no rate limit per client, no managed rules against common exploits, SQL injection and known bad inputs. The Ingress names one with `wafv2-acl-arn`, `wafv2-acl-name` or `waf-acl-id` (not `none`).',
  fix: "Leave the library's web ACL on (the default for internet-facing exposures) or pass expose({ webAclArn }).",
}, input => internetFacingAlbIngresses(input).flatMap(o => {
  const values = WAF_ANNOTATIONS.map(k => annotation(o, `${ALB_ANNOTATION}${k}`)).filter(v => v !== undefined && v.trim() !== '' && v.trim() !== 'none');
  return values.length ? [] : [objectFinding(o, 'internet-facing without a web ACL (no wafv2-acl-arn, wafv2-acl-name or waf-acl-id)')];
}));

/** Rate limiting: HTTPRoutes attached to a Gateway have a rate limit, or say where rates are limited. */
export const GATEWAY_ROUTE_RATE_LIMITED: IRule = {
  ...crossRule({
    id: 'X-021',
    severity: Severity.ERROR,
    title: 'Gateway routes have a rate limit',
    description: "An HTTPRoute attached to a Gateway (whose reachability is its GatewayClass's, so it counts as internet-facing) needs an Envoy Gateway `BackendTrafficPolicy` with a `rateLimit` (local or global rules) that targets the route, by name or labels, or its Gateway. "
      + 'Implementations without a typed rate limit (Istio needs EnvoyFilter patches), and routes of a Gateway known to be internal or limited in front, declare it with the opt-out `edge-rate-limit` and a reason, which the report lists.',
    fix: "Leave the default per-client-IP limit of Envoy Gateway on, tune it with ExposureController.gatewayApi({ ..., rateLimit: GatewayRateLimit.perClientIp({ requests, per }) }), or pass rateLimit: GatewayRateLimit.none('<where rates are limited>').",
  }, input => objectsOfKind(input, 'HTTPRoute').flatMap(o => {
    const gateways = routeGateways(o);
    if (gateways.length === 0 || routeRateLimited(input, o)) return [];
    return [objectFinding(o, `attached to Gateway ${gateways.join(', ')} without a rate limit (no Envoy Gateway BackendTrafficPolicy with rateLimit for the route or its Gateway): any client may call at any rate`)];
  })),
  optOutControl: 'edge-rate-limit',
};

/** Input validation: HTTPRoutes attached to a Gateway limit request body sizes, or say where sizes are limited. */
export const GATEWAY_ROUTE_REQUEST_SIZE_LIMITED: IRule = {
  ...crossRule({
    id: 'X-022',
    severity: Severity.ERROR,
    title: 'Gateway routes limit request body sizes',
    description: "An HTTPRoute attached to a Gateway (whose reachability is its GatewayClass's, so it counts as internet-facing) needs an Envoy Gateway `BackendTrafficPolicy` with a positive `requestBuffer.limit` that targets the route, by name or labels, or its Gateway; larger requests then get 413 before they reach the service. "
      + `Implementations without a typed body limit (Istio needs EnvoyFilter patches), routes that stream or upgrade (WebSocket, gRPC streaming; buffering breaks them), and routes of a Gateway known to be internal or limited in front, declare it with the opt-out \`${EDGE_REQUEST_SIZE_CONTROL}\` and a reason, which the report lists.`,
    fix: "Leave the default 1 MiB limit of Envoy Gateway on, tune it with ExposureController.gatewayApi({ ..., requestBodyLimit: GatewayBodyLimit.maxBytes(bytes) }), or pass requestBodyLimit: GatewayBodyLimit.none('<where request sizes are limited>').",
  }, input => objectsOfKind(input, 'HTTPRoute').flatMap(o => {
    const gateways = routeGateways(o);
    if (gateways.length === 0 || routeRequestSizeLimited(input, o)) return [];
    return [objectFinding(o, `attached to Gateway ${gateways.join(', ')} without a request body limit (no Envoy Gateway BackendTrafficPolicy with requestBuffer.limit for the route or its Gateway): any client may send a body of any size`)];
  })),
  optOutControl: EDGE_REQUEST_SIZE_CONTROL,
};
