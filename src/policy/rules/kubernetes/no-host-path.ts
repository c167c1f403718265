import { podRule } from './util';
import { Severity } from '../../model';

/** PSS baseline: no hostPath volumes. */
export const NO_HOST_PATH = podRule({
  id: 'K8S-008',
  optOutControl: 'host-path',
  severity: Severity.ERROR,
  title: 'No hostPath volumes',
  description: 'Pod Security Standards: pods must not mount `hostPath` volumes. A host directory in a pod exposes node files (kubelet credentials, the container runtime socket) and lets the pod write to the node.',
  fix: 'Replace the hostPath volume with an emptyDir, a PersistentVolumeClaim, a ConfigMap or a CSI volume.',
}, pod => (Array.isArray(pod.spec?.volumes) ? pod.spec.volumes : [])
  .filter((v: any) => v?.hostPath)
  .map((v: any) => `volume "${v.name}" mounts host path ${v.hostPath.path}`));
