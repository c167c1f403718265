import { ApiObject, Lazy } from 'cdk8s';
import { ServiceMesh } from './service-mesh';
import { AuthorizationPolicy, AuthorizationPolicySpecAction, PeerAuthentication, PeerAuthenticationSpecMtlsMode } from '../imports/security.istio.io';
import type { SecureMicroservice } from '../microservice/secure-microservice';
import { CONSTRUCT_PATH_ANNOTATION, MANAGED_BY } from '../network/labels';
import type { Platform } from '../platform/platform';

/** A caller of a service on one port, as the mesh identifies it. */
export interface MeshCaller {
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly port: number;
}

/**
 * Enrols a namespace the library created in the mesh (sidecar injection or ambient label) and
 * gives it a PeerAuthentication with mTLS STRICT: its pods accept only mesh mTLS. Idempotent.
 */
export function enrolNamespace(platform: Platform, mesh: ServiceMesh, namespace: string): void {
  const scope = platform.chart.node.tryFindChild(`Namespace-${namespace}`);
  if (!scope || scope.node.tryFindChild('PeerAuthentication')) return;
  const ns = scope.node.tryFindChild('Namespace') as ApiObject | undefined;
  for (const [k, v] of Object.entries(mesh._namespaceLabels())) ns?.metadata.addLabel(k, v);
  new PeerAuthentication(scope, 'PeerAuthentication', {
    metadata: { name: 'default', namespace, labels: MANAGED_BY, annotations: { [CONSTRUCT_PATH_ANNOTATION]: platform.node.path } },
    spec: { mtls: { mode: PeerAuthenticationSpecMtlsMode.STRICT } },
  });
}

/** The AuthorizationPolicy rules for a set of callers: one rule per port, principals sorted. */
export function authorizationRules(mesh: ServiceMesh, callers: MeshCaller[]) {
  const byPort = new Map<number, Set<string>>();
  for (const c of callers) {
    const set = byPort.get(c.port) ?? new Set<string>();
    set.add(mesh.principal(c.namespace, c.serviceAccount));
    byPort.set(c.port, set);
  }
  return [...byPort.keys()].sort((a, b) => a - b).map(port => ({
    from: [{ source: { principals: [...byPort.get(port)!].sort() } }],
    to: [{ operation: { ports: [String(port)] } }],
  }));
}

/**
 * The AuthorizationPolicy of one service: action ALLOW with one rule per port listing the SPIFFE
 * principals of its declared callers. With no callers it has no rules, which in Istio allows
 * nothing: every request to the service is denied.
 */
export function addAuthorizationPolicy(service: SecureMicroservice, mesh: ServiceMesh, callers: () => MeshCaller[]): ApiObject {
  return new AuthorizationPolicy(service.platform._kubernetesScope(service), 'AuthorizationPolicy', {
    metadata: {
      name: service.serviceName,
      namespace: service.namespace,
      labels: service.labels,
      annotations: { [CONSTRUCT_PATH_ANNOTATION]: service.node.path },
    },
    spec: Lazy.any({
      produce: () => {
        const rules = authorizationRules(mesh, callers());
        return {
          selector: { matchLabels: service.selectorLabels },
          action: AuthorizationPolicySpecAction.ALLOW,
          ...(rules.length ? { rules } : {}),
        };
      },
    }) as any,
  });
}
