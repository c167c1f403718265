import { podRule } from './util';
import { Severity } from '../../model';

/** PSS baseline: no host network, PID or IPC namespace. */
export const NO_HOST_NAMESPACES = podRule({
  id: 'K8S-007',
  severity: Severity.ERROR,
  title: 'No host network, PID or IPC namespace',
  description: 'Pod Security Standards: pods must not set `hostNetwork`, `hostPID` or `hostIPC`. Sharing the node\'s namespaces lets a pod sniff node traffic, bypass NetworkPolicies, see and signal host processes and read host shared memory.',
  fix: 'Remove `hostNetwork`, `hostPID` and `hostIPC` from the pod spec (or set them to false).',
}, pod => ['hostNetwork', 'hostPID', 'hostIPC'].filter(f => pod.spec?.[f] === true).map(f => `${f} is true`));
