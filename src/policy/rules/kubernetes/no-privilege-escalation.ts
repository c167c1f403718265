import { containerRule } from './util';
import { Severity } from '../../model';

/** PSS restricted: allowPrivilegeEscalation must be false. */
export const NO_PRIVILEGE_ESCALATION = containerRule({
  id: 'K8S-003',
  severity: Severity.ERROR,
  title: 'Privilege escalation is disallowed',
  description: 'Pod Security Standards "restricted": every container must set `securityContext.allowPrivilegeEscalation: false`, so setuid binaries and file capabilities cannot give a process more privileges than its parent (no_new_privs).',
  fix: 'Set `securityContext.allowPrivilegeEscalation: false` on every container.',
}, c => (c.container?.securityContext?.allowPrivilegeEscalation === false ? undefined : 'allowPrivilegeEscalation is not false'));
