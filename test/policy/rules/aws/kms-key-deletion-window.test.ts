import { input, messages, tf } from './fixtures';
import { KMS_KEY_DELETION_WINDOW } from '../../../../src/policy/rules/aws/kms-key-deletion-window';

describe('AWS-010 KMS key deletion window', () => {
  test('the default and 7+ days pass', () => {
    expect(messages(KMS_KEY_DELETION_WINDOW, input([tf('aws_kms_key', 'a', {}), tf('aws_kms_key', 'b', { deletion_window_in_days: 7 })]))).toEqual([]);
  });

  test('flags a short window', () => {
    expect(messages(KMS_KEY_DELETION_WINDOW, input([tf('aws_kms_key', 'a', { deletion_window_in_days: 6 })]))).toEqual(['deletion_window_in_days is 6']);
  });
});
