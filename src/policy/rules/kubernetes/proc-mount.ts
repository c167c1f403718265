import { containerRule } from './util';
import { Severity } from '../../model';

/** PSS baseline: the default /proc mask. */
export const PROC_MOUNT_DEFAULT = containerRule({
  id: 'K8S-027',
  severity: Severity.ERROR,
  title: 'Containers keep the default /proc mount',
  description: 'Pod Security Standards "baseline": `securityContext.procMount` must be unset or `Default`. `Unmasked` removes the masking and read-only paths the container runtime puts on /proc, exposing kernel and host information and writable kernel settings to the container.',
  fix: 'Remove `securityContext.procMount` (or set it to `Default`).',
}, c => {
  const mount = c.container?.securityContext?.procMount;
  return mount === undefined || mount === null || mount === 'Default' ? undefined : `procMount is ${mount}`;
});
