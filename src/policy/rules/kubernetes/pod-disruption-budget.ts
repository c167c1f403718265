import { memo, objectRule, podTemplateOf, REPLICATED_KINDS, SelectorIndex } from './util';
import { PolicyInput, Severity } from '../../model';

const budgets = new WeakMap<PolicyInput, SelectorIndex<string>>();

/** Reliability: a PodDisruptionBudget selects each Deployment and StatefulSet. */
export const POD_DISRUPTION_BUDGET = objectRule({
  id: 'K8S-020',
  severity: Severity.WARNING,
  title: 'A PodDisruptionBudget selects each Deployment and StatefulSet',
  description: 'Reliability: without a PodDisruptionBudget, a node drain or cluster upgrade may evict every replica of a service at once. A budget in the same namespace whose selector matches the pod template\'s labels limits voluntary disruptions.',
  fix: 'Add a PodDisruptionBudget (`maxUnavailable: 1`) in the workload\'s namespace whose `selector.matchLabels` matches the pod template labels.',
}, (o, input) => {
  if (!REPLICATED_KINDS.has(o.object.kind)) return [];
  const index = memo(budgets, input, () => {
    const i = new SelectorIndex<string>();
    for (const p of input.kubernetes) {
      if (p.object.kind === 'PodDisruptionBudget' && p.object.spec?.selector) {
        i.add(p.object.metadata?.namespace ?? '', p.object.spec.selector, p.object.metadata?.name);
      }
    }
    return i;
  });
  const labels = podTemplateOf(o.object)?.metadata?.labels;
  return index.match(o.object.metadata?.namespace ?? '', labels).length > 0 ? [] : ['no PodDisruptionBudget selects its pods'];
});
