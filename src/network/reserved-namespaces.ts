import { ExposureController, ExposureMode } from '../exposure/controller';
import type { ServiceMesh } from '../mesh/service-mesh';
import { ServiceTls, ServiceTlsMode } from '../tls/service-tls';

/** Who owns a namespace, or undefined when the library may write, label and default-deny it. */
export type NamespaceOwner = (namespace: string) => string | undefined;

/**
 * Namespaces of add-ons the library's output relies on, whatever the platform's settings say:
 * the library would label them Pod Security "restricted" and deny all their traffic, cutting off
 * the add-on (cert-manager, the mesh, Gateway implementations, External Secrets, the CSI driver's
 * and CoreDNS's `kube-system`).
 */
const ADD_ON_NAMESPACES: { [namespace: string]: string } = {
  'cert-manager': 'cert-manager',
  'istio-system': 'the Istio control plane',
  'envoy-gateway-system': 'Envoy Gateway',
  'external-secrets': 'the External Secrets Operator',
};

/**
 * The owners of namespaces on a platform with these settings: the cluster (`default`,
 * `kube-*`), the add-ons the platform references (the CA's namespace, the mesh's control plane,
 * the Gateway implementation's proxies and control plane) and well-known add-ons.
 */
export function namespaceOwners(tls: ServiceTls, mesh: ServiceMesh | undefined, exposure: ExposureController): NamespaceOwner {
  return namespace => ownerOf(tls, mesh, exposure, namespace);
}

function ownerOf(tls: ServiceTls, mesh: ServiceMesh | undefined, exposure: ExposureController, namespace: string): string | undefined {
  if (namespace === 'default' || namespace.startsWith('kube-')) return 'the cluster';
  if (tls.mode === ServiceTlsMode.CERT_MANAGER && tls.issuer === undefined && namespace === tls.caNamespace) {
    return "cert-manager (the platform CA's namespace)";
  }
  if (mesh && namespace === mesh.istiodNamespace) return 'the mesh control plane (istiod)';
  const gateway = exposure.mode === ExposureMode.GATEWAY_API ? exposure.gatewayApiOptions : undefined;
  if (gateway) {
    const gatewayNamespace = gateway.namespace ?? 'gateway';
    if (gateway.proxyNamespace !== undefined && gateway.proxyNamespace !== gatewayNamespace && namespace === gateway.proxyNamespace) {
      return "the Gateway implementation (its proxies' namespace)";
    }
    if (gateway.proxyControlPlane && namespace === gateway.proxyControlPlane.namespace) return "the Gateway implementation's control plane";
  }
  return ADD_ON_NAMESPACES[namespace];
}
