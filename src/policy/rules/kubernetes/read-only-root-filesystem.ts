import { containerRule } from './util';
import { Severity } from '../../model';

/** NSA/CISA: read-only root filesystem. */
export const READ_ONLY_ROOT_FILESYSTEM = containerRule({
  id: 'K8S-012',
  severity: Severity.ERROR,
  title: 'Root filesystem is read-only',
  description: 'NSA/CISA Kubernetes Hardening Guidance: containers should run with an immutable root filesystem (`readOnlyRootFilesystem: true`), so an attacker cannot drop tools or modify binaries; writable paths are explicit volumes.',
  fix: 'Set `securityContext.readOnlyRootFilesystem: true` and mount an emptyDir at the paths the process writes to (for example /tmp).',
}, c => (c.container?.securityContext?.readOnlyRootFilesystem === true ? undefined : 'readOnlyRootFilesystem is not true'));
