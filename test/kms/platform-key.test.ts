import { ManagedSecret, PlatformLogging, SecureApp, SecureMicroservice } from '../../src';
import { ConfigurationError } from '../../src/core/errors';
import { image, newPlatform, resourcesOf, synth } from '../support/synth';

const USER_KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

test('no store and no log group, no key', () => {
  const platform = newPlatform({ logging: PlatformLogging.disabled('tested without log shipping') });
  new SecureMicroservice(platform, 'web', { image: image() });
  expect(resourcesOf(synth(platform.node.scope as SecureApp), 'aws_kms_key')).toEqual([]);
});

test('the log groups of the default logging create the key', () => {
  const platform = newPlatform();
  new SecureMicroservice(platform, 'web', { image: image() });
  const out = synth(platform.node.scope as SecureApp);
  const [[, keyName]] = resourcesOf(out, 'aws_kms_key');
  expect(resourcesOf(out, 'aws_cloudwatch_log_group').map(([, , g]) => g.kms_key_id)).toEqual([`\${aws_kms_key.${keyName}.arn}`]);
});

test('one key per platform: rotation, 30-day window, alias, IAM delegation and logs for the platform only', () => {
  const platform = newPlatform();
  new ManagedSecret(platform, 'a');
  new ManagedSecret(platform, 'b');
  const out = synth(platform.node.scope as SecureApp);
  const keys = resourcesOf(out, 'aws_kms_key');
  expect(keys).toHaveLength(1);
  const key = keys[0][2];
  expect([key.enable_key_rotation, key.deletion_window_in_days]).toEqual([true, 30]);
  expect(resourcesOf(out, 'aws_kms_alias')[0][2].name).toBe('alias/test-platform');
  const policy = JSON.parse(key.policy);
  expect(policy.Statement[0].Principal).toEqual({ AWS: 'arn:aws:iam::111122223333:root' });
  expect(policy.Statement[1].Principal).toEqual({ Service: 'logs.eu-west-1.amazonaws.com' });
  expect(policy.Statement[1].Condition).toEqual({ ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-west-1:111122223333:log-group:/secure-constructs/test/*' } });
  for (const s of policy.Statement) for (const a of s.Action) expect(a).not.toContain('*');
});

test('a user-supplied key replaces the platform key', () => {
  const platform = newPlatform({ keyArn: USER_KEY });
  new ManagedSecret(platform, 'a');
  const out = synth(platform.node.scope as SecureApp);
  expect(resourcesOf(out, 'aws_kms_key')).toEqual([]);
  expect(resourcesOf(out, 'aws_secretsmanager_secret')[0][2].kms_key_id).toBe(USER_KEY);
});

test('a key ARN of another region, or an alias, is refused', () => {
  for (const bad of ['alias/mine', USER_KEY.replace('eu-west-1', 'us-east-1')]) {
    try {
      newPlatform({ keyArn: bad });
      throw new Error('expected an error');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigurationError);
      expect((e as ConfigurationError).property).toBe('keyArn');
      expect((e as ConfigurationError).value).toBe(JSON.stringify(bad));
    }
  }
});
