import { meshProtected } from './service-port-tls';
import { asList, crossRule, namespaceOf, objectFinding, objectsOfKind } from './util';
import { KubernetesObject, RuleFinding, Severity } from '../../model';

const GATEWAY_API = 'gateway.networking.k8s.io/';
/** Annotations with which ingress controllers speak TLS to the backend pods. */
const BACKEND_PROTOCOL_ANNOTATIONS: { [key: string]: string[] } = {
  'alb.ingress.kubernetes.io/backend-protocol': ['HTTPS'],
  'nginx.ingress.kubernetes.io/backend-protocol': ['HTTPS', 'GRPCS'],
};

interface Backend {
  readonly namespace: string;
  readonly name: string;
  /** The Service port number or name the route sends to. */
  readonly port: unknown;
}

function servicePort(services: KubernetesObject[], b: Backend): { service: any; port: any } {
  const service = services.find(s => s.object?.metadata?.name === b.name && namespaceOf(s.object) === b.namespace)?.object
    ?? { metadata: { name: b.name, namespace: b.namespace }, spec: {} };
  const port = asList<any>(service.spec?.ports).find(p => p?.port === b.port || (typeof b.port === 'string' && p?.name === b.port))
    ?? (typeof b.port === 'number' ? { port: b.port } : { name: b.port });
  return { service, port };
}

/** Whether a BackendTLSPolicy makes the gateway originate verified TLS to `port` of `service`. */
function backendTlsPolicyCovers(policies: KubernetesObject[], service: any, port: any): boolean {
  return policies.some(p => {
    if (namespaceOf(p.object) !== namespaceOf(service)) return false;
    const v = p.object?.spec?.validation ?? {};
    const verified = (asList(v.caCertificateRefs).length > 0 || (typeof v.wellKnownCACertificates === 'string' && v.wellKnownCACertificates !== ''))
      && typeof v.hostname === 'string' && v.hostname !== '';
    return verified && asList<any>(p.object?.spec?.targetRefs).some(t => (t?.group ?? '') === '' && t?.kind === 'Service'
      && t?.name === service.metadata?.name && (t?.sectionName === undefined || t.sectionName === port?.name));
  });
}

function backendProtocolTls(...annotated: any[]): boolean {
  return annotated.some(o => Object.entries(BACKEND_PROTOCOL_ANNOTATIONS)
    .some(([key, values]) => values.includes(String(o?.metadata?.annotations?.[key] ?? '').toUpperCase())));
}

/** TLS: every hop from an exposure (Gateway or Ingress) to the pods is TLS. */
export const EXPOSED_HOP_TLS = crossRule({
  id: 'X-011',
  severity: Severity.ERROR,
  title: 'Every exposed hop to the pods is TLS',
  description: 'A gateway or load balancer that terminates the client\'s TLS opens a second connection to the pods. Unless that hop is TLS too, requests and responses cross the cluster network in clear text, or fail against pods that serve HTTPS only. An HTTPRoute backend must be covered by a BackendTLSPolicy that verifies the pod\'s certificate (a CA and the expected host name), or be under a STRICT mesh PeerAuthentication; an Ingress backend must be spoken to over HTTPS (`alb.ingress.kubernetes.io/backend-protocol: HTTPS`, or NGINX\'s `backend-protocol: HTTPS`/`GRPCS`) or be mesh-protected.',
  fix: 'Add a BackendTLSPolicy for the Service (caCertificateRefs with the CA that issued the pods\' certificates, hostname the Service\'s DNS name), set the ingress controller\'s backend protocol to HTTPS, or enrol the namespace in a mesh with mTLS STRICT.',
}, input => {
  const services = objectsOfKind(input, 'Service');
  const pas = objectsOfKind(input, 'PeerAuthentication').filter(o => String(o.object?.apiVersion ?? '').startsWith('security.istio.io/'));
  const policies = objectsOfKind(input, 'BackendTLSPolicy').filter(o => String(o.object?.apiVersion ?? '').startsWith(GATEWAY_API));
  const findings: RuleFinding[] = [];
  for (const route of objectsOfKind(input, 'HTTPRoute').filter(o => String(o.object?.apiVersion ?? '').startsWith(GATEWAY_API))) {
    for (const ref of asList<any>(route.object?.spec?.rules).flatMap(r => asList<any>(r?.backendRefs))) {
      if ((ref?.group ?? '') !== '' || (ref?.kind ?? 'Service') !== 'Service') continue;
      const { service, port } = servicePort(services, { namespace: ref.namespace ?? namespaceOf(route.object), name: ref.name, port: ref.port });
      if (!backendTlsPolicyCovers(policies, service, port) && !meshProtected(pas, service, port)) {
        findings.push(objectFinding(route, `backend Service ${namespaceOf(service)}/${ref.name} port ${ref.port} has no BackendTLSPolicy verifying its certificate and is not under a STRICT PeerAuthentication: the gateway-to-pod hop is not TLS`));
      }
    }
  }
  for (const ingress of objectsOfKind(input, 'Ingress')) {
    const spec = ingress.object?.spec ?? {};
    const backends = [spec.defaultBackend, ...asList<any>(spec.rules).flatMap(r => asList<any>(r?.http?.paths).map(p => p?.backend))]
      .map(b => b?.service).filter(s => s?.name);
    for (const b of backends) {
      const { service, port } = servicePort(services, { namespace: namespaceOf(ingress.object), name: b.name, port: b.port?.number ?? b.port?.name });
      if (!backendProtocolTls(ingress.object, service) && !meshProtected(pas, service, port)) {
        findings.push(objectFinding(ingress, `backend Service ${namespaceOf(service)}/${b.name} is spoken to without TLS (no HTTPS backend-protocol annotation) and is not under a STRICT PeerAuthentication`));
      }
    }
  }
  return findings;
});
