import { csiSecretVolumes } from './csi-secret-util';
import { crossRule, identityPoliciesOf, objectFinding, rolesOfServiceAccount } from './util';
import { Severity } from '../../model';
import { asList, globMatches, isAllow } from '../aws/util';

const GET_SECRET_VALUE = 'secretsmanager:GetSecretValue';

/** Whether a resource names a Secrets Manager secret (ARN or Terraform reference). */
function isSecretResource(resource: unknown): boolean {
  return typeof resource === 'string'
    && (/^arn:[a-z-]+:secretsmanager:[^:]*:[^:]*:secret:.+/.test(resource) || resource.includes('${aws_secretsmanager_secret.'));
}

/** Secrets: a pod that mounts secrets holds a role that may read one. */
export const CSI_SECRET_GRANTED = crossRule({
  id: 'X-005',
  severity: Severity.ERROR,
  title: 'Every mounted secret volume is backed by a GetSecretValue grant',
  description: 'The Secrets Store CSI driver fetches secrets with the pod\'s own identity. A workload that mounts secrets but whose service account\'s role cannot call secretsmanager:GetSecretValue on a secret fails at start, or reads through a grant that is not in the reviewed configuration. Checked when the input has Terraform resources.',
  fix: 'Grant the secret to the service (`secret.grantRead(service)`), which writes the IAM statement on the service\'s role.',
}, input => {
  if (input.terraform.length === 0) return [];
  return csiSecretVolumes(input).flatMap(v => {
    const sa = v.workload.spec.serviceAccountName ?? v.workload.spec.serviceAccount ?? 'default';
    const roles = rolesOfServiceAccount(input, v.workload.namespace, sa);
    const granted = roles.some(role => identityPoliciesOf(input, role).some(p => p.statements.some(s => isAllow(s)
      && asList(s.Action).some(a => typeof a === 'string' && globMatches(a, GET_SECRET_VALUE))
      && asList(s.Resource).some(isSecretResource))));
    if (granted) return [];
    return [objectFinding(v.workload.owner, roles.length === 0
      ? `volume "${v.volume}" mounts secrets, but service account ${v.workload.namespace}/${sa} has no IAM role`
      : `volume "${v.volume}" mounts secrets, but the role of ${v.workload.namespace}/${sa} has no ${GET_SECRET_VALUE} on a secret`)];
  });
});
