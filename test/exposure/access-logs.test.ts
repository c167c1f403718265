import { EdgeAuthentication, ExposureController, LoadBalancerScheme, PlatformProps, SecureApp, SecureMicroservice } from '../../src';
import { LOG_DELIVERY_SERVICE } from '../../src/exposure/access-logs';
import { expectConfigError } from '../support/errors';
import { resourcePolicyDecision } from '../support/iam';
import { validateObjects } from '../support/k8s-schema';
import { image, newPlatform, objectOf, objectsOf, resourcesOf, synth, Synthesized } from '../support/synth';

const ACCOUNT = '111122223333';
const LB = ['10.0.0.0/24', '10.0.1.0/24'];
const ATTRIBUTES = 'alb.ingress.kubernetes.io/load-balancer-attributes';
const BUCKET = `test-${ACCOUNT}-eu-west-1-alb-logs`;

/** web and admin exposed, orders not. */
function build(props: Partial<PlatformProps> = {}) {
  const platform = newPlatform({ loadBalancerSourceCidrs: LB, ...props });
  const web = new SecureMicroservice(platform, 'web', { image: image('web', 1) });
  const admin = new SecureMicroservice(platform, 'admin', { image: image('admin', 2) });
  new SecureMicroservice(platform, 'orders', { image: image('orders', 3) });
  const endpoints = [web.expose({ host: 'shop.example.com', scheme: LoadBalancerScheme.INTERNET_FACING, authentication: EdgeAuthentication.anonymous('public pages of the test shop') }), admin.expose({ host: 'admin.example.com' })];
  const app = platform.node.scope as SecureApp;
  return { app, endpoints, out: synth(app) };
}

/** The one resource of `type` of the access-log bucket (its construct path is under AlbAccessLogs). */
function bucketResource(out: Synthesized, type: string): any {
  const found = resourcesOf(out, type).filter(([, , c]) => c['//'].metadata.path.startsWith('test/AlbAccessLogs/'));
  if (found.length !== 1) throw new Error(`expected one ${type} of the access-log bucket, found ${found.length}`);
  return found[0][2];
}

/** The bucket policy with the bucket's Terraform reference replaced by its ARN. */
function bucketPolicy(out: Synthesized): any {
  const [[, name]] = resourcesOf(out, 'aws_s3_bucket');
  return JSON.parse(bucketResource(out, 'aws_s3_bucket_policy').policy.split(`\${aws_s3_bucket.${name}.arn}`).join(`arn:aws:s3:::${BUCKET}`));
}

