import { podRule } from './util';
import { Severity } from '../../model';

const ALLOWED = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];

/** PSS restricted: only the restricted volume types. */
export const RESTRICTED_VOLUME_TYPES = podRule({
  id: 'K8S-010',
  optOutControl: 'host-path',
  severity: Severity.ERROR,
  title: 'Only restricted volume types',
  description: `Pod Security Standards "restricted": volumes must be of the types ${ALLOWED.join(', ')}. Other types (hostPath, nfs, iscsi, cephfs, gitRepo...) mount storage directly from the node or the network, outside the cluster's access control.`,
  fix: 'Use one of the allowed volume types; for network storage, use a PersistentVolumeClaim bound by an administrator-defined StorageClass or a CSI driver.',
}, pod => (Array.isArray(pod.spec?.volumes) ? pod.spec.volumes : []).flatMap((v: any) => {
  const types = Object.keys(v ?? {}).filter(k => k !== 'name');
  const bad = types.filter(t => !ALLOWED.includes(t));
  return bad.length ? [`volume "${v?.name}" is of type ${bad.join(', ')}`] : [];
}));
