import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { ApiObject, App as K8sApp, Chart } from 'cdk8s';
import { App as CdktfApp, LocalBackend, TerraformStack } from 'cdktf';
import { Errors, Platform, PlatformProps, SecureApp, SecureMicroservice } from '../../src';
import { Testing } from '../../src/testing/testing';
import { image, PLATFORM_PROPS } from '../support/synth';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'secure-constructs-adopt-'));

function configurationError(build: () => unknown): string {
  try {
    build();
  } catch (e) {
    expect(Errors.isConfigurationError(e)).toBe(true);
    return String(e);
  }
  throw new Error('expected a ConfigurationError');
}

describe('a Platform in an existing Chart and TerraformStack', () => {
  test("the chart's own objects and the platform's are written together, in the chart's file", () => {
    const app = new SecureApp({ outdir: tmp() });
    const chart = new Chart(app.kubernetesApp, 'shop', { disableResourceNameHashes: true });
    new ApiObject(chart, 'settings', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'orders' }, data: { mode: 'live' } });
    const prod = new Platform(app, 'prod', { ...PLATFORM_PROPS, chart });
    new SecureMicroservice(prod, 'orders', { image: image() });
    const out = Testing.synth(app);
    expect(prod.chart).toBe(chart);
    expect(fs.readdirSync(app.kubernetesOutdir)).toEqual(['shop.k8s.yaml']);
    const files = new Set(out.policyInput.kubernetes.map(o => o.file));
    expect([...files]).toEqual(['kubernetes/shop.k8s.yaml']);
    expect(out.kubernetesObject('ConfigMap', 'settings', 'orders').data).toEqual({ mode: 'live' });
    expect(out.kubernetesObject('Deployment', 'orders', 'orders')).toBeDefined();
    expect(out.failingFindings()).toEqual([]);
  });

  test('a raw cdktf resource added to platform.terraformStack is in the output, and the policy check judges it', () => {
    const app = new SecureApp({ outdir: tmp() });
    const prod = new Platform(app, 'prod', PLATFORM_PROPS);
    new SecureMicroservice(prod, 'orders', { image: image() });
    // No cast: terraformStack is cdktf's TerraformStack.
    const stack: TerraformStack = prod.terraformStack;
    new S3Bucket(stack, 'raw', { bucket: 'acme-raw-data' });
    const out = Testing.synth(app);
    expect(out.terraformResources('aws_s3_bucket').map(r => r.config.bucket)).toContain('acme-raw-data');
    expect(out.failingFindings().map(f => f.ruleId).sort()).toEqual(['AWS-012', 'AWS-013', 'AWS-030', 'AWS-033']);
  });

  test("a user's stack in the SecureApp's cdktf app gets the provider and backend, and keeps its own resources", () => {
    const app = new SecureApp({ outdir: tmp() });
    const stack = new TerraformStack(app.terraformApp, 'infra');
    new S3Bucket(stack, 'raw', { bucket: 'acme-raw-data' });
    const prod = new Platform(app, 'prod', { ...PLATFORM_PROPS, terraformStack: stack });
    new SecureMicroservice(prod, 'orders', { image: image() });
    const out = Testing.synth(app);
    expect(prod.terraformStack).toBe(stack);
    const json = JSON.parse(fs.readFileSync(path.join(app.terraformOutdir, 'stacks', 'infra', 'cdk.tf.json'), 'utf8'));
    expect(json.provider.aws[0]).toMatchObject({ region: 'eu-west-1', allowed_account_ids: ['111122223333'] });
    expect(json.terraform.backend).toEqual({ local: { path: 'terraform.infra.tfstate' } });
    expect(Object.keys(json.resource.aws_s3_bucket)).toContain('raw');
    // Every resource is in the user's stack; the checker judges them as the platform's.
    expect(out.terraformResources().every(r => r.stack === 'prod')).toBe(true);
  });

  test("SecureApp adopts a user's cdk8s and cdktf Apps: their charts and stacks are written with the platform's", () => {
    const dir = tmp();
    const kubernetesApp = new K8sApp({ outdir: path.join(dir, 'manifests') });
    const terraformApp = new CdktfApp({ outdir: path.join(dir, 'cdktf.out') });
    new ApiObject(new Chart(kubernetesApp, 'extra'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'extra', namespace: 'default' } });
    const own = new TerraformStack(terraformApp, 'own');
    new AwsProvider(own, 'aws', { region: 'eu-west-1' });
    const app = new SecureApp({ outdir: path.join(dir, 'out'), kubernetesApp, terraformApp });
    new SecureMicroservice(new Platform(app, 'prod', PLATFORM_PROPS), 'orders', { image: image() });
    const out = Testing.synth(app);
    expect([app.kubernetesApp, app.terraformApp]).toEqual([kubernetesApp, terraformApp]);
    expect(fs.readdirSync(path.join(dir, 'manifests')).sort()).toEqual(['extra.k8s.yaml', 'prod.k8s.yaml']);
    expect(Object.keys(JSON.parse(fs.readFileSync(path.join(dir, 'cdktf.out', 'manifest.json'), 'utf8')).stacks).sort()).toEqual(['own', 'prod']);
    expect(out.kubernetesObject('ConfigMap', 'extra', 'default')).toBeDefined();
    expect(new Set(out.policyInput.terraform.map(r => r.file))).toEqual(new Set(['../cdktf.out/stacks/prod/cdk.tf.json']));
    expect(fs.existsSync(path.join(dir, 'out', 'policy', 'report.json'))).toBe(true);
  });

  const props = (extra: Partial<PlatformProps>): PlatformProps => ({ ...PLATFORM_PROPS, ...extra });

  test('refuses a chart of another cdk8s App, naming how to fix it', () => {
    const app = new SecureApp({ outdir: tmp() });
    const chart = new Chart(new K8sApp(), 'mine');
    expect(configurationError(() => new Platform(app, 'prod', props({ chart }))))
      .toMatch(/\[prod\] chart: received "mine": the chart belongs to another cdk8s App than the SecureApp's[\s\S]*new SecureApp\(\{ kubernetesApp \}\)/);
  });

  test('refuses a chart with a default namespace', () => {
    const app = new SecureApp({ outdir: tmp() });
    const chart = new Chart(app.kubernetesApp, 'mine', { namespace: 'shop' });
    expect(configurationError(() => new Platform(app, 'prod', props({ chart }))))
      .toMatch(/chart: received "mine \(namespace \\"shop\\"\)": the chart has a default namespace/);
  });

  test('refuses a chart or stack another platform writes into', () => {
    const app = new SecureApp({ outdir: tmp() });
    const chart = new Chart(app.kubernetesApp, 'shared');
    new Platform(app, 'prod', props({ chart }));
    expect(configurationError(() => new Platform(app, 'staging', props({ chart }))))
      .toMatch(/\[staging\] chart: received "shared": platform prod already writes into it/);
    const stack = new TerraformStack(app.terraformApp, 'shared-stack');
    new Platform(app, 'qa', props({ terraformStack: stack }));
    expect(configurationError(() => new Platform(app, 'dev', props({ terraformStack: stack }))))
      .toMatch(/\[dev\] terraformStack: received "shared-stack": platform qa already writes into it/);
  });

  test('refuses what is not a Chart or a TerraformStack (plain JavaScript callers)', () => {
    const app = new SecureApp({ outdir: tmp() });
    expect(configurationError(() => new Platform(app, 'a', props({ chart: { id: 'x' } as any })))).toMatch(/\[a\] chart: received \{"id":"x"\}: not a cdk8s Chart/);
    expect(configurationError(() => new Platform(app, 'b', props({ terraformStack: 'stack' as any })))).toMatch(/\[b\] terraformStack: received "stack": not a cdktf TerraformStack/);
  });

  test('refuses a stack of another cdktf App', () => {
    const app = new SecureApp({ outdir: tmp() });
    const stack = new TerraformStack(new CdktfApp({ outdir: tmp() }), 'mine');
    expect(configurationError(() => new Platform(app, 'prod', props({ terraformStack: stack }))))
      .toMatch(/terraformStack: received "mine": the stack belongs to another cdktf App than the SecureApp's[\s\S]*new SecureApp\(\{ terraformApp \}\)/);
  });

  test('refuses a stack that already has a backend or an AWS provider', () => {
    const app = new SecureApp({ outdir: tmp() });
    const withBackend = new TerraformStack(app.terraformApp, 'with-backend');
    new LocalBackend(withBackend, { path: 'x.tfstate' });
    expect(configurationError(() => new Platform(app, 'a', props({ terraformStack: withBackend }))))
      .toMatch(/terraformStack: received "with-backend": it already has a Terraform backend \(with-backend\/backend\)[\s\S]*stateBackend/);
    const withProvider = new TerraformStack(app.terraformApp, 'with-provider');
    new AwsProvider(withProvider, 'aws', { region: 'eu-west-1' });
    expect(configurationError(() => new Platform(app, 'b', props({ terraformStack: withProvider }))))
      .toMatch(/terraformStack: received "with-provider": it already has an AWS provider \(with-provider\/aws\)/);
  });
});
