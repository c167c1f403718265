import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Platform, PolicyStatement, Probe, SecureApp, SecureMicroservice, WorkloadIdentity } from '../../src';
import { iamProblems, irsaTrustProblems, trustPolicies } from '../support/iam';
import { validateObjects } from '../support/k8s-schema';
import { filesOf, image, newApp, objectsOf, PLATFORM_PROPS, synth, Synthesized } from '../support/synth';

describe('SecureApp', () => {
  test('writes to dist by default', () => {
    const cwd = process.cwd();
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'secure-constructs-'));
    process.chdir(tmp);
    try {
      const app = new SecureApp();
      new SecureMicroservice(new Platform(app, 'prod', PLATFORM_PROPS), 'orders', { image: image() });
      app.synth();
      expect(app.outdir).toBe('dist');
      expect(fs.existsSync(path.join(tmp, 'dist', 'kubernetes', 'prod.k8s.yaml'))).toBe(true);
    } finally {
      process.chdir(cwd);
    }
  });

  test('synth writes kubernetes/<platform>.k8s.yaml and the cdktf layout under terraform/, nothing else there', () => {
    const app = newApp();
    new SecureMicroservice(new Platform(app, 'prod', PLATFORM_PROPS), 'orders', { image: image() });
    app.synth();
    const written = Object.keys(filesOf(app.outdir)).map(p => p.split(path.sep).join('/'));
    expect(written.filter(p => /^(kubernetes|terraform)\//.test(p)).sort()).toEqual([
      'kubernetes/prod.k8s.yaml',
      'terraform/manifest.json',
      'terraform/stacks/prod/cdk.tf.json',
    ]);
  });

  test('synth into a nested outdir that does not exist yet', () => {
    const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'secure-constructs-')), 'a', 'b');
    const app = new SecureApp({ outdir });
    new SecureMicroservice(new Platform(app, 'prod', PLATFORM_PROPS), 'orders', { image: image() });
    app.synth();
    expect(fs.existsSync(path.join(outdir, 'kubernetes', 'prod.k8s.yaml'))).toBe(true);
    expect(fs.existsSync(path.join(outdir, 'terraform', 'stacks', 'prod', 'cdk.tf.json'))).toBe(true);
  });

  test('synth fails when a validation on the app fails', () => {
    const app = newApp();
    new Platform(app, 'prod', PLATFORM_PROPS);
    app.node.addValidation({ validate: () => ['app check failed'] });
    expect(() => app.synth()).toThrow(/app check failed/);
    expect(fs.existsSync(path.join(app.outdir, 'kubernetes', 'prod.k8s.yaml'))).toBe(false);
  });

  // Late checks (`node.addValidation`) anywhere in the tree run before anything is written.
  test('synth fails when a late validation on a construct in the tree fails, naming the construct', () => {
    const app = newApp();
    const platform = new Platform(app, 'prod', PLATFORM_PROPS);
    platform.node.addValidation({ validate: () => ['late check failed'] });
    expect(() => app.synth()).toThrow(/late check failed/);
    expect(fs.existsSync(path.join(app.outdir, 'kubernetes', 'prod.k8s.yaml'))).toBe(false);
  });
});

/**
 * Requirement: every synthesized object validates strictly, also for the features the example
 * does not use: IRSA (ServiceAccount annotations, ipBlock egress), roles, HPA, HTTP probes, env,
 * command/args and shared namespaces.
 */
describe('an app with IRSA, roles, autoscaling and shared namespaces', () => {
  let out: Synthesized;

  beforeAll(() => {
    const app = newApp();
    const prod = new Platform(app, 'prod', {
      ...PLATFORM_PROPS,
      workloadIdentity: WorkloadIdentity.irsa(),
      awsEndpointCidrs: ['10.0.64.0/24', 'fd00:10::/64'],
    });
    const api = new SecureMicroservice(prod, 'api', {
      image: image('api', 1),
      autoscaling: { minReplicas: 3, maxReplicas: 12, targetCpuUtilizationPercent: 60 },
      readinessProbe: Probe.httpGet('/ready'),
      livenessProbe: Probe.httpGet('/live'),
      env: { LOG_LEVEL: 'info' },
      command: ['/bin/api'],
      args: ['--port', '8443'],
    });
    const worker = new SecureMicroservice(prod, 'worker', { image: image('worker', 2), namespace: 'jobs', port: 9000 });
    const reports = new SecureMicroservice(prod, 'reports', { image: image('reports', 3), namespace: 'jobs', port: 9443 });
    api.connectTo(worker);
    worker.connectTo(reports, { port: 9443 });
    api.addToPrincipalPolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: ['arn:aws:sqs:eu-west-1:111122223333:jobs'] }));
    worker.addToPrincipalPolicy(new PolicyStatement({
      actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility'],
      resources: ['arn:aws:sqs:eu-west-1:111122223333:jobs'],
    }));
    // A second, independent platform in the same app.
    new SecureMicroservice(new Platform(app, 'staging', PLATFORM_PROPS), 'api', { image: image('api', 1) });
    out = synth(app);
  });

  test('it contains what it is meant to exercise', () => {
    expect(objectsOf(out, 'HorizontalPodAutoscaler')).toHaveLength(1);
    // IRSA roles of api, worker and prod's log shipper (logging is on by default).
    expect(objectsOf(out, 'ServiceAccount').filter(sa => sa.metadata.annotations?.['eks.amazonaws.com/role-arn']).map(sa => sa.metadata.annotations['eks.amazonaws.com/role-arn']).sort())
      .toEqual(['arn:aws:iam::111122223333:role/prod-api', 'arn:aws:iam::111122223333:role/prod-jobs-worker', 'arn:aws:iam::111122223333:role/prod-logging-log-shipper']);
    expect(Object.keys(out.terraform).sort()).toEqual(['prod', 'staging']);
    // Those three, and staging's log shipper role (Pod Identity).
    expect(trustPolicies(out).map(t => `${t.platform}/${t.config.name}`).sort())
      .toEqual(['prod/prod-api', 'prod/prod-jobs-worker', 'prod/prod-logging-log-shipper', 'staging/staging-logging-log-shipper']);
  });

  test('every Kubernetes object validates strictly against the 1.33 schema', () => {
    expect(validateObjects(out.objects)).toEqual([]);
  });

  test('every IAM action exists and none is a wildcard; trust policies carry sub and aud', async () => {
    expect(await iamProblems(out)).toEqual([]);
    const bindings: { [role: string]: [string, string] } = {
      'prod-api': ['api', 'api'],
      'prod-jobs-worker': ['jobs', 'worker'],
      'prod-logging-log-shipper': ['logging', 'fluent-bit'],
    };
    for (const t of trustPolicies(out).filter(p => p.platform === 'prod')) {
      const [namespace, serviceAccount] = bindings[t.config.name];
      expect(irsaTrustProblems(t.document, { account: '111122223333', issuer: PLATFORM_PROPS.cluster.oidcIssuerUrl!, namespace, serviceAccount }))
        .toEqual([]);
    }
  });

});
