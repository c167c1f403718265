import { memo, objectRule, REPLICATED_KINDS } from './util';
import { PolicyInput, Severity } from '../../model';

const autoscalers = new WeakMap<PolicyInput, Map<string, any>>();

/** Reliability: at least two replicas, or an autoscaler with minReplicas >= 2. */
export const MIN_REPLICAS = objectRule({
  id: 'K8S-021',
  severity: Severity.ERROR,
  title: 'At least two replicas',
  description: 'Reliability: a Deployment or StatefulSet with one replica is down during every rollout, node drain and node failure. It must run at least two replicas, or be scaled by a HorizontalPodAutoscaler with `minReplicas >= 2`. SecureMicroservice writes an explicit opt-out (`OptOut.singleReplica(reason)`) into the annotation `opt-out.secure-constructs.io/single-replica`, which turns the finding into a suppressed one.',
  fix: 'Set `replicas: 2` or more (or an autoscaler with `minReplicas: 2`); with secure-constructs, use `replicas` or pass `OptOut.singleReplica(reason)`.',
  optOutControl: 'single-replica',
}, (o, input) => {
  if (!REPLICATED_KINDS.has(o.object.kind)) return [];
  const hpas = memo(autoscalers, input, () => new Map(input.kubernetes
    .filter(h => h.object.kind === 'HorizontalPodAutoscaler')
    .map(h => [`${h.object.metadata?.namespace ?? ''}/${h.object.spec?.scaleTargetRef?.kind}/${h.object.spec?.scaleTargetRef?.name}`, h.object])));
  const hpa = hpas.get(`${o.object.metadata?.namespace ?? ''}/${o.object.kind}/${o.object.metadata?.name}`);
  if (hpa) {
    const min = hpa.spec?.minReplicas ?? 1;
    return min >= 2 ? [] : [`its HorizontalPodAutoscaler allows ${min} replica`];
  }
  const replicas = o.object.spec?.replicas ?? 1;
  return typeof replicas === 'number' && replicas >= 2 ? [] : [`runs ${replicas} replica and no HorizontalPodAutoscaler scales it`];
});
