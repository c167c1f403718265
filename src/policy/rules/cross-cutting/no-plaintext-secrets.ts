import { crossRule, objectFinding, objectsOfKind } from './util';
import { Severity } from '../../model';

/** Secrets: no secret values in manifests. */
export const NO_PLAINTEXT_SECRETS = crossRule({
  id: 'X-006',
  severity: Severity.ERROR,
  title: 'No Kubernetes Secret with data in the manifests',
  description: 'A `Secret` with `data` or `stringData` puts the secret value (base64 is not encryption) into the manifest files, the repository and every pipeline log that prints them.',
  fix: 'Store the value in AWS Secrets Manager (ManagedSecret) and mount it with the Secrets Store CSI driver; never write secret values into manifests.',
}, input => objectsOfKind(input, 'Secret').flatMap(o => {
  const keys = ['data', 'stringData'].filter(k => o.object?.[k] && Object.keys(o.object[k]).length > 0);
  return keys.length === 0 ? [] : [objectFinding(o, `holds secret values in ${keys.join(' and ')} (${keys.flatMap(k => Object.keys(o.object[k])).join(', ')})`)];
}));
