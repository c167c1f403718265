import { input, messages, tf } from './fixtures';
import { SECRETS_ROTATION } from '../../../../src/policy/rules/aws/secrets-rotation';

describe('AWS-031 Secrets Manager secrets rotate', () => {
  test('a rotation resource passes', () => {
    expect(messages(SECRETS_ROTATION, input([tf('aws_secretsmanager_secret', 's', { name: 'prod/db' }),
      tf('aws_secretsmanager_secret_rotation', 'r', { secret_id: '${aws_secretsmanager_secret.s.id}', rotation_lambda_arn: 'arn:aws:lambda:eu-west-1:111122223333:function:rotate', rotation_rules: { automatically_after_days: 30 } })]))).toEqual([]);
  });
  test('a secret without rotation is flagged', () => {
    expect(messages(SECRETS_ROTATION, input([tf('aws_secretsmanager_secret', 's', { name: 'prod/db' }),
      tf('aws_secretsmanager_secret_rotation', 'r', { secret_id: '${aws_secretsmanager_secret.other.id}' })]))).toEqual(['has no automatic rotation (no aws_secretsmanager_secret_rotation)']);
  });
});
