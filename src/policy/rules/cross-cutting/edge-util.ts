import { namespaceOf, objectsOfKind } from './util';
import { KubernetesObject, PolicyInput } from '../../model';

/** Annotation prefix of the AWS Load Balancer Controller. */
export const ALB_ANNOTATION = 'alb.ingress.kubernetes.io/';

/** Whether an Ingress is served by the AWS Load Balancer Controller (class `alb`). */
export function isAlbIngress(o: KubernetesObject): boolean {
  const spec = o.object?.spec;
  return spec?.ingressClassName === 'alb' || o.object?.metadata?.annotations?.['kubernetes.io/ingress.class'] === 'alb';
}

/** An annotation of an object, when it is a string. */
export function annotation(o: KubernetesObject, key: string): string | undefined {
  const v = o.object?.metadata?.annotations?.[key];
  return typeof v === 'string' ? v : undefined;
}

/** ALB Ingresses whose load balancer is internet-facing (annotation `scheme`). */
export function internetFacingAlbIngresses(input: PolicyInput): KubernetesObject[] {
  return objectsOfKind(input, 'Ingress').filter(o => isAlbIngress(o) && annotation(o, `${ALB_ANNOTATION}scheme`) === 'internet-facing');
}

/** Parses a JSON annotation; undefined when absent or not JSON. */
export function jsonAnnotation(o: KubernetesObject, key: string): any {
  const v = annotation(o, key);
  if (v === undefined) return undefined;
  try {
    return JSON.parse(v);
  } catch {
    return null;
  }
}

/** Names of the Services that Ingresses and HTTPRoutes route to, as `<namespace>/<name>`. */
export function exposedServices(input: PolicyInput): Set<string> {
  const names = new Set<string>();
  for (const o of objectsOfKind(input, 'Ingress')) {
    const ns = namespaceOf(o.object);
    const backends = [o.object?.spec?.defaultBackend, ...((Array.isArray(o.object?.spec?.rules) ? o.object.spec.rules : [])
      .flatMap((r: any) => (Array.isArray(r?.http?.paths) ? r.http.paths : []).map((p: any) => p?.backend)))];
    for (const b of backends) if (typeof b?.service?.name === 'string') names.add(`${ns}/${b.service.name}`);
  }
  for (const o of objectsOfKind(input, 'HTTPRoute')) {
    const ns = namespaceOf(o.object);
    for (const rule of Array.isArray(o.object?.spec?.rules) ? o.object.spec.rules : []) {
      for (const ref of Array.isArray(rule?.backendRefs) ? rule.backendRefs : []) {
        if (typeof ref?.name === 'string' && (ref.kind === undefined || ref.kind === 'Service')) names.add(`${ref.namespace ?? ns}/${ref.name}`);
      }
    }
  }
  return names;
}

/** Whether an https URL. */
export function isHttpsUrl(x: unknown): boolean {
  return typeof x === 'string' && /^https:\/\/[^/\s]+/.test(x);
}

/** The API group of Envoy Gateway's policies. */
export const ENVOY_GATEWAY_GROUP = 'gateway.envoyproxy.io';

/** Envoy Gateway `SecurityPolicy` objects. */
export function envoySecurityPolicies(input: PolicyInput): KubernetesObject[] {
  return objectsOfKind(input, 'SecurityPolicy').filter(o => String(o.object?.apiVersion ?? '').startsWith(`${ENVOY_GATEWAY_GROUP}/`));
}

const list = (x: unknown): any[] => (Array.isArray(x) ? x : []);

/** The Gateways an HTTPRoute attaches to, as `<namespace>/<name>` (GAMMA parents, Services, are not exposures). */
export function routeGateways(route: KubernetesObject): string[] {
  const ns = namespaceOf(route.object);
  return list(route.object?.spec?.parentRefs)
    .filter((p: any) => typeof p?.name === 'string' && (p.kind ?? 'Gateway') === 'Gateway' && (p.group ?? 'gateway.networking.k8s.io') === 'gateway.networking.k8s.io')
    .map((p: any) => `${p.namespace ?? ns}/${p.name}`);
}

