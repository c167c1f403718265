import { resourceRule, resourcesDesignating } from './util';
import { Severity } from '../../model';

/** KMS: every key has a key policy of its own. */
export const KMS_KEY_POLICY = resourceRule({
  id: 'AWS-029',
  severity: Severity.ERROR,
  title: 'KMS keys have an explicit key policy',
  description: 'A key created without a policy gets the default key policy, which grants `kms:*` to the account root and so lets every identity policy in the account that allows KMS actions on `*` use and administer the key. An explicit key policy states who administers the key and which services and roles may use it.',
  fix: 'Set `policy` on the `aws_kms_key` (or add an `aws_kms_key_policy` for it) naming the key administrators and the services (e.g. `logs.<region>.amazonaws.com`) that use it.',
}, ['aws_kms_key'], (key, input) => {
  const own = key.config?.policy;
  if (typeof own === 'string' && own.trim() !== '') return [];
  const separate = resourcesDesignating(input, 'aws_kms_key_policy', 'key_id', key, ['key_id'])
    .filter(p => p.stack === key.stack && typeof p.config?.policy === 'string' && p.config.policy.trim() !== '');
  return separate.length > 0 ? [] : ['has no key policy (the default policy hands the key to every IAM policy of the account)'];
});
