import { input, messages, tf } from './fixtures';
import { S3_KMS_ENCRYPTION } from '../../../../src/policy/rules/aws/s3-kms-encryption';

const sse = (algorithm: string) => ({ rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: algorithm, kms_master_key_id: '${aws_kms_key.k.arn}' } }] });

describe('AWS-013 S3 SSE-KMS', () => {
  test('aws:kms passes', () => {
    expect(messages(S3_KMS_ENCRYPTION, input([
      tf('aws_s3_bucket', 'a', {}),
      tf('aws_s3_bucket_server_side_encryption_configuration', 'a_sse', { bucket: '${aws_s3_bucket.a.id}', ...sse('aws:kms') }),
    ]))).toEqual([]);
  });

  test('flags missing and AES256 encryption', () => {
    expect(messages(S3_KMS_ENCRYPTION, input([
      tf('aws_s3_bucket', 'a', {}),
      tf('aws_s3_bucket', 'b', {}),
      tf('aws_s3_bucket_server_side_encryption_configuration', 'b_sse', { bucket: '${aws_s3_bucket.b.bucket}', ...sse('AES256') }),
    ]))).toEqual(['no server-side encryption configuration', 'default encryption is AES256, not aws:kms']);
  });
});
