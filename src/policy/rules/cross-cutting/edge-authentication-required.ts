import { ALB_ANNOTATION, annotation, internetFacingAlbIngresses, routeAuthenticated, routeGateways } from './edge-util';
import { crossRule, objectFinding, objectsOfKind } from './util';
import { IRule, Severity } from '../../model';

/** Who may call: internet-facing load balancers authenticate their callers. */
export const EDGE_AUTHENTICATION_REQUIRED: IRule = {
  ...crossRule({
    id: 'X-012',
    severity: Severity.ERROR,
    title: 'Internet-facing load balancers and Gateway routes authenticate callers',
    description: 'An internet-facing AWS Load Balancer Controller Ingress without `auth-type: oidc|cognito` or `jwt-validation` lets anyone on the internet reach the service; `auth-on-unauthenticated-request: allow` does the same for requests without a session. '
      + "An HTTPRoute attached to a Gateway (whose reachability is its GatewayClass's, so it counts as internet-facing) needs an Envoy Gateway `SecurityPolicy` for the route or its Gateway "
      + '(a JWT provider that is not `optional`, OIDC, basic or API-key auth, or external auth that does not fail open), or, on every backend Service, Istio policies that require a request principal '
      + '(ALLOW rules whose every source has `requestPrincipals`, or a DENY rule for `notRequestPrincipals: ["*"]`). Public pages, and routes of a Gateway known to be internal, declare it with the opt-out `edge-authentication` and a reason, which the report lists.',
    fix: "Pass expose({ authentication: EdgeAuthentication.oidc/cognito/jwt(...) }), EdgeAuthentication.anonymous('<reason>') for public content, or ExposureController.gatewayApi({ ..., internetFacing: false }) for an internal Gateway.",
  }, input => [...internetFacingAlbIngresses(input).flatMap(o => {
    const type = annotation(o, `${ALB_ANNOTATION}auth-type`);
    const jwt = annotation(o, `${ALB_ANNOTATION}jwt-validation`);
    if (type !== 'oidc' && type !== 'cognito' && jwt === undefined) {
      return [objectFinding(o, 'internet-facing without authentication (no auth-type oidc/cognito, no jwt-validation): anyone may call')];
    }
    if ((type === 'oidc' || type === 'cognito') && annotation(o, `${ALB_ANNOTATION}auth-on-unauthenticated-request`) === 'allow') {
      return [objectFinding(o, 'auth-on-unauthenticated-request is "allow": requests without a session reach the service')];
    }
    return [];
  }), ...objectsOfKind(input, 'HTTPRoute').flatMap(o => {
    const gateways = routeGateways(o);
    if (gateways.length === 0 || routeAuthenticated(input, o)) return [];
    return [objectFinding(o, `attached to Gateway ${gateways.join(', ')} without authentication (no Envoy Gateway SecurityPolicy that authenticates, no Istio policy requiring a request principal on its backends): anyone who reaches the Gateway may call`)];
  })]),
  optOutControl: 'edge-authentication',
};
