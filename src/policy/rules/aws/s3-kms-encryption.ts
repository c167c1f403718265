import { bucketSettings } from './s3-util';
import { nestedBlocks, resourceRule } from './util';
import { Severity } from '../../model';

const KMS_ALGORITHMS = new Set(['aws:kms', 'aws:kms:dsse']);

/** The `apply_server_side_encryption_by_default` blocks of an SSE configuration. */
function defaults(config: any): any[] {
  return nestedBlocks(config, 'rule').flatMap(rule => nestedBlocks(rule, 'apply_server_side_encryption_by_default'));
}

/** S3: buckets encrypt with KMS by default. */
export const S3_KMS_ENCRYPTION = resourceRule({
  id: 'AWS-013',
  severity: Severity.ERROR,
  title: 'S3 buckets use SSE-KMS by default',
  description: 'S3 encrypts new objects with S3-managed keys (SSE-S3) unless told otherwise; reading them then needs no KMS permission. SSE-KMS with a customer key puts every read under the key policy and in CloudTrail.',
  fix: 'Add `aws_s3_bucket_server_side_encryption_configuration` with `sse_algorithm = "aws:kms"` and `kms_master_key_id` set to a customer key (bucket keys recommended).',
}, ['aws_s3_bucket'], (bucket, input) => {
  const configs = [
    ...bucketSettings(input, bucket, 'aws_s3_bucket_server_side_encryption_configuration').map(r => r.config),
    ...nestedBlocks(bucket.config, 'server_side_encryption_configuration'),
  ];
  const algorithms = configs.flatMap(defaults).map(d => d.sse_algorithm);
  if (algorithms.some(a => KMS_ALGORITHMS.has(a))) return [];
  return [algorithms.length === 0 ? 'no server-side encryption configuration' : `default encryption is ${algorithms.join(', ')}, not aws:kms`];
});
