import { ApiObject } from 'cdk8s';
import { addOidcClientSecret, EDGE_AUTHENTICATION_CONTROL, OidcSecretDelivery, resolveEdgeAuthentication } from './alb-authentication';
import { EdgeAuthentication, EdgeAuthenticationMode, UnauthenticatedAction } from './edge-authentication';
import { fail } from '../core/errors';
import { plainObject } from '../core/kube-object';
import { OPT_OUT_ANNOTATION_PREFIX } from '../core/opt-out';
import { GatewayImplementation } from '../exposure/controller';
import { enforceEdgeAuthenticationInMesh } from '../mesh/request-authentication';
import type { ServiceWorkload } from '../workload/service-workload';

/** The API version of Envoy Gateway's `SecurityPolicy`. */
export const ENVOY_SECURITY_POLICY_API_VERSION = 'gateway.envoyproxy.io/v1alpha1';
/** The name of the JWT provider in an exposure's `SecurityPolicy`. */
export const ENVOY_JWT_PROVIDER = 'edge';
/** The key of the OIDC client secret in the Secret Envoy Gateway reads (`oidc.clientSecret`). */
export const ENVOY_OIDC_SECRET_KEY = 'client-secret';

/**
 * Envoy Gateway reads the OIDC client's Secret (key `client-secret`) through its own ClusterRole;
 * the client id is in the `SecurityPolicy`.
 */
const ENVOY_OIDC_SECRET: OidcSecretDelivery = { data: () => ({ [ENVOY_OIDC_SECRET_KEY]: '{{ .clientSecret }}' }) };

const PROPERTY = 'expose(options.authentication)';

/** The choices each implementation enforces, for error messages. */
function choicesFor(implementation: GatewayImplementation, meshed: boolean): string {
  const anonymous = "EdgeAuthentication.anonymous('<why anyone may call>')";
  const jwt = 'EdgeAuthentication.jwt({ issuer, jwksUri, audiences })';
  switch (implementation) {
    case GatewayImplementation.ENVOY_GATEWAY:
      return `${jwt}, EdgeAuthentication.oidc({ issuer, authorizationEndpoint, tokenEndpoint, userInfoEndpoint, clientId, clientSecret }) or ${anonymous}`;
    case GatewayImplementation.ISTIO:
      return meshed ? `${jwt} or ${anonymous}` : `${anonymous} (JWT needs the platform's mesh)`;
    default:
      return meshed ? `${jwt} (enforced by the mesh on the service) or ${anonymous}` : anonymous;
  }
}

/** What an exposure's authentication adds to its HTTPRoute. */
export interface GatewayAuthentication {
  /** Annotations of the HTTPRoute (the opt-out, for anonymous or internal exposures). */
  readonly routeAnnotations: { [key: string]: string };
  /** Writes what enforces the authentication, once the HTTPRoute exists. */
  readonly enforce: () => void;
  /** Whether the gateway's proxies call the identity provider (JWKS, token endpoint). */
  readonly callsIdentityProvider?: boolean;
}

/**
 * Resolves and validates the `authentication` of a Gateway API exposure, before anything is
 * written: required unless the Gateway is declared internal (`GatewayApiOptions.internetFacing:
 * false`, recorded on the route as the `edge-authentication` opt-out); then, by implementation:
 *
 * - Envoy Gateway: a `SecurityPolicy` targeting the HTTPRoute, with a JWT provider (`jwt`) or an
 *   OIDC login (`oidc`, the client secret delivered by External Secrets Operator into a Secret
 *   of the route's namespace). `cognito` is refused (Envoy Gateway needs the app client's secret,
 *   which the Cognito option does not carry).
 * - Istio (and, for `jwt`, any implementation on a meshed platform): the mesh enforces the token
 *   on the service (`RequestAuthentication` plus a request principal on every rule of its
 *   `AuthorizationPolicy`); `oidc` and `cognito` are refused (no login flow).
 * - Other implementations: only `anonymous` is accepted.
 */
