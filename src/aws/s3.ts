import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA, S3BucketServerSideEncryptionConfigurationRuleA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Construct } from 'constructs';
import { PolicyDocumentJson } from './iam';
import { declareExceptions, lifecycleFor, removalExceptions, removalFor, splitComments } from './protection';
import { withoutTokenTraces } from './token-traces';
import { RemovalSettings } from '../core/removal-policy';

export interface BucketConfig {
  readonly name: string;
  readonly kmsKeyArn: string;
  /** The bucket policy, given the bucket's ARN. */
  readonly policy: (bucketArn: string) => PolicyDocumentJson;
  /** What happens to the bucket when it leaves the configuration; default: the platform's policy (retain). */
  readonly removal?: RemovalSettings;
}

/**
 * The bucket policy statement that denies every request made without TLS. A deny of every action:
 * broader is stricter here (AWS Foundational Security Best Practices S3.5).
 */
export function denyInsecureTransport(bucketArn: string): unknown {
  return {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

/** A bucket with every setting both kinds of bucket share, and the pieces the callers build on. */
interface LockedBucket {
  readonly bucketId: string;
  readonly bucketArn: string;
  readonly publicAccess: S3BucketPublicAccessBlock;
  readonly versioning: S3BucketVersioningA;
}

/**
 * An S3 bucket with all public access blocked, ACLs disabled (owner enforced), versioning and the
 * given default encryption rule, protected from destruction (`prevent_destroy`) unless the removal
 * policy allows it (objects are never force-deleted: a bucket that still holds objects is not
 * destroyed either way). Each read of a cdktf attribute creates a token: they are read once.
 */
function lockedBucket(scope: Construct, name: string, encryption: S3BucketServerSideEncryptionConfigurationRuleA,
  own: RemovalSettings | undefined, comments: { [key: string]: unknown } = {}): LockedBucket {
  const removal = removalFor(scope, own);
  const bucket = new S3Bucket(scope, 'Resource', { bucket: name, forceDestroy: false, lifecycle: lifecycleFor(removal) });
  const { exceptions, rest } = splitComments(comments);
  for (const [key, value] of Object.entries(rest)) bucket.addOverride(`//.${key}`, value);
  declareExceptions(bucket, [...exceptions, ...removalExceptions(removal)]);
  const bucketId = bucket.id;
  const publicAccess = new S3BucketPublicAccessBlock(scope, 'PublicAccessBlock', {
    bucket: bucketId,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  new S3BucketOwnershipControls(scope, 'OwnershipControls', {
    bucket: bucketId,
    rule: { objectOwnership: 'BucketOwnerEnforced' },
  });
  new S3BucketServerSideEncryptionConfigurationA(scope, 'Encryption', { bucket: bucketId, rule: [encryption] });
  const versioning = new S3BucketVersioningA(scope, 'Versioning', {
    bucket: bucketId,
    versioningConfiguration: { status: 'Enabled' },
  });
  return { bucketId, bucketArn: bucket.arn, publicAccess, versioning };
}

/** The bucket policy, written after the public access block: otherwise it could briefly be evaluated without it. */
function bucketPolicy(scope: Construct, bucket: LockedBucket, policy: (bucketArn: string) => PolicyDocumentJson): void {
  new S3BucketPolicy(scope, 'Policy', {
    bucket: bucket.bucketId,
    policy: JSON.stringify(policy(bucket.bucketArn)),
    dependsOn: [bucket.publicAccess],
  });
}

/**
 * An S3 bucket with all public access blocked, ACLs disabled, SSE-KMS with bucket keys,
 * versioning and a bucket policy. Returns the bucket's ARN (a Terraform reference).
 */
export function createBucket(scope: Construct, config: BucketConfig): string {
  return withoutTokenTraces(() => {
    const bucket = lockedBucket(scope, config.name, {
      applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: config.kmsKeyArn },
      bucketKeyEnabled: true,
    }, config.removal);
    bucketPolicy(scope, bucket, config.policy);
    return bucket.bucketArn;
  });
}

export interface AccessLogBucketConfig {
  readonly name: string;
  /** The key prefix the logs are written under (`<prefix>/AWSLogs/<account>/...`). */
  readonly prefix: string;
  /** Days after which a log file expires. */
  readonly expirationDays: number;
  /** Days an expired or deleted log file stays recoverable as a noncurrent version. */
  readonly noncurrentDays: number;
  /** The bucket policy, given the bucket's ARN. */
  readonly policy: (bucketArn: string) => PolicyDocumentJson;
  /** Entries added to the bucket resource's `//` comment block (ignored by Terraform). */
  readonly comments?: { [key: string]: unknown };
  /** What happens to the bucket when it leaves the configuration; default: the platform's policy (retain). */
  readonly removal?: RemovalSettings;
}

/**
 * An S3 bucket for load balancer access logs: all public access blocked, ACLs disabled,
 * versioning, a lifecycle that expires the logs, a bucket policy, and SSE-S3 (AES256) as default
 * encryption, the only server-side encryption Elastic Load Balancing delivers access logs to
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html,
 * "Step 1: Create an S3 bucket": "The only server-side encryption option that's supported is
 * Amazon S3-managed keys (SSE-S3)"). Returns the bucket's ARN (a Terraform reference).
 */
export function createAccessLogBucket(scope: Construct, config: AccessLogBucketConfig): string {
  return withoutTokenTraces(() => {
    const bucket = lockedBucket(scope, config.name, { applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }, config.removal, config.comments);
    new S3BucketLifecycleConfiguration(scope, 'Lifecycle', {
      bucket: bucket.bucketId,
      rule: [{
        id: 'expire-access-logs',
        status: 'Enabled',
        filter: [{ prefix: `${config.prefix}/` }],
        expiration: [{ days: config.expirationDays }],
        noncurrentVersionExpiration: [{ noncurrentDays: config.noncurrentDays }],
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
      }],
      // Noncurrent-version rules need versioning to be configured first.
      dependsOn: [bucket.versioning],
    });
    bucketPolicy(scope, bucket, config.policy);
    return bucket.bucketArn;
  });
}
