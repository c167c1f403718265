import { JsonPatch } from 'cdk8s';
import { EDGE_AUTHENTICATION_CONTROL } from '../authn/alb-authentication';
import { EdgeAuthentication, EdgeAuthenticationMode, validateJwtSettings } from '../authn/edge-authentication';
import { fail } from '../core/errors';
import { kubeObject } from '../core/kube-object';
import { OPT_OUT_ANNOTATION_PREFIX } from '../core/opt-out';
import { RequestAuthentication } from '../imports/security.istio.io';
import type { ServiceWorkload } from '../workload/service-workload';

/**
 * Options of `SecureMicroservice.requireJwt`: the service accepts only requests with a valid
 * bearer JWT of this issuer and audience, and, with `claims`, only tokens whose claims match.
 */
export interface RequireJwtOptions {
  /** The token issuer (`iss`), an https URL. */
  readonly issuer: string;
  /** The https URL of the issuer's JSON Web Key Set. */
  readonly jwksUri: string;
  /** Accepted audiences (`aud`): at least one. */
  readonly audiences: string[];
  /**
   * Claims the token must carry: for each claim name, the accepted values (any one of them).
   * `{ role: ['admin'] }` admits only tokens whose `role` claim is (or contains) `admin`.
   *
   * @default - any valid token of the issuer and audiences
   */
  readonly claims?: { [claim: string]: string[] };
}