/** Whether a SecurityPolicy authenticates every request: a required JWT, an OIDC login, basic or API-key auth, or fail-closed external auth. */
function authenticates(spec: any): boolean {
  if (list(spec?.jwt?.providers).length > 0 && spec.jwt.optional !== true) return true;
  if (spec?.oidc && typeof spec.oidc === 'object') return true;
  if (spec?.basicAuth && typeof spec.basicAuth === 'object') return true;
  if (spec?.apiKeyAuth && typeof spec.apiKeyAuth === 'object') return true;
  return !!spec?.extAuth && typeof spec.extAuth === 'object' && spec.extAuth.failOpen !== true;
}

/** Whether a BackendTrafficPolicy limits request rates (local or global rules). */
function limitsRate(spec: any): boolean {
  const r = spec?.rateLimit;
  return !!r && typeof r === 'object' && (list(r.local?.rules).length > 0 || list(r.global?.rules).length > 0);
}

/**
 * Whether a BackendTrafficPolicy limits the size of request bodies: a `requestBuffer.limit` that is
 * a positive whole number of bytes or a Quantity (e.g. `1Mi`); `0` and negative values limit nothing.
 */
function limitsRequestSize(spec: any): boolean {
  const limit = spec?.requestBuffer?.limit;
  if (typeof limit === 'number') return Number.isInteger(limit) && limit > 0;
  return typeof limit === 'string' && /^[1-9][0-9]*([EPTGMK]i|[EPTGMk])?$/.test(limit);
}

/** The objects the route checks look up, indexed by namespace (once per input). */
interface RouteIndex {
  /** Authenticating SecurityPolicies by namespace. */
  readonly securityPolicies: Map<string, KubernetesObject[]>;
  /** Rate-limiting BackendTrafficPolicies by namespace. */
  readonly rateLimitPolicies: Map<string, KubernetesObject[]>;
  /** BackendTrafficPolicies that limit request body sizes, by namespace. */
  readonly requestSizePolicies: Map<string, KubernetesObject[]>;
  /** AuthorizationPolicies by namespace. */
  readonly authorizationPolicies: Map<string, KubernetesObject[]>;
  /** Services by `<namespace>/<name>`. */
  readonly services: Map<string, KubernetesObject>;
}

const routeIndexes = new WeakMap<PolicyInput, RouteIndex>();

function byNamespace(objects: KubernetesObject[]): Map<string, KubernetesObject[]> {
  const map = new Map<string, KubernetesObject[]>();
  for (const o of objects) {
    const ns = namespaceOf(o.object);
    const entry = map.get(ns);
    if (entry) entry.push(o);
    else map.set(ns, [o]);
  }
  return map;
}

function routeIndex(input: PolicyInput): RouteIndex {
  let index = routeIndexes.get(input);
  if (!index) {
    const services = new Map<string, KubernetesObject>();
    for (const s of objectsOfKind(input, 'Service')) {
      const key = `${namespaceOf(s.object)}/${s.object?.metadata?.name}`;
      if (!services.has(key)) services.set(key, s);
    }
    const trafficPolicies = objectsOfKind(input, 'BackendTrafficPolicy').filter(o => String(o.object?.apiVersion ?? '').startsWith(`${ENVOY_GATEWAY_GROUP}/`));
    index = {
      securityPolicies: byNamespace(envoySecurityPolicies(input).filter(p => authenticates(p.object?.spec))),
      rateLimitPolicies: byNamespace(trafficPolicies.filter(o => limitsRate(o.object?.spec))),
      requestSizePolicies: byNamespace(trafficPolicies.filter(o => limitsRequestSize(o.object?.spec))),
      authorizationPolicies: byNamespace(objectsOfKind(input, 'AuthorizationPolicy')),
      services,
    };
    routeIndexes.set(input, index);
  }
  return index;
}

