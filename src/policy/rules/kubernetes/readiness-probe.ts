import { containerRule, REPLICATED_KINDS } from './util';
import { Severity } from '../../model';

/** Reliability: readiness probes. */
export const READINESS_PROBE = containerRule({
  id: 'K8S-017',
  severity: Severity.WARNING,
  title: 'Long-running containers have a readiness probe',
  description: 'Reliability: without a readiness probe, a Service sends traffic to a pod as soon as its process starts, and keeps sending it to a pod that can no longer serve. Checked for the containers of Deployments, StatefulSets, DaemonSets and Pods (not Jobs).',
  fix: 'Add a `readinessProbe` (httpGet, tcpSocket, grpc or exec) to every container.',
}, (c, pod) => {
  if (!c.regular || !(REPLICATED_KINDS.has(pod.owner.object.kind) || ['DaemonSet', 'Pod'].includes(pod.owner.object.kind))) return undefined;
  return c.container?.readinessProbe ? undefined : 'has no readinessProbe';
});
