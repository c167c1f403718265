import { input, messages, tf } from './fixtures';
import { LOG_GROUP_RETENTION } from '../../../../src/policy/rules/aws/log-group-retention';

describe('AWS-019 log group retention', () => {
  test('a retention passes', () => {
    expect(messages(LOG_GROUP_RETENTION, input([tf('aws_cloudwatch_log_group', 'g', { retention_in_days: 365 })]))).toEqual([]);
  });

  test('flags no retention and 0 (never expire)', () => {
    expect(messages(LOG_GROUP_RETENTION, input([tf('aws_cloudwatch_log_group', 'g', {}), tf('aws_cloudwatch_log_group', 'h', { retention_in_days: 0 })])))
      .toEqual(['no retention_in_days: events never expire', 'no retention_in_days: events never expire']);
  });
});
