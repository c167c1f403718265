import { containerRule, effective } from './util';
import { Severity } from '../../model';

const ALLOWED = new Set(['RuntimeDefault', 'Localhost']);

/** PSS restricted: seccomp RuntimeDefault or Localhost. */
export const SECCOMP_PROFILE = containerRule({
  id: 'K8S-006',
  severity: Severity.ERROR,
  title: 'A seccomp profile is set',
  description: 'Pod Security Standards "restricted": every container must run with the `RuntimeDefault` or a `Localhost` seccomp profile (set on the pod or the container). Without it, containers run Unconfined and can call every system call, including ones used in container escapes.',
  fix: 'Set `securityContext.seccompProfile.type: RuntimeDefault` on the pod spec.',
}, (c, pod) => {
  const type = effective(c, pod, 'seccompProfile')?.type;
  if (type === undefined) return 'has no seccomp profile';
  return ALLOWED.has(type) ? undefined : `uses seccomp profile ${type}`;
});
