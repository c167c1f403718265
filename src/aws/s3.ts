import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Construct } from 'constructs';
import { PolicyDocumentJson } from './iam';
import { withoutTokenTraces } from './token-traces';

export interface BucketConfig {
  readonly name: string;
  readonly kmsKeyArn: string;
  /** The bucket policy, given the bucket's ARN. */
  readonly policy: (bucketArn: string) => PolicyDocumentJson;
}

/**
 * An S3 bucket with all public access blocked, ACLs disabled, SSE-KMS with bucket keys,
 * versioning and a bucket policy. Returns the bucket's ARN (a Terraform reference).
 */
export function createBucket(scope: Construct, config: BucketConfig): string {
  return withoutTokenTraces(() => {
    const bucket = new S3Bucket(scope, 'Resource', { bucket: config.name, forceDestroy: false });
    // Each read of a cdktf attribute creates a token: read it once.
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
    new S3BucketServerSideEncryptionConfigurationA(scope, 'Encryption', {
      bucket: bucketId,
      rule: [{
        applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: config.kmsKeyArn },
        bucketKeyEnabled: true,
      }],
    });
    new S3BucketVersioningA(scope, 'Versioning', {
      bucket: bucketId,
      versioningConfiguration: { status: 'Enabled' },
    });
    new S3BucketPolicy(scope, 'Policy', {
      bucket: bucketId,
      policy: JSON.stringify(config.policy(bucket.arn)),
      // The public access block must exist first, or a policy could be briefly evaluated without it.
      dependsOn: [publicAccess],
    });
    return bucket.arn;
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
    const bucket = new S3Bucket(scope, 'Resource', { bucket: config.name, forceDestroy: false });
    for (const [key, value] of Object.entries(config.comments ?? {})) bucket.addOverride(`//.${key}`, value);
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
    new S3BucketServerSideEncryptionConfigurationA(scope, 'Encryption', {
      bucket: bucketId,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
    });
    const versioning = new S3BucketVersioningA(scope, 'Versioning', {
      bucket: bucketId,
      versioningConfiguration: { status: 'Enabled' },
    });
    new S3BucketLifecycleConfiguration(scope, 'Lifecycle', {
      bucket: bucketId,
      rule: [{
        id: 'expire-access-logs',
        status: 'Enabled',
        filter: [{ prefix: `${config.prefix}/` }],
        expiration: [{ days: config.expirationDays }],
        noncurrentVersionExpiration: [{ noncurrentDays: config.noncurrentDays }],
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
      }],
      // Noncurrent-version rules need versioning to be configured first.
      dependsOn: [versioning],
    });
    const bucketArn = bucket.arn;
    new S3BucketPolicy(scope, 'Policy', {
      bucket: bucketId,
      policy: JSON.stringify(config.policy(bucketArn)),
      dependsOn: [publicAccess],
    });
    return bucketArn;
  });
}

