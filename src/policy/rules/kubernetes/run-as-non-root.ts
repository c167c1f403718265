import { containerRule, effective } from './util';
import { Severity } from '../../model';

/** PSS restricted: containers must run as a non-root user. */
export const RUN_AS_NON_ROOT = containerRule({
  id: 'K8S-001',
  optOutControl: 'run-as-root',
  severity: Severity.ERROR,
  title: 'Containers run as non-root',
  description: 'Pod Security Standards "restricted": every container must set `runAsNonRoot: true` (on the container or the pod) and must not set `runAsUser: 0`. A process running as root inside a container is one kernel bug away from root on the node.',
  fix: 'Set `securityContext.runAsNonRoot: true` and a non-zero `runAsUser` on the pod (or each container), and build the image to run as that user.',
}, (c, pod) => {
  if (effective(c, pod, 'runAsUser') === 0) return 'runs as UID 0 (runAsUser: 0)';
  return effective(c, pod, 'runAsNonRoot') === true ? undefined : 'runAsNonRoot is not true';
});
