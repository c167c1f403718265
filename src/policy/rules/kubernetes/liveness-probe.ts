import { containerRule, REPLICATED_KINDS } from './util';
import { Severity } from '../../model';

/** Reliability: liveness probes. */
export const LIVENESS_PROBE = containerRule({
  id: 'K8S-018',
  severity: Severity.WARNING,
  title: 'Long-running containers have a liveness probe',
  description: 'Reliability: without a liveness probe, a deadlocked process is never restarted. Checked for the containers of Deployments, StatefulSets, DaemonSets and Pods (not Jobs).',
  fix: 'Add a `livenessProbe` to every container, with a generous failureThreshold so slow responses do not cause restart storms.',
}, (c, pod) => {
  if (!c.regular || !(REPLICATED_KINDS.has(pod.owner.object.kind) || ['DaemonSet', 'Pod'].includes(pod.owner.object.kind))) return undefined;
  return c.container?.livenessProbe ? undefined : 'has no livenessProbe';
});
