import { bucketSettings } from './s3-util';
import { isTrue, nestedBlocks, resourceRule } from './util';
import { Severity } from '../../model';

/** S3: buckets keep object versions. */
export const S3_VERSIONING = resourceRule({
  id: 'AWS-014',
  severity: Severity.WARNING,
  title: 'S3 buckets have versioning enabled',
  description: 'Versioning keeps overwritten and deleted objects recoverable, protecting against accidental deletion and ransomware-style overwrites.',
  fix: 'Add `aws_s3_bucket_versioning` with `versioning_configuration { status = "Enabled" }`.',
}, ['aws_s3_bucket'], (bucket, input) => {
  const enabled = bucketSettings(input, bucket, 'aws_s3_bucket_versioning')
    .some(v => nestedBlocks(v.config, 'versioning_configuration').some(c => c.status === 'Enabled'))
    || nestedBlocks(bucket.config, 'versioning').some(v => isTrue(v.enabled));
  return enabled ? [] : ['versioning is not enabled'];
});
