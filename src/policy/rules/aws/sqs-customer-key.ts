import { isAwsManagedKey } from './secrets-customer-key';
import { resourceRule } from './util';
import { Severity } from '../../model';

/** SQS: queues are encrypted with a customer-managed key. */
export const SQS_CUSTOMER_KEY = resourceRule({
  id: 'AWS-015',
  severity: Severity.ERROR,
  title: 'SQS queues use a customer-managed KMS key',
  description: 'Messages often carry personal or business data. SQS-managed SSE or the AWS-managed `aws/sqs` key cannot be restricted by key policy; a customer key can, and its use is logged.',
  fix: 'Set `kms_master_key_id` to a customer-managed KMS key with rotation.',
}, ['aws_sqs_queue'], r => {
  const key = r.config?.kms_master_key_id;
  if (key === undefined || key === null || key === '') return ['no kms_master_key_id'];
  return isAwsManagedKey(key) ? [`kms_master_key_id ${key} is an AWS-managed key`] : [];
});
