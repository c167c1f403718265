import { containerRule } from './util';
import { Severity } from '../../model';

/** PSS baseline: no Windows HostProcess containers. */
export const NO_HOST_PROCESS = containerRule({
  id: 'K8S-028',
  severity: Severity.ERROR,
  title: 'No Windows HostProcess containers',
  description: 'Pod Security Standards "baseline": `securityContext.windowsOptions.hostProcess` must be unset or false on the pod and every container. A HostProcess container runs directly on the Windows node with the host\'s network and file system, outside any container isolation.',
  fix: 'Remove `windowsOptions.hostProcess` (or set it to false) on the pod and its containers.',
}, (c, pod) => {
  if (c.container?.securityContext?.windowsOptions?.hostProcess === true) return 'windowsOptions.hostProcess is true';
  return pod.spec?.securityContext?.windowsOptions?.hostProcess === true && c.container?.securityContext?.windowsOptions?.hostProcess !== false
    ? 'windowsOptions.hostProcess is true on the pod' : undefined;
});
