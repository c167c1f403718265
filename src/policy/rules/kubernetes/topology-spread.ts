import { objectRule, podTemplateOf, REPLICATED_KINDS } from './util';
import { Severity } from '../../model';

/** The topology keys that spread replicas over nodes or zones. */
export const SPREAD_KEYS = ['kubernetes.io/hostname', 'topology.kubernetes.io/zone'];

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
  const terms = [
    ...(Array.isArray(spec.topologySpreadConstraints) ? spec.topologySpreadConstraints : []),
    ...(Array.isArray(spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution)
      ? spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution : []),
  ];
  if (terms.some((t: any) => SPREAD_KEYS.includes(t?.topologyKey))) return [];
  if (terms.length === 0) return ['declares no topologySpreadConstraints or required pod anti-affinity'];
  const keys = [...new Set(terms.map((t: any) => String(t?.topologyKey)))];
  return [`spreads only over ${keys.map(k => `"${k}"`).join(', ')}, not ${SPREAD_KEYS.join(' or ')}`];
});
