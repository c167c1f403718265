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
