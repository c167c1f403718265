import { DATA_EXFILTRATION_ACTIONS, grantedActions, grantedOf, hasCondition, onBroadResources } from './iam-classes';
import { DocumentKind, statementRule } from './util';
import { Severity } from '../../model';

/** IAM: no reading of every object, parameter, secret or key. */
export const IAM_DATA_EXFILTRATION = statementRule({
  id: 'AWS-024',
  severity: Severity.ERROR,
  title: 'Identity policies do not allow reading all data or secrets',
  description: 'Reading actions (`s3:GetObject`, `ssm:GetParameter*`, `secretsmanager:GetSecretValue`, `kms:Decrypt`) allowed on broad resources (`*`, `arn:aws:s3:::*`, `parameter/*`) without a condition let a compromised workload read every object, parameter and secret of the account, and decrypt what any key protects.',
  fix: 'Name the buckets (and object prefixes), parameters, secrets and keys; for `kms:Decrypt` name the key ARN and add a `kms:ViaService` or `kms:EncryptionContext` condition.',
}, [DocumentKind.IDENTITY], s => {
  if (!onBroadResources(s) || hasCondition(s)) return undefined;
  const granted = grantedOf(grantedActions(s), DATA_EXFILTRATION_ACTIONS);
  return granted.length === 0 ? undefined : `allows ${granted.map(a => `"${a}"`).join(', ')} on broad resources without a condition`;
});
