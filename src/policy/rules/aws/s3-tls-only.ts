import { asList, DocumentKind, policyDocuments, principalsOf, resourceRule, resourcesDesignating, Statement } from './util';
import { PolicyInput, Severity, TerraformResource } from '../../model';

/** Whether a statement denies every S3 request made without TLS. */
export function deniesInsecureTransport(s: Statement): boolean {
  if (s.Effect !== 'Deny') return false;
  if (!principalsOf(s).some(([type, value]) => value === '*' && (type === '*' || type === 'AWS'))) return false;
  if (!asList(s.Action).some(a => a === '*' || (typeof a === 'string' && a.toLowerCase() === 's3:*'))) return false;
  return ['Bool', 'BoolIfExists'].some(op => Object.entries(s.Condition?.[op] ?? {})
    .some(([k, v]) => k.toLowerCase() === 'aws:securetransport' && asList(v as any).some(x => String(x).toLowerCase() === 'false')));
}

function bucketPolicies(input: PolicyInput, bucket: TerraformResource): Statement[][] {
  const policies = new Set<TerraformResource>([bucket,
    ...resourcesDesignating(input, 'aws_s3_bucket_policy', 'bucket', bucket, ['bucket']).filter(p => p.stack === bucket.stack)]);
  return policyDocuments(input).filter(d => d.kind === DocumentKind.RESOURCE && policies.has(d.resource)).map(d => d.statements);
}

/** S3: buckets refuse requests without TLS. */
export const S3_TLS_ONLY = resourceRule({
  id: 'AWS-030',
  severity: Severity.ERROR,
  title: 'S3 buckets deny requests without TLS',
  description: 'S3 accepts plain HTTP requests unless the bucket policy denies them. A bucket policy statement that denies `s3:*` to `"*"` when `aws:SecureTransport` is `false` makes every client, including misconfigured SDKs and tools, use TLS.',
  fix: 'Add to the bucket policy: `{"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": [<bucket ARN>, "<bucket ARN>/*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}}` (SecureBucket writes it).',
}, ['aws_s3_bucket'], (bucket, input) => {
  const policies = bucketPolicies(input, bucket);
  if (policies.some(statements => statements.some(deniesInsecureTransport))) return [];
  return [policies.length === 0 ? 'has no bucket policy denying requests without TLS (aws:SecureTransport)' : 'its bucket policy does not deny s3:* when aws:SecureTransport is false'];
});
