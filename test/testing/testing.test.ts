import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { JsonPatch } from 'cdk8s';
import { buildShop } from '../../examples/shop/app';
import { EksCluster, Platform, PolicyStatement, SecureApp, SecureMicroservice } from '../../src';
import '../../src/testing/jest';
import { snapshotSerializer } from '../../src/testing/serializer';
import { Testing } from '../../src/testing/testing';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'secure-constructs-'));
const image = (n: number) => `ghcr.io/acme/app@sha256:${String(n).repeat(64)}`;

describe('Testing.synth over the shop example', () => {
  const app = buildShop(tmp());
  const out = Testing.synth(app);
  const service = (id: string) => app.node.findChild('prod').node.findChild(id) as SecureMicroservice;

  test('gives typed access to objects and resources', () => {
    expect(out.kubernetesObject('Deployment', 'orders', 'orders').spec.replicas).toBe(3);
    expect(out.kubernetesObjects('Namespace').map(n => n.metadata.name).sort()).toEqual(['logging', 'orders', 'payments', 'storefront', 'web']);
    expect(() => out.kubernetesObject('Deployment', 'missing')).toThrow(/expected exactly one Deployment missing, found 0/);
    expect(out.terraformResources('aws_iam_role').map(r => r.config.name).sort()).toEqual(['prod-logging-log-shipper', 'prod-orders', 'prod-payments', 'prod-storefront-catalog', 'prod-web-web-oidc-client']);
    expect(out.terraformResource('aws_iam_role', out.terraformResources('aws_iam_role')[0].name).type).toBe('aws_iam_role');
    expect(Testing.synth(app)).toBe(out);
  });

  test('passes every policy', () => {
    expect(out).toPassPolicies();
    expect(out.policyReport?.findings.filter(f => !f.suppressed)).toEqual([]);
  });

  test('toHaveKubernetesObject matches partial objects', () => {
    expect(out).toHaveKubernetesObject('NetworkPolicy', { metadata: { name: 'default-deny', namespace: 'payments' }, spec: { policyTypes: ['Egress'] } });
    expect(out).not.toHaveKubernetesObject('Secret');
    expect(out).not.toHaveKubernetesObject('Deployment', { metadata: { name: 'orders' }, spec: { replicas: 1 } });
  });

  test('toAllowTraffic follows the declared edges only', () => {
    const [web, orders, payments, catalog] = ['web', 'orders', 'payments', 'catalog'].map(service);
    expect(out).toAllowTraffic(web, orders, 8443);
    expect(out).toAllowTraffic(web, catalog, 8443);
    expect(out).toAllowTraffic(orders, payments, 9443);
    expect(out).not.toAllowTraffic(orders, web, 8443);
    expect(out).not.toAllowTraffic(web, payments, 9443);
    expect(out).not.toAllowTraffic(web, orders, 9443);
    expect(out).not.toAllowTraffic(web, orders, 80);
    expect(out).not.toAllowTraffic(catalog, orders, 8443);
    expect(out).not.toAllowTraffic({ namespace: 'orders', labels: { 'app.kubernetes.io/name': 'intruder' } }, orders, 8443);
    expect(() => expect(out).toAllowTraffic(orders, web, 8443)).toThrow(/to be allowed: egress denied \(selected by orders\/default-deny, orders\/allow-dns, orders\/orders, no rule matches\)/);
  });

  test('toAllowAwsAction resolves the grants of the example, written with Terraform references', async () => {
    const [orders, payments] = ['orders', 'payments'].map(service);
    const queue = 'arn:aws:sqs:eu-west-1:111122223333:prod-payment-requests';
    await expect(out).toAllowAwsAction(orders, 'sqs:SendMessage', queue);
    await expect(out).not.toAllowAwsAction(payments, 'sqs:SendMessage', queue);
    await expect(out).toAllowAwsAction(payments, 'sqs:ReceiveMessage', queue);
    const secret = out.terraformResources('aws_secretsmanager_secret').find(r => r.config.name === 'prod/orders-db')!;
    await expect(out).toAllowAwsAction(orders, 'secretsmanager:GetSecretValue', `\${aws_secretsmanager_secret.${secret.name}.arn}`);
    await expect(out).not.toAllowAwsAction(payments, 'secretsmanager:GetSecretValue', `\${aws_secretsmanager_secret.${secret.name}.arn}`);
  });

  test('the serializer replaces the outdir and is stable across output directories', () => {
    const print = (v: unknown) => snapshotSerializer.serialize(v, {}, '', 0, [], x => JSON.stringify(x));
    const other = Testing.synth(buildShop(tmp()));
    expect(snapshotSerializer.test(out)).toBe(true);
    expect(print(out)).toEqual(print(other));
    expect(print(out)).not.toContain(out.outdir);
    expect(snapshotSerializer.test(`${out.outdir}/kubernetes/prod.k8s.yaml`)).toBe(true);
    expect(print(`${out.outdir}/kubernetes/prod.k8s.yaml`)).toBe('"<outdir>/kubernetes/prod.k8s.yaml"');
  });
});

