import { isAwsManagedKey } from './secrets-customer-key';
import { resourceRule } from './util';
import { Severity } from '../../model';

/** SNS: topics are encrypted with a customer-managed key. */
export const SNS_ENCRYPTION = resourceRule({
  id: 'AWS-027',
  severity: Severity.ERROR,
  title: 'SNS topics are encrypted with a customer-managed KMS key',
  description: 'SNS stores published messages until they are delivered. Without `kms_master_key_id` they are stored unencrypted by a key of yours; with the AWS-managed `alias/aws/sns` key no key policy can restrict who reads them. A customer key puts every read under its key policy and in CloudTrail, as for SQS queues.',
  fix: 'Set `kms_master_key_id` to a customer-managed KMS key with rotation whose key policy lets `sns.amazonaws.com` (and the publishers) use it.',
}, ['aws_sns_topic'], r => {
  const key = r.config?.kms_master_key_id;
  if (key === undefined || key === null || key === '') return ['no kms_master_key_id (messages are not encrypted with a KMS key)'];
  return isAwsManagedKey(key) ? [`kms_master_key_id ${key} is an AWS-managed key`] : [];
});
