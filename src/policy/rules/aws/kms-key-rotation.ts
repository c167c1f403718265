import { isTrue, resourceRule } from './util';
import { Severity } from '../../model';

/** KMS: customer keys rotate. */
export const KMS_KEY_ROTATION = resourceRule({
  id: 'AWS-009',
  severity: Severity.ERROR,
  title: 'KMS keys have automatic rotation enabled',
  description: 'Symmetric customer-managed KMS keys must rotate their key material yearly (or more often) so that a compromised key version protects less data.',
  fix: 'Set `enable_key_rotation = true` (cdktf: `enableKeyRotation: true`).',
}, ['aws_kms_key'], r => {
  const spec = r.config?.customer_master_key_spec ?? r.config?.key_spec;
  if (typeof spec === 'string' && spec !== 'SYMMETRIC_DEFAULT') return [];
  return isTrue(r.config?.enable_key_rotation) ? [] : ['enable_key_rotation is not true'];
});
