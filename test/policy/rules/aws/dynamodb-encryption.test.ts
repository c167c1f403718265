import { input, messages, tf } from './fixtures';
import { DYNAMODB_ENCRYPTION } from '../../../../src/policy/rules/aws/dynamodb-encryption';

describe('AWS-016 DynamoDB customer key', () => {
  test('a customer key passes', () => {
    expect(messages(DYNAMODB_ENCRYPTION, input([tf('aws_dynamodb_table', 't', { server_side_encryption: { enabled: true, kms_key_arn: '${aws_kms_key.k.arn}' } })]))).toEqual([]);
  });

  test('flags missing encryption and the AWS-managed key', () => {
    expect(messages(DYNAMODB_ENCRYPTION, input([
      tf('aws_dynamodb_table', 't', {}),
      tf('aws_dynamodb_table', 'u', { server_side_encryption: [{ enabled: true }] }),
    ]))).toEqual(['server_side_encryption is not enabled', 'server_side_encryption has no kms_key_arn (AWS-managed key)']);
  });
});
