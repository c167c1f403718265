import { bucketSettings } from './s3-util';
import { isTrue, resourceRule, resourcesOfType } from './util';
import { Severity } from '../../model';

/** The four settings of an S3 public access block. */
export const PUBLIC_ACCESS_SETTINGS = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'];

function missing(config: any): string[] {
  return PUBLIC_ACCESS_SETTINGS.filter(k => !isTrue(config?.[k]));
}

/** S3: buckets block public access. */
export const S3_PUBLIC_ACCESS_BLOCK = resourceRule({
  id: 'AWS-012',
  severity: Severity.ERROR,
  title: 'S3 buckets block all public access',
  description: 'Every bucket needs an `aws_s3_bucket_public_access_block` (or an account-level block) with all four settings true, so that no ACL or bucket policy can make its objects public.',
  fix: 'Add `aws_s3_bucket_public_access_block` for the bucket with block_public_acls, block_public_policy, ignore_public_acls and restrict_public_buckets all true.',
}, ['aws_s3_bucket'], (bucket, input) => {
  const account = resourcesOfType(input, 'aws_s3_account_public_access_block').filter(r => r.stack === bucket.stack);
  if (account.some(a => missing(a.config).length === 0)) return [];
  const blocks = bucketSettings(input, bucket, 'aws_s3_bucket_public_access_block');
  if (blocks.length === 0) return ['no aws_s3_bucket_public_access_block for the bucket'];
  const best = blocks.map(b => missing(b.config)).sort((a, b) => a.length - b.length)[0];
  return best.length === 0 ? [] : [`public access block does not set ${best.join(', ')} to true`];
});
