import { ALB_ANNOTATION, annotation, internetFacingAlbIngresses } from './edge-util';
import { crossRule, objectFinding } from './util';
import { IRule, Severity } from '../../model';

/** Who may call: internet-facing load balancers authenticate their callers. */
export const EDGE_AUTHENTICATION_REQUIRED: IRule = {
  ...crossRule({
    id: 'X-012',
    severity: Severity.ERROR,
    title: 'Internet-facing load balancers authenticate callers',
    description: 'An internet-facing AWS Load Balancer Controller Ingress without `auth-type: oidc|cognito` or `jwt-validation` lets anyone on the internet reach the service; `auth-on-unauthenticated-request: allow` does the same for requests without a session. Public pages declare it with the opt-out `edge-authentication` and a reason, which the report lists.',
    fix: "Pass expose({ authentication: EdgeAuthentication.oidc/cognito/jwt(...) }), or EdgeAuthentication.anonymous('<reason>') for public content.",
  }, input => internetFacingAlbIngresses(input).flatMap(o => {
    const type = annotation(o, `${ALB_ANNOTATION}auth-type`);
    const jwt = annotation(o, `${ALB_ANNOTATION}jwt-validation`);
    if (type !== 'oidc' && type !== 'cognito' && jwt === undefined) {
      return [objectFinding(o, 'internet-facing without authentication (no auth-type oidc/cognito, no jwt-validation): anyone may call')];
    }
    if ((type === 'oidc' || type === 'cognito') && annotation(o, `${ALB_ANNOTATION}auth-on-unauthenticated-request`) === 'allow') {
      return [objectFinding(o, 'auth-on-unauthenticated-request is "allow": requests without a session reach the service')];
    }
    return [];
  })),
  optOutControl: 'edge-authentication',
};
