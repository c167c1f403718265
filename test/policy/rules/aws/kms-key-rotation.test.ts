import { input, messages, tf } from './fixtures';
import { KMS_KEY_ROTATION } from '../../../../src/policy/rules/aws/kms-key-rotation';

describe('AWS-009 KMS key rotation', () => {
  test('rotating keys and asymmetric keys pass', () => {
    expect(messages(KMS_KEY_ROTATION, input([
      tf('aws_kms_key', 'a', { enable_key_rotation: true }),
      tf('aws_kms_key', 'b', { customer_master_key_spec: 'RSA_2048', key_usage: 'SIGN_VERIFY' }),
    ]))).toEqual([]);
  });

  test('flags keys without rotation', () => {
    expect(messages(KMS_KEY_ROTATION, input([tf('aws_kms_key', 'a', {}), tf('aws_kms_key', 'b', { enable_key_rotation: false })])))
      .toEqual(['enable_key_rotation is not true', 'enable_key_rotation is not true']);
  });
});
