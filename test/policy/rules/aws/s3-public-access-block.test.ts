import { input, messages, tf } from './fixtures';
import { S3_PUBLIC_ACCESS_BLOCK } from '../../../../src/policy/rules/aws/s3-public-access-block';

const all = { block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true };

describe('AWS-012 S3 public access block', () => {
  test('a full block by reference, by name or at account level passes', () => {
    expect(messages(S3_PUBLIC_ACCESS_BLOCK, input([
      tf('aws_s3_bucket', 'a', { bucket: 'a-bucket' }),
      tf('aws_s3_bucket_public_access_block', 'a_pab', { bucket: '${aws_s3_bucket.a.id}', ...all }),
      tf('aws_s3_bucket', 'b', { bucket: 'b-bucket' }),
      tf('aws_s3_bucket_public_access_block', 'b_pab', { bucket: 'b-bucket', ...all }),
    ]))).toEqual([]);
    expect(messages(S3_PUBLIC_ACCESS_BLOCK, input([tf('aws_s3_bucket', 'a', {}), tf('aws_s3_account_public_access_block', 'acct', all)]))).toEqual([]);
  });

  test('flags a missing or partial block', () => {
    expect(messages(S3_PUBLIC_ACCESS_BLOCK, input([
      tf('aws_s3_bucket', 'a', { bucket: 'a-bucket' }),
      tf('aws_s3_bucket', 'b', { bucket: 'b-bucket' }),
      tf('aws_s3_bucket_public_access_block', 'b_pab', { bucket: '${aws_s3_bucket.b.id}', ...all, restrict_public_buckets: false }),
    ]))).toEqual(['no aws_s3_bucket_public_access_block for the bucket', 'public access block does not set restrict_public_buckets to true']);
  });
});
