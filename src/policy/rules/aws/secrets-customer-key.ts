import { resourceRule } from './util';
import { Severity } from '../../model';

/** Whether a KMS key id designates the AWS-managed key of a service (`alias/aws/<service>`). */
export function isAwsManagedKey(value: unknown): boolean {
  return typeof value === 'string' && /(^|:)alias\/aws\//.test(value);
}

/** Secrets Manager: secrets are encrypted with a customer-managed key. */
export const SECRETS_CUSTOMER_KEY = resourceRule({
  id: 'AWS-011',
  severity: Severity.ERROR,
  title: 'Secrets Manager secrets use a customer-managed KMS key',
  description: 'Without `kms_key_id` a secret is encrypted with the AWS-managed key `aws/secretsmanager`, whose key policy cannot be restricted and which any principal with secretsmanager:GetSecretValue on the secret can use.',
  fix: 'Create a KMS key with rotation and set `kms_key_id` to it; grant kms:Decrypt with `kms:ViaService` to the readers.',
}, ['aws_secretsmanager_secret'], r => {
  const key = r.config?.kms_key_id;
  if (key === undefined || key === null || key === '') return ['no kms_key_id: encrypted with the AWS-managed key'];
  return isAwsManagedKey(key) ? [`kms_key_id ${key} is an AWS-managed key`] : [];
});
