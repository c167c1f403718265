import { input, messages, tf } from './fixtures';
import { DYNAMODB_POINT_IN_TIME_RECOVERY } from '../../../../src/policy/rules/aws/dynamodb-point-in-time-recovery';

describe('AWS-017 DynamoDB point-in-time recovery', () => {
  test('enabled passes', () => {
    expect(messages(DYNAMODB_POINT_IN_TIME_RECOVERY, input([tf('aws_dynamodb_table', 't', { point_in_time_recovery: { enabled: true } })]))).toEqual([]);
  });

  test('flags missing or disabled', () => {
    expect(messages(DYNAMODB_POINT_IN_TIME_RECOVERY, input([
      tf('aws_dynamodb_table', 't', {}),
      tf('aws_dynamodb_table', 'u', { point_in_time_recovery: { enabled: false } }),
    ]))).toEqual(['point_in_time_recovery is not enabled', 'point_in_time_recovery is not enabled']);
  });
});
