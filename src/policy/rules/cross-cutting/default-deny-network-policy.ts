import { asList, isEmptySelector, namespaceOf, objectFinding, objectsOfKind, crossRule, workloads } from './util';
import { KubernetesObject, Severity } from '../../model';

/** Policy types of a NetworkPolicy, with the API defaults when unset. */
export function policyTypes(spec: any): string[] {
  if (Array.isArray(spec?.policyTypes) && spec.policyTypes.length > 0) return spec.policyTypes;
  return spec?.egress !== undefined ? ['Ingress', 'Egress'] : ['Ingress'];
}

/** The directions (`Ingress`, `Egress`) a namespace-wide NetworkPolicy denies by default. */
export function deniedDirections(policy: KubernetesObject): string[] {
  const spec = policy.object?.spec;
  if (!isEmptySelector(spec?.podSelector)) return [];
  return policyTypes(spec).filter(t => asList(spec?.[t.toLowerCase()]).length === 0);
}

/** Network: every workload is under a default-deny policy for both directions. */
export const DEFAULT_DENY_NETWORK_POLICY = crossRule({
  id: 'X-001',
  severity: Severity.ERROR,
  title: 'Every workload is selected by a default-deny NetworkPolicy',
  description: 'Pods that no NetworkPolicy selects accept traffic from, and send traffic to, every pod and address. Each namespace with workloads needs a NetworkPolicy with `podSelector: {}`, policyTypes Ingress and Egress and no rules, so that only declared flows are open.',
  fix: 'Add `{kind: NetworkPolicy, metadata: {name: default-deny}, spec: {podSelector: {}, policyTypes: [Ingress, Egress]}}` to the namespace (SecureMicroservice does this for its namespaces).',
}, input => {
  const denied = new Map<string, Set<string>>();
  for (const p of objectsOfKind(input, 'NetworkPolicy')) {
    const ns = namespaceOf(p.object);
    const set = denied.get(ns) ?? new Set<string>();
    deniedDirections(p).forEach(d => set.add(d));
    denied.set(ns, set);
  }
  return workloads(input).flatMap(w => {
    const have = denied.get(w.namespace) ?? new Set<string>();
    const missing = ['Ingress', 'Egress'].filter(d => !have.has(d));
    return missing.length === 0 ? []
      : [objectFinding(w.owner, `no default-deny ${missing.join(' and ')} NetworkPolicy in namespace "${w.namespace}"`)];
  });
});
