import { isAwsManagedKey } from './secrets-customer-key';
import { blocks, isTrue, resourceRule } from './util';
import { Severity } from '../../model';

/** DynamoDB: tables are encrypted with a customer-managed key. */
export const DYNAMODB_ENCRYPTION = resourceRule({
  id: 'AWS-016',
  severity: Severity.ERROR,
  title: 'DynamoDB tables use a customer-managed KMS key',
  description: 'By default DynamoDB encrypts with an AWS-owned key that the account cannot audit or restrict. A customer-managed key makes every read of the data subject to its key policy.',
  fix: 'Add `server_side_encryption { enabled = true, kms_key_arn = <key ARN> }`.',
}, ['aws_dynamodb_table'], r => {
  const sse = blocks(r.config?.server_side_encryption)[0];
  if (!sse || !isTrue(sse.enabled)) return ['server_side_encryption is not enabled'];
  if (!sse.kms_key_arn) return ['server_side_encryption has no kms_key_arn (AWS-managed key)'];
  return isAwsManagedKey(sse.kms_key_arn) ? [`kms_key_arn ${sse.kms_key_arn} is an AWS-managed key`] : [];
});
