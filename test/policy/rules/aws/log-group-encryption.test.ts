import { input, messages, tf } from './fixtures';
import { LOG_GROUP_ENCRYPTION } from '../../../../src/policy/rules/aws/log-group-encryption';

describe('AWS-018 log group encryption', () => {
  test('a KMS key passes', () => {
    expect(messages(LOG_GROUP_ENCRYPTION, input([tf('aws_cloudwatch_log_group', 'g', { kms_key_id: '${aws_kms_key.k.arn}', retention_in_days: 90 })]))).toEqual([]);
  });

  test('flags a group without a key', () => {
    expect(messages(LOG_GROUP_ENCRYPTION, input([tf('aws_cloudwatch_log_group', 'g', { retention_in_days: 90 })]))).toEqual(['no kms_key_id']);
  });
});
