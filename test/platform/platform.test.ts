import * as fs from 'fs';
import * as path from 'path';
import { Construct } from 'constructs';
import { EksCluster, Platform, PlatformLogging, PlatformProps, SecureApp, SecureMicroservice, StateBackend, WorkloadIdentity, WorkloadIdentityMode } from '../../src';
import { expectConfigError } from '../support/errors';
import { image, newApp, newPlatform, PLATFORM_PROPS, synth } from '../support/synth';

/** Synthesizes a platform `test` with one service and returns its cdk.tf.json. */
function terraformOf(props: Partial<PlatformProps> = {}): any {
  const platform = newPlatform(props);
  new SecureMicroservice(platform, 'orders', { image: image() });
  return synth(SecureApp.of(platform)).terraform.test;
}

describe('Platform', () => {
  test('exposes account, region, derived partition, cluster ARN and Pod Identity by default', () => {
    const platform = newPlatform();
    expect([platform.account, platform.region, platform.partition]).toEqual(['111122223333', 'eu-west-1', 'aws']);
    expect(platform.clusterArn).toBe('arn:aws:eks:eu-west-1:111122223333:cluster/test-eks');
    expect(platform.workloadIdentity.mode).toBe(WorkloadIdentityMode.POD_IDENTITY);
    expect(platform.awsEndpointCidrs).toEqual(['10.0.96.0/24']);
    expect(platform.logging.enabled).toBe(true);
    expect(platform.logging.retentionDays).toBe(90);
  });

  test('without log shipping, no AWS endpoint range is needed and none is set by default', () => {
    const platform = newPlatform({ awsEndpointCidrs: undefined, logging: PlatformLogging.disabled('no AWS API is reachable from this cluster (NET-3)') });
    expect(platform.awsEndpointCidrs).toEqual([]);
    expect(platform.logging.enabled).toBe(false);
    expect(platform.logging.disabledReason).toBe('no AWS API is reachable from this cluster (NET-3)');
  });

  test.each([
    ['cn-north-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
    ['us-iso-east-1', 'aws-iso'],
    ['us-isob-east-1', 'aws-iso-b'],
    ['us-east-1', 'aws'],
  ])('derives the partition of %s: %s', (region, partition) => {
    const platform = newPlatform({ region });
    expect(platform.partition).toBe(partition);
    expect(platform.clusterArn.startsWith(`arn:${partition}:eks:${region}:`)).toBe(true);
  });

  test.each([
    ['eusc-de-east-1', 'aws-eusc'],
    ['us-isof-south-1', 'aws-iso-f'],
    ['eu-isoe-west-1', 'aws-iso-e'],
  ])('region %s is in partition %s', (region, partition) => {
    expect(newPlatform({ region }).partition).toBe(partition);
  });

  test('an explicit partition must be the region\'s', () => {
    expect(newPlatform({ region: 'eusc-de-east-1', partition: 'aws-eusc' }).partition).toBe('aws-eusc');
    expectConfigError(() => newPlatform({ region: 'eu-central-1', partition: 'aws-eusc' }), { path: 'test', property: 'partition', received: 'aws-eusc' });
  });
});

describe('Terraform output', () => {
  test('the standard cdktf layout: manifest.json names stacks/<platform>/cdk.tf.json, one stack per platform', () => {
    const app = newApp();
    for (const id of ['prod', 'staging']) new SecureMicroservice(new Platform(app, id, PLATFORM_PROPS), 'orders', { image: image() });
    const out = synth(app);
    const tfDir = path.join(app.outdir, 'terraform');
    const manifest = JSON.parse(fs.readFileSync(path.join(tfDir, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.stacks).sort()).toEqual(['prod', 'staging']);
    for (const id of ['prod', 'staging']) {
      expect(manifest.stacks[id].synthesizedStackPath).toBe(`stacks/${id}/cdk.tf.json`);
      expect(manifest.stacks[id].workingDirectory).toBe(`stacks/${id}`);
      expect(fs.existsSync(path.join(tfDir, 'stacks', id, 'cdk.tf.json'))).toBe(true);
    }
    expect(Object.keys(out.terraform).sort()).toEqual(['prod', 'staging']);
    // ...and one Kubernetes manifest per platform.
    expect(fs.readdirSync(path.join(app.outdir, 'kubernetes')).sort()).toEqual(['prod.k8s.yaml', 'staging.k8s.yaml']);
  });

  test('the AWS provider is pinned to the region and account, with default tags (library tags, then user tags)', () => {
    const tf = terraformOf({ tags: { 'cost-center': 'shop', 'team': 'payments' } });
    expect(tf.provider.aws).toHaveLength(1);
    const aws = tf.provider.aws[0];
    expect(aws.region).toBe('eu-west-1');
    expect(aws.allowed_account_ids).toEqual(['111122223333']);
    expect(aws.default_tags).toEqual([{
      tags: { 'secure-constructs:platform': 'test', 'managed-by': 'secure-constructs', 'cost-center': 'shop', 'team': 'payments' },
    }]);
    expect(tf.terraform.required_providers.aws.version).toMatch(/^6\./);
  });

  test('local state by default, at a relative path (machine-independent output)', () => {
    const tf = terraformOf();
    expect(tf.terraform.backend).toEqual({ local: { path: 'terraform.test.tfstate' } });
  });

  test('S3 state is encrypted and uses S3-native locking', () => {
    const tf = terraformOf({ stateBackend: StateBackend.s3({ bucket: 'acme-tf-state' }) });
    expect(tf.terraform.backend).toEqual({
      s3: { bucket: 'acme-tf-state', key: 'test/terraform.tfstate', region: 'eu-west-1', encrypt: true, use_lockfile: true },
    });
  });

  test('S3 state with a DynamoDB lock table, a KMS key, an explicit key and region', () => {
    const tf = terraformOf({
      stateBackend: StateBackend.s3({ bucket: 'acme-tf-state', key: 'shop/prod.tfstate', region: 'us-east-1', kmsKeyId: 'alias/tf-state', dynamodbTable: 'tf-locks' }),
    });
    const s3 = tf.terraform.backend.s3;
    expect(s3).toMatchObject({ bucket: 'acme-tf-state', key: 'shop/prod.tfstate', region: 'us-east-1', encrypt: true, kms_key_id: 'alias/tf-state', dynamodb_table: 'tf-locks' });
    expect(s3.use_lockfile).toBeUndefined();
  });
});

describe('Platform rejects bad input with a ConfigurationError', () => {
  const props = (over: Partial<PlatformProps>) => ({ ...PLATFORM_PROPS, ...over }) as PlatformProps;

  test('missing account', () => {
    expectConfigError(() => newPlatform(props({ account: undefined })), { path: 'test', property: 'account', received: undefined });
  });

  test.each(['12345', '1111222233334', 'abcdefghijkl', '1111-2222-3333'])('bad account %p', (account) => {
    expectConfigError(() => newPlatform({ account }), { path: 'test', property: 'account', received: account });
  });

  test('an account given as a number', () => {
    expectConfigError(() => newPlatform({ account: 111122223333 as any }), { path: 'test', property: 'account', received: 111122223333 });
  });

  test('missing region', () => {
    expectConfigError(() => newPlatform(props({ region: undefined })), { path: 'test', property: 'region', received: undefined });
  });

  test.each(['Europe', 'eu-west', 'EU-WEST-1'])('bad region %p', (region) => {
    expectConfigError(() => newPlatform({ region }), { path: 'test', property: 'region', received: region });
  });

  test('invalid partition', () => {
    expectConfigError(() => newPlatform({ partition: 'aws-moon' }), { path: 'test', property: 'partition', received: 'aws-moon' });
  });

  test.each(['-prod', 'prod eks', 'p'.repeat(101)])('invalid cluster name %p', (clusterName) => {
    expectConfigError(() => newPlatform({ cluster: EksCluster.fromAttributes({ clusterName }) }), { path: 'test', property: 'cluster.clusterName', received: clusterName });
  });

  test('missing cluster', () => {
    expectConfigError(() => newPlatform(props({ cluster: undefined })), { path: 'test', property: 'cluster.clusterName', received: undefined });
  });

  test('missing props', () => {
    expectConfigError(() => new Platform(newApp(), 'test', undefined as any), { path: 'test', property: 'props', received: undefined });
  });

  test.each(['Prod', 'prod_eu', 'p'.repeat(64)])('a platform id that is not a DNS label %p', (id) => {
    expectConfigError(() => newPlatform({}, id), { path: id, property: 'id', received: id });
  });

  test('an S3 state bucket that is not a bucket name', () => {
    expectConfigError(() => newPlatform({ stateBackend: StateBackend.s3({ bucket: 'Acme_State' }) }), { path: 'test', property: 'stateBackend.bucket', received: 'Acme_State' });
  });

  test('IRSA is accepted with an issuer', () => {
    expect(newPlatform({ workloadIdentity: WorkloadIdentity.irsa() }).workloadIdentity.mode).toBe(WorkloadIdentityMode.IRSA);
  });

  test('a platform outside a SecureApp', () => {
    const root = new Construct(undefined as any, 'root');
    expectConfigError(() => new Platform(root as any, 'prod', PLATFORM_PROPS), { path: 'root/prod', property: 'scope', received: 'root' });
  });

  test('a platform nested under a plain construct of a SecureApp is accepted', () => {
    const app = newApp();
    const platform = new Platform(new Construct(app, 'group') as any, 'prod', PLATFORM_PROPS);
    expect(SecureApp.of(platform)).toBe(app);
  });
});