describe('toAllowAwsAction', () => {
  const app = new SecureApp({ outdir: tmp() });
  const prod = new Platform(app, 'prod', { account: '111122223333', region: 'eu-west-1', cluster: EksCluster.fromAttributes({ clusterName: 'prod-eks' }), awsEndpointCidrs: ['10.0.96.0/24'] });
  const orders = new SecureMicroservice(prod, 'orders', { image: image(1) });
  const web = new SecureMicroservice(prod, 'web', { image: image(2) });
  const queue = 'arn:aws:sqs:eu-west-1:111122223333:orders';
  orders.addToPrincipalPolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queue] }));

  test('is true for a statement added with addToPrincipalPolicy', async () => {
    await expect(app).toAllowAwsAction(orders, 'sqs:SendMessage', queue);
  });

  test('is false for another resource, another action, and a service without a role', async () => {
    await expect(app).not.toAllowAwsAction(orders, 'sqs:SendMessage', 'arn:aws:sqs:eu-west-1:111122223333:payments');
    await expect(app).not.toAllowAwsAction(orders, 'sqs:DeleteMessage', queue);
    await expect(app).not.toAllowAwsAction(web, 'sqs:SendMessage', queue);
    await expect(expect(app).toAllowAwsAction(web, 'sqs:SendMessage', queue)).rejects.toThrow(/no IAM role is bound to web\/web/);
  });

  test('accepts a namespace and service account', async () => {
    await expect(Testing.synth(app)).toAllowAwsAction({ namespace: 'orders', serviceAccount: 'orders', environment: { account: '111122223333', region: 'eu-west-1', partition: 'aws' } }, 'sqs:SendMessage', queue);
  });

  test('toHaveTerraformResource matches arguments', () => {
    expect(app).toHaveTerraformResource('aws_eks_pod_identity_association', { namespace: 'orders', service_account: 'orders' });
    expect(app).not.toHaveTerraformResource('aws_eks_pod_identity_association', { namespace: 'web' });
  });
});

describe('a failing app', () => {
  test('toPassPolicies fails with the findings; Testing.synth still returns the output', () => {
    const app = new SecureApp({ outdir: tmp() });
    const prod = new Platform(app, 'prod', { account: '111122223333', region: 'eu-west-1', cluster: EksCluster.fromAttributes({ clusterName: 'prod-eks' }), awsEndpointCidrs: ['10.0.96.0/24'] });
    const svc = new SecureMicroservice(prod, 'orders', { image: image(1) });
    svc.deployment.addJsonPatch(JsonPatch.replace('/spec/template/spec/containers/0/securityContext/privileged', true));
    const out = Testing.synth(app);
    expect(out.synthError).toMatch(/Policy check failed/);
    expect(out.failingFindings().length).toBeGreaterThan(0);
    expect(() => expect(out).toPassPolicies()).toThrow(/finding\(s\) fail it/);
    expect(out).not.toPassPolicies();
  });
});