/** Whether one of the Envoy Gateway policies (by namespace) applies to the route: targeting it, by name or labels, or its Gateway. */
function envoyPolicyApplies(policies: Map<string, KubernetesObject[]>, route: KubernetesObject): boolean {
  const ns = namespaceOf(route.object);
  const name = route.object?.metadata?.name;
  const labels = route.object?.metadata?.labels ?? {};
  const refs = (p: KubernetesObject): any[] => [...list(p.object?.spec?.targetRefs), ...(p.object?.spec?.targetRef ? [p.object.spec.targetRef] : [])];
  const local = (policies.get(ns) ?? []).some(p => refs(p).some((r: any) => r?.kind === 'HTTPRoute' && r.name === name)
    || list(p.object?.spec?.targetSelectors).some((sel: any) => sel?.kind === 'HTTPRoute'
      && Object.entries(sel?.matchLabels ?? {}).every(([k, v]) => labels[k] === v)));
  return local || routeGateways(route).some(gateway => {
    const [gns, gname] = gateway.split('/');
    return (policies.get(gns) ?? []).some(p => refs(p).some((r: any) => r?.kind === 'Gateway' && r.name === gname));
  });
}

/** Whether an Envoy Gateway BackendTrafficPolicy with a rate limit applies to the route (or its Gateway). */
export function routeRateLimited(input: PolicyInput, route: KubernetesObject): boolean {
  return envoyPolicyApplies(routeIndex(input).rateLimitPolicies, route);
}

/** Whether an Envoy Gateway BackendTrafficPolicy with a request body limit applies to the route (or its Gateway). */
export function routeRequestSizeLimited(input: PolicyInput, route: KubernetesObject): boolean {
  return envoyPolicyApplies(routeIndex(input).requestSizePolicies, route);
}

/** Whether an AuthorizationPolicy in `namespace` selects the pods of a Service with `selector` (its labels include the policy's). */
function selectsService(policy: KubernetesObject, namespace: string, selector: { [k: string]: string }): boolean {
  if (namespaceOf(policy.object) !== namespace) return false;
  const labels = policy.object?.spec?.selector?.matchLabels ?? {};
  return typeof labels === 'object' && Object.entries(labels).every(([k, v]) => selector[k] === v);
}

/**
 * Whether Istio requires a request principal (a valid JWT) for every request to the pods of a
 * Service: a DENY policy for requests without one (`notRequestPrincipals: ["*"]`), or at least one
 * ALLOW policy whose every rule admits only sources with `requestPrincipals`.
 */
function meshRequiresPrincipal(index: RouteIndex, namespace: string, selector: { [k: string]: string }): boolean {
  const policies = (index.authorizationPolicies.get(namespace) ?? []).filter(p => selectsService(p, namespace, selector));
  const deniesAnonymous = policies.some(p => p.object?.spec?.action === 'DENY' && list(p.object.spec.rules).some((r: any) =>
    list(r?.to).length === 0 && list(r?.when).length === 0
      && list(r?.from).some((f: any) => list(f?.source?.notRequestPrincipals).includes('*') && Object.keys(f.source).length === 1)));
  if (deniesAnonymous) return true;
  const allow = policies.filter(p => (p.object?.spec?.action ?? 'ALLOW') === 'ALLOW');
  return allow.length > 0 && allow.every(p => list(p.object?.spec?.rules).every((r: any) =>
    list(r?.from).length > 0 && list(r.from).every((f: any) => list(f?.source?.requestPrincipals).length > 0)));
}

/** The backends (`<namespace>/<name>` of Services) of an HTTPRoute. */
function routeBackends(route: KubernetesObject): Array<[string, string]> {
  const ns = namespaceOf(route.object);
  return list(route.object?.spec?.rules).flatMap((rule: any) => list(rule?.backendRefs)
    .filter((ref: any) => typeof ref?.name === 'string' && (ref.kind ?? 'Service') === 'Service')
    .map((ref: any): [string, string] => [ref.namespace ?? ns, ref.name]));
}

/**
 * Whether every request through an HTTPRoute is authenticated: by an Envoy Gateway SecurityPolicy
 * for the route or its Gateway, or by Istio on every backend Service's pods.
 */
export function routeAuthenticated(input: PolicyInput, route: KubernetesObject): boolean {
  const index = routeIndex(input);
  if (envoyPolicyApplies(index.securityPolicies, route)) return true;
  const backends = routeBackends(route);
  if (backends.length === 0) return false;
  return backends.every(([ns, name]) => {
    const selector = index.services.get(`${ns}/${name}`)?.object?.spec?.selector;
    return !!selector && typeof selector === 'object' && Object.keys(selector).length > 0 && meshRequiresPrincipal(index, ns, selector);
  });
}
