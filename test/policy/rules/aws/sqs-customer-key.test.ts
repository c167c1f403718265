import { input, messages, tf } from './fixtures';
import { SQS_CUSTOMER_KEY } from '../../../../src/policy/rules/aws/sqs-customer-key';

describe('AWS-015 SQS customer key', () => {
  test('a customer key passes', () => {
    expect(messages(SQS_CUSTOMER_KEY, input([tf('aws_sqs_queue', 'q', { kms_master_key_id: '${aws_kms_key.k.arn}' })]))).toEqual([]);
  });

  test('flags SQS-managed SSE and alias/aws/sqs', () => {
    expect(messages(SQS_CUSTOMER_KEY, input([
      tf('aws_sqs_queue', 'q', { sqs_managed_sse_enabled: true }),
      tf('aws_sqs_queue', 'r', { kms_master_key_id: 'alias/aws/sqs' }),
    ]))).toEqual(['no kms_master_key_id', 'kms_master_key_id alias/aws/sqs is an AWS-managed key']);
  });
});
