import { Construct } from 'constructs';
import { createBucket, denyInsecureTransport } from '../aws/s3';
import { childId, claimName } from '../core/claims';
import { fail } from '../core/errors';
import { fitName } from '../core/names';
import { RemovalPolicy, validateRemovalPolicy } from '../core/removal-policy';
import { Grant } from '../identity/grant';
import { IGrantable } from '../identity/grantable';
import { registerArnEstimate } from '../identity/policy-merge';
import { PolicyStatement } from '../identity/policy-statement';
import { keyViaService } from '../kms/key-grants';
import { Platform } from '../platform/platform';

/**
 * Properties of a {@link SecureBucket}.
 */
export interface SecureBucketProps {
  /**
   * Globally unique bucket name: 3 to 63 lower-case letters, digits and `-` (no dots, so
   * virtual-hosted HTTPS works), starting and ending with a letter or digit.
   *
   * @default - `<platform>-<id>-<account>-<region>`, shortened with a stable hash past 63
   * characters
   */
  readonly bucketName?: string;
  /**
   * What happens to the bucket when it leaves the Terraform configuration or must be replaced:
   * retained (Terraform refuses, `lifecycle.prevent_destroy`) or, with a reason, destroyed.
   *
   * @default - the platform's `removalPolicy` (RemovalPolicy.retain() unless the platform says otherwise)
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Options of the grants of a {@link SecureBucket}.
 */
export interface BucketGrantOptions {
  /**
   * Limit the grant to object keys starting with this prefix (for example `receipts/`). Listing
   * is limited to the same prefix. No wildcards (`*`, `?`).
   *
   * @default - the whole bucket
   */
  readonly keyPrefix?: string;
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
const RESERVED = [/^xn--/, /^sthree-/, /^amzn-s3-demo-/, /-s3alias$/, /--ol-s3$/, /\.mrap$/, /--x-s3$/, /--table-s3$/];
const PREFIX = /^[A-Za-z0-9!_.'()/-]+$/;

/**
 * An S3 bucket, secure by default: all four public access blocks, ACLs disabled
 * (BucketOwnerEnforced), SSE-KMS with the platform key and S3 bucket keys, versioning, and a bucket
 * policy that denies every request not made over TLS.
 *
 * Grants give exact object and bucket actions, optionally limited to a key prefix, and use of the
 * platform key only through S3 for this bucket (`kms:ViaService`, `kms:EncryptionContext:aws:s3:arn`).
 */
export class SecureBucket extends Construct {
  /** The platform the bucket belongs to. */
  public readonly platform: Platform;
  /** The bucket's name. */
  public readonly bucketName: string;
  /** ARN of the bucket (a Terraform reference). */
  public readonly bucketArn: string;

  constructor(scope: Construct, id: string, props: SecureBucketProps = {}) {
    super(scope, childId(scope, id, 'SecureBucket'));
    this.platform = Platform.of(this);
    const { partition, region, account } = this.platform;
    const name = props.bucketName ?? fitName(`${this.platform.node.id}-${id}-${account}-${region}`.toLowerCase(), 63);
    this.bucketName = this.validateName(props.bucketName === undefined ? 'id' : 'bucketName', name);
    // Bucket names are global: ids `Receipts` and `receipts` give one name.
    claimName(this, this, props.bucketName === undefined ? 'id' : 'bucketName', 'S3 bucket', 'global', this.bucketName);
    this.bucketArn = createBucket(this.platform._terraformScope(this), {
      name: this.bucketName,
      removal: validateRemovalPolicy(this, 'removalPolicy', props.removalPolicy),
      kmsKeyArn: this.platform.key.keyArn,
      policy: bucketArn => ({ Version: '2012-10-17', Statement: [denyInsecureTransport(bucketArn)] }),
    });
    registerArnEstimate(this.bucketArn, `arn:${partition}:s3:::${this.bucketName}`);
  }

  /**
   * Lets `grantee` list and read objects (`s3:ListBucket`, `s3:GetObject`), and decrypt them.
   */
  public grantRead(grantee: IGrantable, options: BucketGrantOptions = {}): Grant {
    return this.grant('grantRead', grantee, options, true, false);
  }

  /**
   * Lets `grantee` write and delete objects (`s3:PutObject`, `s3:AbortMultipartUpload`,
   * `s3:DeleteObject`) encrypted with the platform key.
   */
  public grantWrite(grantee: IGrantable, options: BucketGrantOptions = {}): Grant {
    return this.grant('grantWrite', grantee, options, false, true);
  }

  /**
   * Both {@link grantRead} and {@link grantWrite}.
   */
  public grantReadWrite(grantee: IGrantable, options: BucketGrantOptions = {}): Grant {
    return this.grant('grantReadWrite', grantee, options, true, true);
  }

  private grant(method: string, grantee: IGrantable, options: BucketGrantOptions, read: boolean, write: boolean): Grant {
    const prefix = this.validatePrefix(`${method}(options.keyPrefix)`, options?.keyPrefix);
    const objects = `${this.bucketArn}/${prefix ?? ''}*`;
    const statements: PolicyStatement[] = [];
    if (read) {
      statements.push(new PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [this.bucketArn],
        conditions: prefix === undefined ? undefined : { StringLike: { 's3:prefix': [`${prefix}*`] } },
      }));
    }
    const objectActions = [...(read ? ['s3:GetObject'] : []), ...(write ? ['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:PutObject'] : [])];
    statements.push(new PolicyStatement({ actions: objectActions, resources: [objects] }));
    // Multipart uploads decrypt the data key of earlier parts, so writers need kms:Decrypt too.
    const keyActions = write ? ['kms:Decrypt', 'kms:GenerateDataKey'] : ['kms:Decrypt'];
    // With S3 bucket keys the encryption context is the bucket's ARN.
    statements.push(keyViaService(this.platform, keyActions, 's3', { 'aws:s3:arn': this.bucketArn }));
    return Grant._addToPrincipal(this, method, grantee, statements, true);
  }

  private validateName(property: string, name: unknown): string {
    if (typeof name !== 'string' || !BUCKET_NAME.test(name) || RESERVED.some(r => r.test(name)) || name.includes('--')) {
      fail(this, property, name, 'not a valid S3 bucket name for this library (3-63 lower-case letters, digits and single "-", starting and ending with a letter or digit, no dots, no reserved prefix or suffix)',
        'use a name such as "acme-prod-receipts", or leave bucketName unset for a derived name');
    }
    return name;
  }

  private validatePrefix(property: string, prefix: unknown): string | undefined {
    if (prefix === undefined) return undefined;
    if (typeof prefix !== 'string' || prefix.length === 0 || prefix.length > 1024 || prefix.includes('*') || prefix.includes('?') || !PREFIX.test(prefix) || prefix.startsWith('/')) {
      fail(this, property, prefix, typeof prefix === 'string' && /[*?]/.test(prefix)
        ? 'wildcards in a key prefix would grant more than the prefix'
        : 'not a key prefix (letters, digits and !_.\'()/-, not starting with "/")',
      'pass a literal prefix such as "receipts/"; the grant covers every key that starts with it');
    }
    return prefix;
  }
}
