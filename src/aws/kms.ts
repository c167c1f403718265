import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct } from 'constructs';
import { PolicyDocumentJson } from './iam';
import { declareExceptions, lifecycleFor, removalExceptions, removalFor } from './protection';
import { withoutTokenTraces } from './token-traces';
import { RemovalSettings } from '../core/removal-policy';

export interface KmsKeyConfig {
  readonly description: string;
  /** Alias name including the `alias/` prefix. */
  readonly alias: string;
  readonly policy: PolicyDocumentJson;
  /** What happens to the key when it leaves the configuration; default: the platform's policy (retain). */
  readonly removal?: RemovalSettings;
}

/**
 * A symmetric customer-managed KMS key with yearly rotation, a 30-day deletion window and an
 * alias, protected from destruction (`prevent_destroy`) unless its removal policy allows it.
 * Returns the key's ARN (a Terraform reference).
 */
export function createKmsKey(scope: Construct, config: KmsKeyConfig): string {
  return withoutTokenTraces(() => {
    const removal = removalFor(scope, config.removal);
    const key = new KmsKey(scope, 'Resource', {
      description: config.description,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      keyUsage: 'ENCRYPT_DECRYPT',
      customerMasterKeySpec: 'SYMMETRIC_DEFAULT',
      policy: JSON.stringify(config.policy),
      lifecycle: lifecycleFor(removal),
    });
    declareExceptions(key, removalExceptions(removal));
    new KmsAlias(scope, 'Alias', { name: config.alias, targetKeyId: key.keyId });
    return key.arn;
  });
}
