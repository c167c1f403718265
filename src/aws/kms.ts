import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct } from 'constructs';
import { PolicyDocumentJson } from './iam';
import { withoutTokenTraces } from './token-traces';

export interface KmsKeyConfig {
  readonly description: string;
  /** Alias name including the `alias/` prefix. */
  readonly alias: string;
  readonly policy: PolicyDocumentJson;
}

/**
 * A symmetric customer-managed KMS key with yearly rotation, a 30-day deletion window and an
 * alias. Returns the key's ARN (a Terraform reference).
 */
export function createKmsKey(scope: Construct, config: KmsKeyConfig): string {
  return withoutTokenTraces(() => {
    const key = new KmsKey(scope, 'Resource', {
      description: config.description,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      keyUsage: 'ENCRYPT_DECRYPT',
      customerMasterKeySpec: 'SYMMETRIC_DEFAULT',
      policy: JSON.stringify(config.policy),
    });
    new KmsAlias(scope, 'Alias', { name: config.alias, targetKeyId: key.keyId });
    return key.arn;
  });
}
