import { containerRule } from './util';
import { Severity } from '../../model';

const ALLOWED = new Set(['NET_BIND_SERVICE']);

/** PSS restricted: only NET_BIND_SERVICE may be added. */
export const RESTRICTED_CAPABILITIES = containerRule({
  id: 'K8S-005',
  severity: Severity.ERROR,
  title: 'Only NET_BIND_SERVICE may be added',
  description: 'Pod Security Standards "restricted": containers may add back only the `NET_BIND_SERVICE` capability. Capabilities such as SYS_ADMIN, NET_ADMIN or SYS_PTRACE let a process escape or tamper with the node.',
  fix: 'Remove every capability from `securityContext.capabilities.add` except NET_BIND_SERVICE; prefer a port >= 1024 so none is needed.',
}, c => {
  const add: unknown[] = c.container?.securityContext?.capabilities?.add ?? [];
  const bad = add.filter(a => typeof a !== 'string' || !ALLOWED.has(a.toUpperCase().replace(/^CAP_/, '')));
  return bad.length > 0 ? `adds capabilities ${bad.map(b => String(b)).join(', ')}` : undefined;
});