describe('ALB access logs of two exposed services', () => {
  let out: Synthesized;
  let app: SecureApp;
  let endpoints: ReturnType<typeof build>['endpoints'];
  beforeAll(() => {
    ({ out, app, endpoints } = build());
  });

  test('each Ingress turns access logs on, to the bucket and prefix, next to the attributes it already sets', () => {
    for (const name of ['web', 'admin']) {
      expect(objectOf(out, 'Ingress', name, name).metadata.annotations[ATTRIBUTES]).toBe(
        `routing.http.drop_invalid_header_fields.enabled=true,access_logs.s3.enabled=true,access_logs.s3.bucket=${BUCKET},access_logs.s3.prefix=alb`);
    }
    expect(endpoints.map(e => e.accessLogBucketName)).toEqual([BUCKET, BUCKET]);
  });

  test('exactly one bucket for the platform', () => {
    expect(resourcesOf(out, 'aws_s3_bucket').map(([platform, , c]) => [platform, c.bucket])).toEqual([['test', BUCKET]]);
    expect(resourcesOf(out, 'aws_s3_bucket_policy')).toHaveLength(1);
  });

  test('SSE-S3, all public access blocked, ACLs disabled, versioned, logs expire', () => {
    expect(bucketResource(out, 'aws_s3_bucket')).toMatchObject({ bucket: BUCKET, force_destroy: false });
    expect(bucketResource(out, 'aws_s3_bucket_server_side_encryption_configuration').rule)
      .toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }]);
    expect(bucketResource(out, 'aws_s3_bucket_public_access_block'))
      .toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    expect(bucketResource(out, 'aws_s3_bucket_ownership_controls').rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
    expect(bucketResource(out, 'aws_s3_bucket_versioning').versioning_configuration).toEqual({ status: 'Enabled' });
    expect(bucketResource(out, 'aws_s3_bucket_lifecycle_configuration').rule).toEqual([{
      id: 'expire-access-logs',
      status: 'Enabled',
      filter: [{ prefix: 'alb/' }],
      expiration: [{ days: 90 }],
      noncurrent_version_expiration: [{ noncurrent_days: 30 }],
      abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
    }]);
  });

  test('the bucket policy denies requests without TLS and allows only ELB log delivery to put objects under the prefix for this account', () => {
    expect(bucketPolicy(out).Statement).toEqual([
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
      {
        Sid: 'AllowLoadBalancerAccessLogDelivery',
        Effect: 'Allow',
        Principal: { Service: LOG_DELIVERY_SERVICE },
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::${BUCKET}/alb/AWSLogs/${ACCOUNT}/*`,
      },
    ]);
  });

  test('simulated: log delivery writes only log files under the prefix for this account, and only over TLS', async () => {
    const policy = bucketPolicy(out);
    const log = `arn:aws:s3:::${BUCKET}/alb/AWSLogs/${ACCOUNT}/elasticloadbalancing/eu-west-1/2025/01/01/x.log.gz`;
    const decide = (principal: string, action: string, resource: string, tls = 'true') =>
      resourcePolicyDecision(policy, principal, action, resource, ACCOUNT, { 'aws:SecureTransport': tls });
    await expect(decide(LOG_DELIVERY_SERVICE, 's3:PutObject', log)).resolves.toBe('Allowed');
    await expect(decide(LOG_DELIVERY_SERVICE, 's3:PutObject', log, 'false')).resolves.toBe('ExplicitlyDenied');
    await expect(decide(LOG_DELIVERY_SERVICE, 's3:PutObject', `arn:aws:s3:::${BUCKET}/alb/AWSLogs/999999999999/x.log.gz`)).resolves.toBe('ImplicitlyDenied');
    await expect(decide(LOG_DELIVERY_SERVICE, 's3:PutObject', `arn:aws:s3:::${BUCKET}/other/AWSLogs/${ACCOUNT}/x.log.gz`)).resolves.toBe('ImplicitlyDenied');
    await expect(decide(LOG_DELIVERY_SERVICE, 's3:GetObject', log)).resolves.toBe('ImplicitlyDenied');
    await expect(decide(LOG_DELIVERY_SERVICE, 's3:DeleteObject', log)).resolves.toBe('ImplicitlyDenied');
    await expect(decide('delivery.logs.amazonaws.com', 's3:PutObject', log)).resolves.toBe('ImplicitlyDenied');
    await expect(decide(`arn:aws:iam::${ACCOUNT}:role/web`, 's3:PutObject', log)).resolves.toBe('ImplicitlyDenied');
    await expect(decide('arn:aws:iam::999999999999:root', 's3:GetObject', log)).resolves.toBe('ImplicitlyDenied');
  });

  test('the policy report lists the SSE-S3 exception as accepted, with its reason; nothing fails', () => {
    const findings = app.policyReport!.findings.filter(f => f.constructPath.startsWith('test/AlbAccessLogs'));
    expect(findings.map(f => [f.ruleId, f.suppressed, f.suppressedBy])).toEqual([['AWS-013', true, 'suppression:test/AlbAccessLogs/Resource']]);
    expect(findings[0].suppressionReason).toMatch(/only to buckets encrypted with SSE-S3.*enable-access-logging\.html/);
    expect(app.policyReport!.findings.filter(f => f.failing)).toEqual([]);
  });

  test('the exception is recorded in the bucket resource, for `secure-constructs check`', () => {
    expect(bucketResource(out, 'aws_s3_bucket')['//']['secure-constructs:suppressions'])
      .toEqual([{ ruleId: 'AWS-013', reason: app.policyReport!.findings.find(f => f.ruleId === 'AWS-013')!.suppressionReason }]);
  });

  test('every object validates strictly against the Kubernetes 1.33 schema', () => {
    expect(validateObjects(out.objects)).toEqual([]);
  });
});

test('the retention of the access logs is configurable', () => {
  const { out } = build({ exposure: ExposureController.awsLoadBalancer({ accessLogRetentionDays: 400 }) });
  expect(bucketResource(out, 'aws_s3_bucket_lifecycle_configuration').rule[0].expiration).toEqual([{ days: 400 }]);
});

test('a long platform id gives a valid bucket name of at most 63 characters, and the same one every time', () => {
  const name = () => {
    const platform = newPlatform({ loadBalancerSourceCidrs: LB }, `p${'q'.repeat(40)}`);
    return new SecureMicroservice(platform, 'web', { image: image() }).expose({ host: 'shop.example.com' }).accessLogBucketName!;
  };
  expect(name()).toMatch(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/);
  expect(name()).not.toContain('--');
  expect(name()).toBe(name());
});

test('without an exposure, no access-log bucket', () => {
  const platform = newPlatform({ loadBalancerSourceCidrs: LB });
  new SecureMicroservice(platform, 'web', { image: image() });
  expect(resourcesOf(synth(platform.node.scope as SecureApp), 'aws_s3_bucket')).toEqual([]);
});

test('the Gateway API writes no access-log bucket', () => {
  const platform = newPlatform({ exposure: ExposureController.gatewayApi({ gatewayClassName: 'eg', internetFacing: false }) });
  const endpoint = new SecureMicroservice(platform, 'web', { image: image() }).expose({ host: 'shop.example.com' });
  const out = synth(platform.node.scope as SecureApp);
  expect(endpoint.accessLogBucketName).toBeUndefined();
  expect(resourcesOf(out, 'aws_s3_bucket')).toEqual([]);
  expect(objectsOf(out, 'Ingress')).toEqual([]);
});

describe('the log delivery principal follows the region', () => {
  const principalOf = (region: string) => {
    const { out } = build({ region, cluster: newPlatform().cluster, awsEndpointCidrs: ['10.0.96.0/24'] });
    const [[, , bucket]] = resourcesOf(out, 'aws_s3_bucket');
    const statement = JSON.parse(bucketResource(out, 'aws_s3_bucket_policy').policy).Statement[1];
    return { principal: statement.Principal, resource: statement.Resource, bucket: bucket.bucket };
  };

  test.each(['eu-west-1', 'us-east-1', 'ap-south-2', 'eu-central-2', 'us-gov-west-1'])('%s: the log delivery service principal', region => {
    const { principal, bucket } = principalOf(region);
    expect(principal).toEqual({ Service: LOG_DELIVERY_SERVICE });
    expect(bucket).toBe(`test-${ACCOUNT}-${region}-alb-logs`);
  });

  test.each([['cn-north-1', '638102146993'], ['cn-northwest-1', '037604701340']])('%s: the regional Elastic Load Balancing account', (region, elbAccount) => {
    expect(principalOf(region).principal).toEqual({ AWS: `arn:aws-cn:iam::${elbAccount}:root` });
  });
});

describe('bad input', () => {
  test.each([0, -1, 1.5, Number.NaN])('an access log retention of %p days', days => {
    expectConfigError(() => newPlatform({ exposure: ExposureController.awsLoadBalancer({ accessLogRetentionDays: days }) }),
      { path: 'test', property: 'exposure.accessLogRetentionDays', received: days });
  });
});