export function resolveGatewayAuthentication(workload: ServiceWorkload, auth: unknown, implementation: GatewayImplementation,
  internetFacing: boolean): GatewayAuthentication {
  const meshed = workload.platform.mesh !== undefined;
  const choices = choicesFor(implementation, meshed);
  if ((auth === undefined || auth === null) && internetFacing) {
    fail(workload.service, PROPERTY, auth, "the exposure must say who may call: the Gateway's reachability is its GatewayClass's, which the library cannot see, so it counts as internet-facing, and without authentication anyone who reaches it may call the service",
      `pass authentication: ${choices}; or, for a Gateway reachable only inside the VPC, declare it with ExposureController.gatewayApi({ ..., internetFacing: false })`);
  }
  const resolved = resolveEdgeAuthentication(workload, auth, { internetFacing, property: PROPERTY, choices });
  if (resolved === undefined) {
    return {
      routeAnnotations: { [`${OPT_OUT_ANNOTATION_PREFIX}${EDGE_AUTHENTICATION_CONTROL}`]: "no authentication at the edge: the platform's Gateway is declared internal (GatewayApiOptions.internetFacing: false)" },
      enforce: () => undefined,
    };
  }
  if (resolved.mode === EdgeAuthenticationMode.ANONYMOUS) {
    return { routeAnnotations: { [`${OPT_OUT_ANNOTATION_PREFIX}${EDGE_AUTHENTICATION_CONTROL}`]: resolved._reason.trim() }, enforce: () => undefined };
  }
  if (implementation === GatewayImplementation.ENVOY_GATEWAY) {
    validateForEnvoy(workload, resolved);
    return { routeAnnotations: {}, enforce: () => envoySecurityPolicy(workload, resolved), callsIdentityProvider: true };
  }
  if (implementation === GatewayImplementation.ISTIO && !meshed) {
    fail(workload.service, PROPERTY, resolved.mode, "Istio's gateway enforces JWTs through the mesh's policies on the exposed service, and the platform has no mesh, so nothing in the path would check the token",
      `set mesh: ServiceMesh.istio() on the Platform, use Envoy Gateway (GatewayImplementation.ENVOY_GATEWAY, its SecurityPolicy), or pass ${choices}`);
  }
  if (implementation === GatewayImplementation.OTHER && !(meshed && resolved.mode === EdgeAuthenticationMode.JWT)) {
    fail(workload.service, PROPERTY, resolved.mode, `the library knows no typed authentication policy of this Gateway API implementation, so "${resolved.mode}" would not be enforced`,
      'use Envoy Gateway (GatewayImplementation.ENVOY_GATEWAY: SecurityPolicy with JWT or OIDC) or Istio with the platform\'s mesh (GatewayImplementation.ISTIO: JWT), '
      + `set GatewayApiOptions.implementation if the class is served by one of them, or pass ${choices}`);
  }
  if (resolved.mode === EdgeAuthenticationMode.OIDC || resolved.mode === EdgeAuthenticationMode.COGNITO) {
    fail(workload.service, PROPERTY, resolved.mode, 'the mesh has no login flow: OIDC and Cognito sign-in need the AWS load balancer or Envoy Gateway',
      `pass ${choices}, or expose through Envoy Gateway (oidc) or the AWS Load Balancer Controller (oidc, cognito)`);
  }
  // Validate now (and fail before anything is written); the mesh policies are added with the route.
  return { routeAnnotations: {}, enforce: () => enforceEdgeAuthenticationInMesh(workload, resolved, PROPERTY) };
}

/** Refuses what Envoy Gateway's SecurityPolicy cannot express. */
function validateForEnvoy(workload: ServiceWorkload, auth: EdgeAuthentication): void {
  if (auth.mode === EdgeAuthenticationMode.COGNITO) {
    fail(workload.service, PROPERTY, auth.mode, "Envoy Gateway signs users in with OIDC and needs the app client's secret, which EdgeAuthentication.cognito does not carry (the AWS load balancer reads it from Cognito itself)",
      "use EdgeAuthentication.oidc({ issuer: 'https://cognito-idp.<region>.amazonaws.com/<user pool id>', authorizationEndpoint, tokenEndpoint, userInfoEndpoint, clientId, clientSecret: <ManagedSecret> }) with the user pool's endpoints");
  }
  if (auth.mode !== EdgeAuthenticationMode.OIDC) return;
  const o = auth._oidc;
  if (o.sessionTimeout !== undefined) {
    fail(workload.service, `${PROPERTY}.sessionTimeout`, o.sessionTimeout, "Envoy Gateway's session lasts as long as the provider's tokens; it has no separate session timeout, so the value would not hold",
      'leave sessionTimeout out and set the token lifetime at the identity provider');
  }
  if (o.onUnauthenticated !== undefined && o.onUnauthenticated !== UnauthenticatedAction.AUTHENTICATE) {
    fail(workload.service, `${PROPERTY}.onUnauthenticated`, o.onUnauthenticated, 'Envoy Gateway redirects every request without a session to the login; it answers 401 only to requests matching header rules the library does not write',
      'leave onUnauthenticated out (browsers), or use EdgeAuthentication.jwt({ ... }) for API clients');
  }
}

/**
 * An Envoy Gateway `SecurityPolicy` in the route's namespace, targeting exactly the exposure's
 * HTTPRoute: a JWT provider (issuer, audiences, remote JWKS over https; requests without a valid
 * token get 401) or an OIDC login (endpoints, client id, scopes, the client secret's Secret).
 */
function envoySecurityPolicy(workload: ServiceWorkload, auth: EdgeAuthentication): ApiObject {
  let authentication: { [key: string]: unknown };
  if (auth.mode === EdgeAuthenticationMode.JWT) {
    const o = auth._jwt;
    authentication = {
      jwt: { providers: [{ name: ENVOY_JWT_PROVIDER, issuer: o.issuer, audiences: [...o.audiences], remoteJWKS: { uri: o.jwksUri } }] },
    };
  } else {
    const o = auth._oidc;
    const secretName = addOidcClientSecret(workload, auth, PROPERTY, ENVOY_OIDC_SECRET);
    authentication = {
      oidc: {
        provider: { issuer: o.issuer, authorizationEndpoint: o.authorizationEndpoint, tokenEndpoint: o.tokenEndpoint },
        clientID: o.clientId,
        clientSecret: { group: '', kind: 'Secret', name: secretName },
        scopes: [...(o.scope ?? ['openid'])],
      },
    };
  }
  return plainObject(workload.kubernetesScope, 'SecurityPolicy', {
    apiVersion: ENVOY_SECURITY_POLICY_API_VERSION,
    kind: 'SecurityPolicy',
    metadata: workload.metadata(workload.name),
    spec: {
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: workload.name }],
      ...authentication,
    },
  });
}
