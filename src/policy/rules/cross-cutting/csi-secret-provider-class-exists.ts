import { csiSecretVolumes } from './csi-secret-util';
import { crossRule, namespaceOf, objectFinding, objectsOfKind } from './util';
import { Severity } from '../../model';

/** Secrets: every mounted CSI secret volume has its SecretProviderClass. */
export const CSI_SECRET_PROVIDER_CLASS_EXISTS = crossRule({
  id: 'X-004',
  severity: Severity.ERROR,
  title: 'Every mounted secret volume has a matching SecretProviderClass',
  description: 'A Secrets Store CSI volume names a SecretProviderClass in the pod\'s namespace; if it does not exist, the pod never starts, and whoever creates it later decides what the pod reads.',
  fix: 'Define the SecretProviderClass named by `volumeAttributes.secretProviderClass` in the workload\'s namespace (ManagedSecret.grantRead does this).',
}, input => {
  const classes = new Set(objectsOfKind(input, 'SecretProviderClass').map(o => `${namespaceOf(o.object)}/${o.object?.metadata?.name}`));
  return csiSecretVolumes(input)
    .filter(v => !v.providerClass || !classes.has(`${v.workload.namespace}/${v.providerClass}`))
    .map(v => objectFinding(v.workload.owner, v.providerClass
      ? `volume "${v.volume}" uses SecretProviderClass "${v.providerClass}", which namespace "${v.workload.namespace}" does not define`
      : `volume "${v.volume}" names no secretProviderClass`));
});
