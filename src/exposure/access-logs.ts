import { Construct } from 'constructs';
import { createAccessLogBucket, denyInsecureTransport } from '../aws/s3';
import { fitName } from '../core/names';
import type { Platform } from '../platform/platform';
import { DECLARED_SUPPRESSIONS_KEY } from '../policy/declared-suppressions';

/** Key prefix of the load balancers' access logs; Elastic Load Balancing adds `/AWSLogs/<account>/...`. */
export const ACCESS_LOG_PREFIX = 'alb';
/** Days an expired or deleted access log file stays recoverable (as a noncurrent version) before it is removed. */
export const ACCESS_LOG_NONCURRENT_DAYS = 30;
/** The service principal of Elastic Load Balancing log delivery. */
export const LOG_DELIVERY_SERVICE = 'logdelivery.elasticloadbalancing.amazonaws.com';

/**
 * The Elastic Load Balancing accounts of the China regions. There, AWS documents only the
 * account-based ("legacy") bucket policy for access logs
 * (https://docs.amazonaws.cn/en_us/aws/latest/userguide/elb.html).
 */
const CHINA_ELB_ACCOUNTS: { [region: string]: string } = {
  'cn-north-1': '638102146993',
  'cn-northwest-1': '037604701340',
};

/** Why the access-log bucket is encrypted with SSE-S3, not with the platform key (recorded as a policy suppression). */
export const SSE_S3_REASON = 'ALB access logs are delivered only to buckets encrypted with SSE-S3 (Amazon S3-managed keys), not SSE-KMS with a customer-managed key '
  + '(https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html); the bucket holds only access logs, blocks all public access, '
  + 'denies requests without TLS and lets only Elastic Load Balancing log delivery write, under its prefix for this account';

/**
 * Who writes the access logs, for the bucket policy's `Principal`.
 *
 * AWS's ALB documentation (Step 2 of
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html,
 * and the same step for connection logs,
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-connection-logging.html)
 * grants `s3:PutObject` to the log delivery service principal. Regions launched from August 2022
 * support only that policy; for the Regions available before, the older policy naming a regional
 * Elastic Load Balancing account "is still supported, but we recommend that you replace it with
 * the newer policy", so the service principal is used there too. The documentation shows it for
 * the AWS GovCloud (US) Regions as well. In the China Regions only the regional accounts are
 * documented, so they are named there. For Regions whose Elastic Load Balancing account is not
 * documented (other partitions, China Regions not listed above), the service principal is used.
 */
export function logDeliveryPrincipal(partition: string, region: string): { [type: string]: string } {
  const chinaAccount = partition === 'aws-cn' ? CHINA_ELB_ACCOUNTS[region] : undefined;
  return chinaAccount ? { AWS: `arn:aws-cn:iam::${chinaAccount}:root` } : { Service: LOG_DELIVERY_SERVICE };
}

/**
 * The platform's bucket for Application Load Balancer access logs, created on the first exposure
 * through the AWS Load Balancer Controller. Every exposed service's load balancer writes to it,
 * under {@link ACCESS_LOG_PREFIX}.
 *
 * The bucket blocks all public access, disables ACLs, keeps versions, expires log files after the
 * retention period (deleted or expired files stay recoverable for 30 more days), denies every
 * request made without TLS, and lets only Elastic Load Balancing log delivery put objects under
 * `<prefix>/AWSLogs/<account>/`. It is encrypted with SSE-S3, not the platform key: load balancers
 * deliver access logs to no other encryption. That exception is recorded as a policy suppression
 * with its reason, so the report lists it.
 */
export class AlbAccessLogs extends Construct {
  /** The bucket's name. */
  public readonly bucketName: string;
  /** The key prefix of the logs. */
  public readonly prefix: string = ACCESS_LOG_PREFIX;
  /** ARN of the bucket (a Terraform reference). */
  public readonly bucketArn: string;

  /** @internal */
  constructor(platform: Platform, id: string, retentionDays: number) {
    super(platform, id);
    const { account, region, partition } = platform;
    this.bucketName = fitName(`${platform.node.id}-${account}-${region}-alb-logs`, 63);
    this.bucketArn = createAccessLogBucket(platform._terraformScope(this), {
      name: this.bucketName,
      prefix: this.prefix,
      expirationDays: retentionDays,
      noncurrentDays: ACCESS_LOG_NONCURRENT_DAYS,
      // The exception is written into the output, where synth's policy check and
      // `secure-constructs check` both read it.
      comments: { [DECLARED_SUPPRESSIONS_KEY]: [{ ruleId: 'AWS-013', reason: SSE_S3_REASON }] },
      policy: bucketArn => ({
        Version: '2012-10-17',
        Statement: [
          denyInsecureTransport(bucketArn),
          {
            // Only under this account's path: only this account's load balancers write here.
            Sid: 'AllowLoadBalancerAccessLogDelivery',
            Effect: 'Allow',
            Principal: logDeliveryPrincipal(partition, region),
            Action: 's3:PutObject',
            Resource: `${bucketArn}/${this.prefix}/AWSLogs/${account}/*`,
          },
        ],
      }),
    });
  }
}

const accessLogs = new WeakMap<Platform, AlbAccessLogs>();

/** The platform's access-log bucket, created on first use. */
export function albAccessLogs(platform: Platform, retentionDays: number): AlbAccessLogs {
  let logs = accessLogs.get(platform);
  if (!logs) {
    logs = new AlbAccessLogs(platform, 'AlbAccessLogs', retentionDays);
    accessLogs.set(platform, logs);
  }
  return logs;
}
