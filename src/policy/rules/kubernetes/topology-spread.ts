import { objectRule, podTemplateOf, REPLICATED_KINDS } from './util';
import { Severity } from '../../model';

/** Reliability: replicas are spread over nodes or zones. */
export const TOPOLOGY_SPREAD = objectRule({
  id: 'K8S-023',
  severity: Severity.WARNING,
  title: 'Replicas are spread across nodes or zones',
  description: 'Reliability: replicas scheduled onto one node or one zone fail together. Deployments and StatefulSets must declare `topologySpreadConstraints` (or a required pod anti-affinity) over `kubernetes.io/hostname` or `topology.kubernetes.io/zone`.',
  fix: 'Add `topologySpreadConstraints` with `topologyKey: kubernetes.io/hostname` (and `topology.kubernetes.io/zone`) and a labelSelector matching the pods.',
}, o => {
  if (!REPLICATED_KINDS.has(o.object.kind)) return [];
  const spec = podTemplateOf(o.object)?.spec ?? {};
  const spread = Array.isArray(spec.topologySpreadConstraints) && spec.topologySpreadConstraints.length > 0;
  const antiAffinity = Array.isArray(spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution)
    && spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution.length > 0;
  return spread || antiAffinity ? [] : ['declares no topologySpreadConstraints or required pod anti-affinity'];
});
