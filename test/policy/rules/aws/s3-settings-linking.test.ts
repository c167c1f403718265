import { input, messages, tf } from './fixtures';
import { S3_KMS_ENCRYPTION } from '../../../../src/policy/rules/aws/s3-kms-encryption';
import { S3_VERSIONING } from '../../../../src/policy/rules/aws/s3-versioning';

const sse = (bucket: string, extra: any = {}) => tf('aws_s3_bucket_server_side_encryption_configuration', 'sse', {
  bucket, rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: 'aws:kms', kms_master_key_id: '${aws_kms_key.k.arn}' }] }], ...extra,
});
const versioning = (bucket: string) => tf('aws_s3_bucket_versioning', 'v', { bucket, versioning_configuration: { status: 'Enabled' } });

describe('S3 settings resources are linked to their bucket (AWS-013, AWS-014)', () => {
  test('by an indexed reference (for_each, count)', () => {
    const bucket = tf('aws_s3_bucket', 'this', { for_each: '${var.buckets}', bucket: '${each.value}' });
    for (const ref of ['${aws_s3_bucket.this[each.key].id}', '${aws_s3_bucket.this[0].id}', '${aws_s3_bucket.this["logs"].bucket}']) {
      expect(messages(S3_KMS_ENCRYPTION, input([bucket, sse(ref)]))).toEqual([]);
      expect(messages(S3_VERSIONING, input([bucket, versioning(ref)]))).toEqual([]);
    }
  });

  test('by the same var or local', () => {
    for (const name of ['${var.bucket_name}', '${local.names["logs"]}']) {
      const bucket = tf('aws_s3_bucket', 'b', { bucket: name });
      expect(messages(S3_KMS_ENCRYPTION, input([bucket, sse(name)]))).toEqual([]);
      expect(messages(S3_VERSIONING, input([bucket, versioning(name)]))).toEqual([]);
    }
  });

  test('configured in a dynamic block', () => {
    const bucket = tf('aws_s3_bucket', 'b', { bucket: 'b' });
    const dynamicSse = tf('aws_s3_bucket_server_side_encryption_configuration', 'sse', {
      bucket: '${aws_s3_bucket.b.id}',
      dynamic: { rule: { for_each: '${var.rules}', content: { apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms' } } } },
    });
    const dynamicVersioning = tf('aws_s3_bucket_versioning', 'v', {
      bucket: '${aws_s3_bucket.b.id}',
      dynamic: [{ versioning_configuration: [{ for_each: '${var.on ? [1] : []}', content: [{ status: 'Enabled' }] }] }],
    });
    expect(messages(S3_KMS_ENCRYPTION, input([bucket, dynamicSse]))).toEqual([]);
    expect(messages(S3_VERSIONING, input([bucket, dynamicVersioning]))).toEqual([]);
    // The legacy inline blocks of the bucket itself, generated dynamically.
    const inline = tf('aws_s3_bucket', 'b', { bucket: 'b', dynamic: { versioning: { for_each: '${var.v}', content: { enabled: true } } } });
    expect(messages(S3_VERSIONING, input([inline]))).toEqual([]);
  });

  test('other buckets, other variables and a different index still count as unconfigured', () => {
    const bucket = tf('aws_s3_bucket', 'b', { bucket: '${var.bucket_name}' });
    expect(messages(S3_KMS_ENCRYPTION, input([bucket, sse('${var.other_bucket}')]))).toEqual(['no server-side encryption configuration']);
    expect(messages(S3_VERSIONING, input([bucket, versioning('${aws_s3_bucket.other[0].id}')]))).toEqual(['versioning is not enabled']);
    // A computed name is not the same value as another expression.
    const computed = tf('aws_s3_bucket', 'c', { bucket: '${each.value}' });
    expect(messages(S3_VERSIONING, input([computed, versioning('${each.value}')]))).toEqual(['versioning is not enabled']);
  });
});
