import { memo, objectRule } from './util';
import { KubernetesObject, PolicyInput, Severity } from '../../model';

const routesCache = new WeakMap<PolicyInput, KubernetesObject[]>();

/** Whether an HTTPRoute only redirects to HTTPS (every rule has a RequestRedirect filter with scheme https). */
export function redirectsToHttps(route: any): boolean {
  const rules: any[] = Array.isArray(route?.spec?.rules) ? route.spec.rules : [];
  return rules.length > 0 && rules.every(r => (Array.isArray(r?.filters) ? r.filters : [])
    .some((f: any) => f?.type === 'RequestRedirect' && f.requestRedirect?.scheme === 'https'));
}

function attaches(route: any, gateway: any, listener: any): boolean {
  const gwNs = gateway.metadata?.namespace ?? 'default';
  return (Array.isArray(route?.spec?.parentRefs) ? route.spec.parentRefs : []).some((p: any) =>
    p?.name === gateway.metadata?.name && (p.namespace ?? route.metadata?.namespace ?? 'default') === gwNs
    && (p.kind === undefined || p.kind === 'Gateway')
    && (p.sectionName === undefined || p.sectionName === listener.name)
    && (p.port === undefined || p.port === listener.port));
}

/** Network: Gateway listeners serve HTTPS. */
export const GATEWAY_HTTPS = objectRule({
  id: 'K8S-032',
  severity: Severity.ERROR,
  title: 'Gateway listeners serve TLS with a certificate, not plain HTTP',
  description: 'A Gateway API listener with `protocol: HTTP` serves its routes in cleartext; an `HTTPS` (or terminating `TLS`) listener without `tls.certificateRefs` has no certificate to serve and is invalid or falls back to a default one. A plain-HTTP listener is accepted only when every HTTPRoute attached to it does nothing but redirect to https (a `RequestRedirect` filter with `scheme: https` in every rule); TLS passthrough needs no certificate.',
  fix: 'Use `protocol: HTTPS` with `tls.certificateRefs` (or TLS passthrough); keep an HTTP listener only for an HTTPRoute that redirects to https.',
}, (o, input) => {
  if (o.object?.kind !== 'Gateway' || typeof o.object.apiVersion !== 'string' || !o.object.apiVersion.startsWith('gateway.networking.k8s.io/')) return [];
  const routes = memo(routesCache, input, () => input.kubernetes.filter(r => r.object?.kind === 'HTTPRoute'));
  const listeners: any[] = Array.isArray(o.object.spec?.listeners) ? o.object.spec.listeners : [];
  const noCertificates = listeners.filter(l => (l?.protocol === 'HTTPS' || (l?.protocol === 'TLS' && l.tls?.mode !== 'Passthrough'))
    && (l.tls?.mode ?? 'Terminate') === 'Terminate' && !(Array.isArray(l.tls?.certificateRefs) && l.tls.certificateRefs.length > 0))
    .map(l => `listener "${l.name}" (${l.protocol}) terminates TLS without tls.certificateRefs`);
  return [...noCertificates, ...listeners.filter(l => l?.protocol === 'HTTP').flatMap(l => {
    const attached = routes.filter(r => attaches(r.object, o.object, l));
    return attached.length > 0 && attached.every(r => redirectsToHttps(r.object)) ? []
      : [`listener "${l.name}" serves plain HTTP on port ${l.port}${attached.length > 0 ? ` (HTTPRoute ${attached.filter(r => !redirectsToHttps(r.object)).map(r => r.object.metadata?.name).join(', ')} does not only redirect to https)` : ''}`];
  })];
});
