import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { jwtRequirementOf, withJwtRequirement } from './request-authentication';
import { HBONE_PORT, ISTIOD_LABELS, ISTIOD_PORT, MeshDataPlane, ServiceMesh } from './service-mesh';
import { kubeObject } from '../core/kube-object';
import { AuthorizationPolicy, AuthorizationPolicySpecAction, PeerAuthentication, PeerAuthenticationSpecMtlsMode } from '../imports/security.istio.io';
import { CONSTRUCT_PATH_ANNOTATION, MANAGED_BY } from '../network/labels';
import type { Platform } from '../platform/platform';
import type { Caller } from '../workload/connections';
import type { ServiceWorkload } from '../workload/service-workload';


/**
 * Enrols a namespace the library created in the mesh (sidecar injection or ambient label) and
 * gives it a PeerAuthentication with mTLS STRICT: its pods accept only mesh mTLS. Idempotent.
 */
export function enrolNamespace(platform: Platform, mesh: ServiceMesh, namespace: string): void {
  const scope = platform.chart.node.tryFindChild(`Namespace-${namespace}`);
  if (!scope || scope.node.tryFindChild('PeerAuthentication')) return;
  const ns = scope.node.tryFindChild('Namespace') as ApiObject | undefined;
  for (const [k, v] of Object.entries(mesh._namespaceLabels())) ns?.metadata.addLabel(k, v);
  kubeObject(scope as Construct, 'PeerAuthentication', PeerAuthentication, {
    metadata: { name: 'default', namespace, labels: MANAGED_BY, annotations: { [CONSTRUCT_PATH_ANNOTATION]: platform.node.path } },
    spec: { mtls: { mode: PeerAuthenticationSpecMtlsMode.STRICT } },
  });
}

/**
 * The AuthorizationPolicy rules for a set of callers: one rule per port and L7 match (methods and
 * paths, when a connection limits them), principals sorted; rules sorted by port, then match.
 */
export function authorizationRules(mesh: ServiceMesh, callers: Caller[]) {
  const byKey = new Map<string, { port: number; methods?: string[]; paths?: string[]; principals: Set<string> }>();
  for (const c of callers) {
    const key = JSON.stringify([c.port, c.methods ?? null, c.paths ?? null]);
    const entry = byKey.get(key) ?? { port: c.port, methods: c.methods, paths: c.paths, principals: new Set<string>() };
    entry.principals.add(mesh.principal(c.namespace, c.serviceAccount));
    byKey.set(key, entry);
  }
  return [...byKey.entries()].sort(([ka, a], [kb, b]) => a.port - b.port || (ka < kb ? -1 : ka > kb ? 1 : 0)).map(([, e]) => ({
    from: [{ source: { principals: [...e.principals].sort() } }],
    to: [{ operation: { ports: [String(e.port)], ...(e.methods ? { methods: e.methods } : {}), ...(e.paths ? { paths: e.paths } : {}) } }],
  }));
}

/**
 * Puts a workload in the mesh: enrols its namespace (once), opens what the data plane needs in its
 * NetworkPolicy (sidecars reach istiod for configuration and certificates; in ambient mode,
 * ztunnels carry each declared flow in HBONE between the same pods) and writes its
 * AuthorizationPolicy.
 */
export function attachMesh(workload: ServiceWorkload, mesh: ServiceMesh): ApiObject {
  enrolNamespace(workload.platform, mesh, workload.namespace);
  if (mesh.dataPlane === MeshDataPlane.SIDECAR) {
    workload.connections.infrastructureEgress.push({ peer: { namespace: mesh.istiodNamespace, podLabels: ISTIOD_LABELS }, port: ISTIOD_PORT });
  }
  if (mesh.dataPlane === MeshDataPlane.AMBIENT) workload.connections.tunnelPort = HBONE_PORT;
  return addAuthorizationPolicy(workload, mesh);
}

/**
 * The AuthorizationPolicy of one service: action ALLOW with one rule per port listing the SPIFFE
 * principals of its declared callers. With no callers it has no rules, which in Istio allows
 * nothing: every request to the service is denied.
 */
function addAuthorizationPolicy(workload: ServiceWorkload, mesh: ServiceMesh): ApiObject {
  return kubeObject(workload.kubernetesScope, 'AuthorizationPolicy', AuthorizationPolicy, { metadata: workload.metadata(workload.name) }, {
    spec: () => {
      const rules = withJwtRequirement(jwtRequirementOf(workload), authorizationRules(mesh, workload.connections.callers));
      return {
        selector: { matchLabels: workload.selectorLabels },
        action: AuthorizationPolicySpecAction.ALLOW,
        ...(rules.length ? { rules } : {}),
      };
    },
  });
}
