import { input, messages, tf } from './fixtures';
import { SECRETS_CUSTOMER_KEY } from '../../../../src/policy/rules/aws/secrets-customer-key';

describe('AWS-011 Secrets Manager customer key', () => {
  test('a customer key passes', () => {
    expect(messages(SECRETS_CUSTOMER_KEY, input([tf('aws_secretsmanager_secret', 's', { name: 'db', kms_key_id: '${aws_kms_key.k.arn}' })]))).toEqual([]);
  });

  test('flags the AWS-managed key, explicit or implicit', () => {
    expect(messages(SECRETS_CUSTOMER_KEY, input([
      tf('aws_secretsmanager_secret', 's', { name: 'db' }),
      tf('aws_secretsmanager_secret', 't', { name: 'db2', kms_key_id: 'alias/aws/secretsmanager' }),
    ]))).toEqual(['no kms_key_id: encrypted with the AWS-managed key', 'kms_key_id alias/aws/secretsmanager is an AWS-managed key']);
  });
});
