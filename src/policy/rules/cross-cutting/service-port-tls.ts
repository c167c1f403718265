import { asList, crossRule, namespaceOf, objectFinding, objectsOfKind } from './util';
import { KubernetesObject, Severity } from '../../model';

/** Root namespace of Istio: a PeerAuthentication there applies mesh-wide. */
export const ISTIO_ROOT_NAMESPACE = 'istio-system';

const TLS_PROTOCOLS = new Set(['https', 'tls', 'grpcs', 'grpc-tls']);

/** Whether a Service port declares TLS by its name (`https`, `tls-metrics`) or appProtocol. */
export function isTlsPort(port: any): boolean {
  const prefix = typeof port?.name === 'string' ? port.name.toLowerCase().split('-')[0] : '';
  const app = typeof port?.appProtocol === 'string' ? port.appProtocol.toLowerCase() : '';
  return TLS_PROTOCOLS.has(prefix) || TLS_PROTOCOLS.has(app) || prefix === 'grpcs';
}

/** Whether a strict PeerAuthentication protects `port` of `service`. */
export function meshProtected(peerAuthentications: KubernetesObject[], service: any, port: any): boolean {
  const ns = namespaceOf(service);
  const selector = service?.spec?.selector ?? {};
  const target = typeof port?.targetPort === 'number' ? port.targetPort : port?.port;
  return peerAuthentications.some(pa => {
    const paNs = namespaceOf(pa.object);
    const spec = pa.object?.spec ?? {};
    const labels = spec.selector?.matchLabels ?? {};
    const namespaceWide = Object.keys(labels).length === 0;
    if (paNs !== ns && !(paNs === ISTIO_ROOT_NAMESPACE && namespaceWide)) return false;
    if (!namespaceWide && !Object.entries(labels).every(([k, v]) => selector[k] === v)) return false;
    const portMode = spec.portLevelMtls?.[String(target)]?.mode;
    return (portMode ?? spec.mtls?.mode) === 'STRICT';
  });
}

/** TLS: every Service port is TLS or mesh mTLS. */
export const SERVICE_PORT_TLS = crossRule({
  id: 'X-007',
  severity: Severity.ERROR,
  title: 'Every Service port is TLS or mesh-protected',
  description: 'Traffic inside the cluster crosses nodes and networks that other tenants and compromised pods can observe. Every Service port must declare TLS (port name or appProtocol `https`, `tls` or `grpcs`), or its namespace must be under an Istio PeerAuthentication with mTLS STRICT (in the namespace or the root namespace `istio-system`).',
  fix: 'Serve HTTPS with a cert-manager certificate and name the port `https`, or enable mesh mode with a STRICT PeerAuthentication.',
}, input => {
  const pas = objectsOfKind(input, 'PeerAuthentication').filter(o => String(o.object?.apiVersion ?? '').startsWith('security.istio.io/'));
  return objectsOfKind(input, 'Service')
    .filter(o => o.object?.spec?.type !== 'ExternalName')
    .flatMap(o => asList<any>(o.object?.spec?.ports)
      .filter(p => !isTlsPort(p) && !meshProtected(pas, o.object, p))
      .map(p => objectFinding(o, `port ${p?.name ? `"${p.name}" ` : ''}${p?.port} is neither TLS (name/appProtocol https, tls, grpcs) nor under a STRICT PeerAuthentication`)));
});
