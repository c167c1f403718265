import { objectRule, podTemplateOf } from './util';
import { Severity } from '../../model';

/** Namespaced kinds whose objects belong in a dedicated namespace. */
const NAMESPACED = new Set([
  'Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'ReplicationController',
  'Service', 'ServiceAccount', 'ConfigMap', 'Secret', 'NetworkPolicy', 'PodDisruptionBudget', 'Role', 'RoleBinding',
  'HorizontalPodAutoscaler', 'Ingress', 'PersistentVolumeClaim',
]);

/** NSA/CISA: no workloads in the default namespace. */
export const NO_DEFAULT_NAMESPACE = objectRule({
  id: 'K8S-015',
  severity: Severity.WARNING,
  title: 'Objects are not in the default namespace',
  description: 'NSA/CISA Kubernetes Hardening Guidance: separate workloads into namespaces, so RBAC, NetworkPolicies, quotas and Pod Security Admission apply per team or service. Objects in `default` (or without a namespace, which lands them in whatever namespace the deployer\'s context uses) share one unguarded space.',
  fix: 'Set `metadata.namespace` to a dedicated namespace labelled for Pod Security Admission.',
}, o => {
  if (!NAMESPACED.has(o.object.kind) && !podTemplateOf(o.object)) return [];
  const ns = o.object.metadata?.namespace;
  if (ns === undefined || ns === null || ns === '') return ['has no namespace (it lands in the deployer\'s current namespace)'];
  return ns === 'default' ? ['is in the default namespace'] : [];
});
