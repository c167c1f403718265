import { resourceRule } from './util';
import { Severity } from '../../model';

/** SNS: topics are encrypted with a customer-managed key. */
export const SNS_TOPIC_ENCRYPTION = resourceRule({
  id: 'AWS-021',
  severity: Severity.ERROR,
  title: 'SNS topics are encrypted with a customer-managed KMS key',
  description: 'Alert messages name services, resources and what went wrong. Topics are encrypted at rest with a customer-managed key, whose policy decides who may publish and read; the AWS-managed key `alias/aws/sns` cannot be restricted that way.',
  fix: 'Set `kms_master_key_id` to a customer-managed KMS key whose policy lets the publishers (for alarms: `cloudwatch.amazonaws.com`) generate data keys.',
}, ['aws_sns_topic'], r => {
  const key = r.config?.kms_master_key_id;
  if (typeof key !== 'string' || key.trim() === '') return ['no kms_master_key_id: messages are not encrypted with a customer-managed key'];
  if (/(^|:)alias\/aws\/sns$/.test(key.trim())) return ['kms_master_key_id is the AWS-managed key alias/aws/sns'];
  return [];
});
