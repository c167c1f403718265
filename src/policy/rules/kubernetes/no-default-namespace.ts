import { objectRule, podTemplateOf } from './util';
import { Severity } from '../../model';

/** Namespaced kinds whose objects belong in a dedicated namespace. */
const NAMESPACED = new Set([
  'Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'ReplicationController',
  'Service', 'ServiceAccount', 'ConfigMap', 'Secret', 'NetworkPolicy', 'PodDisruptionBudget', 'Role', 'RoleBinding',
  'HorizontalPodAutoscaler', 'Ingress', 'PersistentVolumeClaim',
]);

/**
 * Objects Kubernetes itself keeps in `default`: its `default` ServiceAccount and the `kubernetes`
 * Service of the API server (manifests that configure them, e.g. to turn off token automounting,
 * must name them there).
 */
function isBuiltIn(object: any): boolean {
  const ns = object.metadata?.namespace;
  if (ns !== undefined && ns !== null && ns !== '' && ns !== 'default') return false;
  const name = object.metadata?.name;
  return (object.kind === 'ServiceAccount' && name === 'default') || (object.kind === 'Service' && name === 'kubernetes');
}

/** NSA/CISA: no workloads in the default namespace. */
export const NO_DEFAULT_NAMESPACE = objectRule({
  id: 'K8S-015',
  severity: Severity.WARNING,
  title: 'Objects are not in the default namespace',
  description: 'NSA/CISA Kubernetes Hardening Guidance: separate workloads into namespaces, so RBAC, NetworkPolicies, quotas and Pod Security Admission apply per team or service. Objects in `default` (or without a namespace, which lands them in whatever namespace the deployer\'s context uses) share one unguarded space. Kubernetes\' own `default` ServiceAccount and `kubernetes` Service live there and are exempt.',
  fix: 'Set `metadata.namespace` to a dedicated namespace labelled for Pod Security Admission.',
}, o => {
  if (!NAMESPACED.has(o.object.kind) && !podTemplateOf(o.object)) return [];
  if (isBuiltIn(o.object)) return [];
  const ns = o.object.metadata?.namespace;
  if (ns === undefined || ns === null || ns === '') return ['has no namespace (it lands in the deployer\'s current namespace)'];
  return ns === 'default' ? ['is in the default namespace'] : [];
});
