import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
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
