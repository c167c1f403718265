import { resourceRule } from './util';
import { Severity } from '../../model';

/** CloudWatch Logs: log groups are encrypted with a customer-managed key. */
export const LOG_GROUP_ENCRYPTION = resourceRule({
  id: 'AWS-018',
  severity: Severity.ERROR,
  title: 'CloudWatch log groups are encrypted with a customer-managed KMS key',
  description: 'Application logs leak identifiers, tokens and personal data. A customer-managed key restricts who can read them beyond `logs:` permissions.',
  fix: 'Set `kms_key_id` to a KMS key whose policy allows `logs.<region>.amazonaws.com` with an encryption context for the log group.',
}, ['aws_cloudwatch_log_group'], r => (r.config?.kms_key_id ? [] : ['no kms_key_id']));