/** HTTP methods a connection may be limited to. */
export const HTTP_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];
const PATH = /^\/[A-Za-z0-9._~!$&'()+,;=:@%\/-]*\*?$/;
const CLAIM = /^[A-Za-z0-9_.:-]{1,128}$/;

/** The L7 part of a connection: methods and paths, sorted and without repeats. */
export interface L7Match {
  readonly methods?: string[];
  readonly paths?: string[];
}

/**
 * Validates the L7 options of `connectTo` (methods and paths). They are enforced only by a
 * mesh's AuthorizationPolicy; NetworkPolicy works at L4, so they are refused without a mesh.
 */
export function validateL7Match(workload: ServiceWorkload, property: string, options: { methods?: unknown; paths?: unknown }): L7Match {
  if (options.methods === undefined && options.paths === undefined) return {};
  if (!workload.platform.mesh) {
    fail(workload.service, `${property}.${options.methods !== undefined ? 'methods' : 'paths'}`, options.methods ?? options.paths,
      'methods and paths are enforced by the mesh\'s AuthorizationPolicy; without a mesh the NetworkPolicy admits the caller at L4 (every method and path on the port), so the limit would not hold',
      'set mesh: ServiceMesh.istio() on the Platform, or leave methods and paths out');
  }
  const out: { methods?: string[]; paths?: string[] } = {};
  if (options.methods !== undefined) {
    const m = options.methods;
    if (!Array.isArray(m) || m.length === 0) {
      fail(workload.service, `${property}.methods`, m, 'an empty list would admit no request (leave it out to admit every method)', "list the methods, e.g. ['GET']");
    }
    m.forEach((x, i) => {
      if (typeof x !== 'string' || !HTTP_METHODS.includes(x)) {
        fail(workload.service, `${property}.methods[${i}]`, x, 'not an HTTP method', `use one of ${HTTP_METHODS.join(', ')} (upper case)`);
      }
    });
    out.methods = [...new Set(m as string[])].sort();
  }
  if (options.paths !== undefined) {
    const p = options.paths;
    if (!Array.isArray(p) || p.length === 0) {
      fail(workload.service, `${property}.paths`, p, 'an empty list would admit no request (leave it out to admit every path)', "list the paths, e.g. ['/orders', '/orders/*']");
    }
    p.forEach((x, i) => {
      if (typeof x !== 'string' || x.length > 1024 || !PATH.test(x)) {
        fail(workload.service, `${property}.paths[${i}]`, x, 'not a path: it starts with "/", and "*" may only end it (a prefix match)', "use an exact path such as '/orders' or a prefix such as '/orders/*'");
      }
    });
    out.paths = [...new Set(p as string[])].sort();
  }
  return out;
}

/** A service's JWT requirement, rendered into its AuthorizationPolicy rules. */
export interface JwtRequirement {
  readonly issuer: string;
  readonly audiences: string[];
  readonly claims: Array<[string, string[]]>;
}

const requirements = new WeakMap<ServiceWorkload, JwtRequirement>();

/** The JWT requirement of a workload, if `requireJwt` was called. */
export function jwtRequirementOf(workload: ServiceWorkload): JwtRequirement | undefined {
  return requirements.get(workload);
}

/**
 * Makes a mesh service accept only requests with a valid JWT: a `RequestAuthentication` (the
 * issuer, its JWKS, the audiences; the proxy rejects invalid tokens) and, in the service's
 * AuthorizationPolicy, a request principal of the issuer on every rule (so requests without a
 * token are denied too) plus one `when` condition per required claim. Once per service.
 */
export function requireJwt(workload: ServiceWorkload, options: RequireJwtOptions, property = 'requireJwt(options)'): void {
  if (!workload.platform.mesh) {
    fail(workload.service, property, options?.issuer, 'JWT requirements are enforced by the mesh\'s proxies (RequestAuthentication and AuthorizationPolicy); without a mesh nothing in the path checks the token',
      'set mesh: ServiceMesh.istio() on the Platform, or check tokens at the edge with expose({ authentication: EdgeAuthentication.jwt({ ... }) })');
  }
  const o = validateJwtSettings(workload.service, property, options);
  if (requirements.has(workload)) {
    fail(workload.service, property, o.issuer, 'the service already requires a JWT', 'call requireJwt once per service');
  }
  const claims: Array<[string, string[]]> = [];
  if (options.claims !== undefined) {
    if (!options.claims || typeof options.claims !== 'object' || Array.isArray(options.claims) || Object.keys(options.claims).length === 0) {
      fail(workload.service, `${property}.claims`, options.claims, 'not a map of claim names to accepted values', "use e.g. { role: ['admin'] }, or leave claims out");
    }
    for (const name of Object.keys(options.claims).sort()) {
      const values = options.claims[name];
      if (!CLAIM.test(name)) {
        fail(workload.service, `${property}.claims`, name, 'not a claim name (letters, digits, "_", ".", ":" or "-")', "use the claim's name as in the token, e.g. 'role'");
      }
      if (!Array.isArray(values) || values.length === 0 || !values.every(v => typeof v === 'string' && v.length > 0)) {
        fail(workload.service, `${property}.claims.${name}`, values, 'not a non-empty list of accepted values (an empty list would admit no token)', "use e.g. ['admin']");
      }
      claims.push([name, [...new Set(values)].sort()]);
    }
  }
  requirements.set(workload, { issuer: o.issuer, audiences: [...o.audiences], claims });
  const ra = kubeObject(workload.kubernetesScope, 'RequestAuthentication', RequestAuthentication, {
    metadata: workload.metadata(workload.name),
    spec: {
      selector: { matchLabels: workload.selectorLabels },
      jwtRules: [{ issuer: o.issuer, jwksUri: o.jwksUri, audiences: [...o.audiences], forwardOriginalToken: true }],
    },
  });
  // The CRD has both `jwksUri` (the documented name) and the older alias `jwks_uri`; the generated
  // binding writes the alias. Write the documented name.
  ra.addJsonPatch(JsonPatch.move('/spec/jwtRules/0/jwks_uri', '/spec/jwtRules/0/jwksUri'));
}

/** Adds a JWT requirement to AuthorizationPolicy rules: a request principal of the issuer and the claim conditions. */
export function withJwtRequirement<R extends { from: Array<{ source: { [key: string]: unknown } }> }>(
  requirement: JwtRequirement | undefined, rules: R[]): R[] {
  if (!requirement) return rules;
  return rules.map(rule => ({
    ...rule,
    from: rule.from.map(f => ({ source: { ...f.source, requestPrincipals: [`${requirement.issuer}/*`] } })),
    ...(requirement.claims.length ? { when: requirement.claims.map(([name, values]) => ({ key: `request.auth.claims[${name}]`, values })) } : {}),
  }));
}

/**
 * Enforces an exposure's `EdgeAuthentication` for a service exposed through the mesh's ingress
 * gateway: `jwt` becomes {@link requireJwt} on the service (any number of audiences); `anonymous`
 * returns the opt-out annotation to write on the exposure's route; `oidc` and `cognito` (browser
 * logins at the AWS load balancer) are refused, since the mesh ingress has no login flow.
 */
export function enforceEdgeAuthenticationInMesh(workload: ServiceWorkload, auth: EdgeAuthentication, property: string): { [key: string]: string } {
  auth._validate(workload.service, property, workload.platform);
  switch (auth.mode) {
    case EdgeAuthenticationMode.JWT:
      requireJwt(workload, auth._jwt, property);
      return {};
    case EdgeAuthenticationMode.ANONYMOUS:
      return { [`${OPT_OUT_ANNOTATION_PREFIX}${EDGE_AUTHENTICATION_CONTROL}`]: auth._reason.trim() };
    default:
      return fail(workload.service, property, auth.mode, 'the mesh ingress gateway has no login flow: OIDC and Cognito sign-in are enforced by the AWS load balancer',
        "use EdgeAuthentication.jwt({ issuer, jwksUri, audiences }) for the mesh ingress, or EdgeAuthentication.anonymous('<reason>')");
  }
}
