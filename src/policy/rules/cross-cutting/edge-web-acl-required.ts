import { ALB_ANNOTATION, annotation, internetFacingAlbIngresses, routeGateways, routeRateLimited } from './edge-util';
import { crossRule, objectFinding, objectsOfKind } from './util';
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
