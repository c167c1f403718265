import { Construct, IConstruct } from 'constructs';
import { createKmsKey } from '../aws/kms';
import { fail } from '../core/errors';
import { registerArnEstimate } from '../identity/policy-merge';
import { alarmKeyStatement } from '../monitoring/signals';

/**
 * A KMS key that encrypts a platform's data stores.
 */
export interface IPlatformKey {
  /** ARN of the key (a Terraform reference when the library creates the key). */
  readonly keyArn: string;
}

/** What the key needs to know about its platform (structural, to avoid an import cycle). */
interface KeyPlatform extends IConstruct {
  readonly account: string;
  readonly region: string;
  readonly partition: string;
  readonly monitoring?: { readonly enabled: boolean };
}

/** Administration and use of the key by IAM principals of the account (no wildcard actions). */
export const ACCOUNT_KEY_ACTIONS = [
  'kms:CancelKeyDeletion', 'kms:CreateAlias', 'kms:CreateGrant', 'kms:Decrypt', 'kms:DeleteAlias',
  'kms:DescribeKey', 'kms:DisableKey', 'kms:DisableKeyRotation', 'kms:EnableKey', 'kms:EnableKeyRotation',
  'kms:Encrypt', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus', 'kms:ListGrants', 'kms:ListKeyRotations', 'kms:ListResourceTags',
  'kms:PutKeyPolicy', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:RetireGrant', 'kms:RevokeGrant',
  'kms:RotateKeyOnDemand', 'kms:ScheduleKeyDeletion', 'kms:TagResource', 'kms:UntagResource',
  'kms:UpdateAlias', 'kms:UpdateKeyDescription',
];

/** What CloudWatch Logs may do with the key, for the platform's log groups only. */
export const LOGS_KEY_ACTIONS = [
  'kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext',
  'kms:ReEncryptFrom', 'kms:ReEncryptTo',
];

/**
 * The name prefix of a platform's CloudWatch log groups: `/secure-constructs/<platform>/`. The
 * platform key lets CloudWatch Logs use it only for log groups under this prefix.
 */
export function logGroupNamePrefix(platformId: string): string {
  return `/secure-constructs/${platformId}/`;
}

/** The key policy of a platform key. */
export function platformKeyPolicy(platform: KeyPlatform) {
  const { partition, region, account } = platform;
  return {
    Version: '2012-10-17',
    Statement: [
      {
        // Keeps IAM in charge: identity policies of the account decide who may use the key
        // (the workload roles' grants); without this statement only the key policy would.
        Sid: 'AccountIamDelegation',
        Effect: 'Allow',
        Principal: { AWS: `arn:${partition}:iam::${account}:root` },
        Action: ACCOUNT_KEY_ACTIONS,
        Resource: '*',
      },
      {
        Sid: 'CloudWatchLogsForPlatformLogGroups',
        Effect: 'Allow',
        Principal: { Service: `logs.${region}.amazonaws.com` },
        Action: LOGS_KEY_ACTIONS,
        Resource: '*',
        Condition: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${partition}:logs:${region}:${account}:log-group:${logGroupNamePrefix(platform.node.id)}*`,
          },
        },
      },
      // The platform's alarms publish to its alert topic, which this key encrypts.
      ...(platform.monitoring?.enabled ? [alarmKeyStatement(platform)] : []),
    ],
  };
}

/**
 * The customer-managed KMS key of a platform: symmetric, rotated yearly, deletable only after a
 * 30-day window, aliased `alias/<platform>-platform`.
 *
 * Its key policy (in a key policy `Resource: "*"` means "this key") delegates to IAM for the
 * account, with the key-administration and usage actions listed one by one, and lets CloudWatch
 * Logs in the platform's region encrypt and decrypt only for the platform's log groups
 * (`kms:EncryptionContext:aws:logs:arn` under `/secure-constructs/<platform>/`).
 *
 * The platform creates it on first use (`platform.key`); apps without data stores get no key.
 */
export class PlatformKey extends Construct implements IPlatformKey {
  /** ARN of the key (a Terraform reference). */
  public readonly keyArn: string;
  /** The key's alias, `alias/<platform>-platform`. */
  public readonly aliasName: string;

  /** @internal */
  constructor(platform: KeyPlatform, id: string, terraformScope: Construct) {
    super(platform, id);
    this.aliasName = `alias/${platform.node.id}-platform`;
    this.keyArn = createKmsKey(terraformScope, {
      description: `Platform key of ${platform.node.id} (secure-constructs): secrets, buckets, queues, tables and logs`,
      alias: this.aliasName,
      policy: platformKeyPolicy(platform),
    });
    registerArnEstimate(this.keyArn, `arn:${platform.partition}:kms:${platform.region}:${platform.account}:key/00000000-0000-0000-0000-000000000000`);
  }
}

const KEY_ARN = /^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-[a-z]|aws-eusc):kms:([a-z0-9-]+):(\d{12}):key\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;

/**
 * Validates a user-supplied key ARN: a full key ARN (not an alias) in the platform's partition,
 * region and account.
 */
export function importKey(platform: KeyPlatform, property: string, keyArn: unknown): IPlatformKey {
  const m = typeof keyArn === 'string' ? KEY_ARN.exec(keyArn) : null;
  if (!m) {
    fail(platform, property, keyArn, 'not a KMS key ARN',
      "pass the key's full ARN, e.g. 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' (aliases are not accepted: grants must name the key)");
  }
  if (m[1] !== platform.partition || m[2] !== platform.region || m[3] !== platform.account) {
    fail(platform, property, keyArn, `the key is not in the platform's partition, region and account (${platform.partition}, ${platform.region}, ${platform.account})`,
      'use a key in the same account and region as the platform');
  }
  return { keyArn: keyArn as string };
}
