import { input, messages, tf } from './fixtures';
import { S3_VERSIONING } from '../../../../src/policy/rules/aws/s3-versioning';

describe('AWS-014 S3 versioning', () => {
  test('an enabled versioning resource passes', () => {
    expect(messages(S3_VERSIONING, input([
      tf('aws_s3_bucket', 'a', {}),
      tf('aws_s3_bucket_versioning', 'a_v', { bucket: '${aws_s3_bucket.a.id}', versioning_configuration: { status: 'Enabled' } }),
    ]))).toEqual([]);
  });

  test('flags suspended or missing versioning', () => {
    expect(messages(S3_VERSIONING, input([
      tf('aws_s3_bucket', 'a', {}),
      tf('aws_s3_bucket_versioning', 'a_v', { bucket: '${aws_s3_bucket.a.id}', versioning_configuration: { status: 'Suspended' } }),
    ]))).toEqual(['versioning is not enabled']);
  });
});
