import { PlatformLogging, SecureApp, SecureMicroservice, WorkloadIdentity } from '../../src';
import { FLUENT_BIT_IMAGE } from '../../src/logging/platform-logging';
import { decide, rolePolicy } from '../identity/grants-support';
import { expectConfigError } from '../support/errors';
import { iamProblems } from '../support/iam';
import { validateObjects } from '../support/k8s-schema';
import { image, newPlatform, objectOf, objectsOf, resourcesOf, synth, Synthesized } from '../support/synth';

const ENDPOINTS = ['10.0.64.0/24', '10.0.65.0/24'];
const ARN = 'arn:aws:logs:eu-west-1:111122223333:log-group:';
const OPT_OUT = 'opt-out.secure-constructs.io/';

function build(logging = PlatformLogging.cloudWatch(), extra: Parameters<typeof newPlatform>[0] = {}) {
  const platform = newPlatform({ awsEndpointCidrs: ENDPOINTS, logging, ...extra });
  new SecureMicroservice(platform, 'web', { image: image('web', 1) });
  new SecureMicroservice(platform, 'web-admin', { image: image('admin', 2), namespace: 'web' });
  new SecureMicroservice(platform, 'orders', { image: image('orders', 3), namespace: 'shop' });
  const app = platform.node.scope as SecureApp;
  return { platform, app, out: synth(app) };
}

describe('CloudWatch logging', () => {
  let out: Synthesized;
  let app: SecureApp;
  beforeAll(() => {
    ({ out, app } = build());
  });

  test('one log group per service under /secure-constructs/<platform>/, encrypted with the platform key, 90 days', () => {
    const groups = resourcesOf(out, 'aws_cloudwatch_log_group').map(([, , c]) => c);
    expect(groups.map(g => g.name).sort()).toEqual(['/secure-constructs/test/shop/orders', '/secure-constructs/test/web/web', '/secure-constructs/test/web/web-admin']);
    for (const g of groups) {
      expect(g.kms_key_id).toMatch(/^\$\{aws_kms_key\..*\.arn\}$/);
      expect(g.retention_in_days).toBe(90);
    }
  });

  test('the platform key lets CloudWatch Logs use it for exactly that prefix', () => {
    const [[, , key]] = resourcesOf(out, 'aws_kms_key');
    const logs = JSON.parse(key.policy).Statement.find((s: any) => s.Principal?.Service === 'logs.eu-west-1.amazonaws.com');
    expect(logs.Condition.ArnLike['kms:EncryptionContext:aws:logs:arn']).toBe(`${ARN}/secure-constructs/test/*`);
  });

  test('the shipper role may only create streams and put events in the platform groups', () => {
    const doc = rolePolicy(out, 'test', 'test-logging-log-shipper');
    expect(doc.Statement).toEqual([{
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: [`${ARN}/secure-constructs/test/*:log-stream:*`],
    }]);
  });

  test('simulated: the shipper puts events into the platform groups and nowhere else', async () => {
    const doc = rolePolicy(out, 'test', 'test-logging-log-shipper');
    const d = (action: string, resource: string) => decide(doc, 'test-logging-log-shipper', action, resource);
    await expect(d('logs:PutLogEvents', `${ARN}/secure-constructs/test/web/web:log-stream:pod.kube.x`)).resolves.toBe('Allowed');
    await expect(d('logs:CreateLogStream', `${ARN}/secure-constructs/test/shop/orders:log-stream:pod.kube.y`)).resolves.toBe('Allowed');
    await expect(d('logs:PutLogEvents', `${ARN}/secure-constructs/other/web/web:log-stream:s`)).resolves.toBe('ImplicitlyDenied');
    await expect(d('logs:PutLogEvents', `${ARN}/secure-constructs/test2/web/web:log-stream:s`)).resolves.toBe('ImplicitlyDenied');
    await expect(d('logs:PutLogEvents', `${ARN}/aws/eks/test-eks/cluster:log-stream:s`)).resolves.toBe('ImplicitlyDenied');
    await expect(d('logs:PutLogEvents', 'arn:aws:logs:eu-west-1:999999999999:log-group:/secure-constructs/test/web/web:log-stream:s')).resolves.toBe('ImplicitlyDenied');
    await expect(d('logs:DeleteLogGroup', `${ARN}/secure-constructs/test/web/web`)).resolves.toBe('ImplicitlyDenied');
    await expect(d('logs:GetLogEvents', `${ARN}/secure-constructs/test/web/web:log-stream:s`)).resolves.toBe('ImplicitlyDenied');
    await expect(d('logs:CreateLogGroup', `${ARN}/secure-constructs/test/web/evil`)).resolves.toBe('ImplicitlyDenied');
  });

  test('the shipper role is bound to its own namespace and service account', async () => {
    const association = resourcesOf(out, 'aws_eks_pod_identity_association').map(([, , c]) => c).find(c => c.namespace === 'logging');
    expect(association).toMatchObject({ namespace: 'logging', service_account: 'fluent-bit', cluster_name: 'test-eks' });
    expect(await iamProblems(out)).toEqual([]);
  });

  test('the config routes each container log file to its own service group', () => {
    const conf: string = objectOf(out, 'ConfigMap', 'fluent-bit', 'logging').data['fluent-bit.conf'];
    expect(conf).toContain('Path               /var/log/containers/*_shop_orders-*.log,/var/log/containers/*_web_web-*.log,/var/log/containers/*_web_web-admin-*.log');
    const outputs = [...conf.matchAll(/Match_Regex\s+(\S+)\n.*\n\s+log_group_name\s+(\S+)/g)].map(m => [new RegExp(m[1]), m[2]] as const);
    expect(outputs).toHaveLength(3);
    const route = (file: string) => outputs.filter(([re]) => re.test(`kube.${file.slice(1).replace(/\//g, '.')}`)).map(([, g]) => g);
    const id = 'a'.repeat(64);
    expect(route(`/var/log/containers/web-7d9c-x1_web_web-${id}.log`)).toEqual(['/secure-constructs/test/web/web']);
    expect(route(`/var/log/containers/web-admin-5f-x2_web_web-admin-${id}.log`)).toEqual(['/secure-constructs/test/web/web-admin']);
    expect(route(`/var/log/containers/orders-1-x3_shop_orders-${id}.log`)).toEqual(['/secure-constructs/test/shop/orders']);
    expect(route(`/var/log/containers/evil-1_kube-system_web-${id}.log`)).toEqual([]);
    expect(conf).toContain('auto_create_group  Off');
    expect(conf).not.toMatch(/log_group_name\s+\S*\*/);
  });

  test('the DaemonSet is pinned and hardened; its exceptions are declared with reasons', () => {
    const ds = objectOf(out, 'DaemonSet', 'fluent-bit', 'logging');
    const pod = ds.spec.template.spec;
    const [c] = pod.containers;
    expect(c.image).toMatch(/^public\.ecr\.aws\/aws-observability\/aws-for-fluent-bit@sha256:[a-f0-9]{64}$/);
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.serviceAccountName).toBe('fluent-bit');
    expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } });
    expect(c.securityContext.capabilities.add).toBeUndefined();
    expect(c.resources.requests.cpu).toBeDefined();
    expect(c.resources.limits.memory).toBeDefined();
    expect(c.readinessProbe.httpGet.path).toBe('/api/v1/health');
    expect(c.livenessProbe.httpGet.path).toBe('/api/v1/health');
    // The only host path: /var/log, read-only.
    const hostPaths = pod.volumes.filter((v: any) => v.hostPath);
    expect(hostPaths).toEqual([{ name: 'var-log', hostPath: { path: '/var/log', type: 'Directory' } }]);
    expect(c.volumeMounts.find((m: any) => m.name === 'var-log')).toEqual({ name: 'var-log', mountPath: '/var/log', readOnly: true });
    expect(pod.hostNetwork).toBeUndefined();
    expect(ds.metadata.annotations[`${OPT_OUT}host-path`]).toMatch(/read-only/);
    expect(ds.metadata.annotations[`${OPT_OUT}run-as-root`]).toMatch(/root/);
  });

  test('its namespace is "privileged", with the reason, and default-deny', () => {
    const ns = objectOf(out, 'Namespace', 'logging');
    expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(ns.metadata.annotations[`${OPT_OUT}pod-security-level`]).toMatch(/hostPath/);
    expect(objectOf(out, 'NetworkPolicy', 'default-deny', 'logging').spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  });

  test('its NetworkPolicy: no ingress; egress only to the AWS endpoints on 443 and the Pod Identity agent', () => {
    const spec = objectOf(out, 'NetworkPolicy', 'fluent-bit', 'logging').spec;
    expect(spec.ingress).toEqual([]);
    expect(spec.egress).toEqual([
      { to: ENDPOINTS.map(cidr => ({ ipBlock: { cidr } })), ports: [{ protocol: 'TCP', port: 443 }] },
      { to: [{ ipBlock: { cidr: '169.254.170.23/32' } }, { ipBlock: { cidr: 'fd00:ec2::23/128' } }], ports: [{ protocol: 'TCP', port: 80 }] },
    ]);
  });

  test('the policy report shows the exceptions as accepted, with their reasons, and nothing fails', () => {
    const report = app.policyReport!;
    const shipper = report.findings.filter(f => f.constructPath === 'test/LogShipper');
    expect(shipper.length).toBeGreaterThan(0);
    expect(shipper.filter(f => !f.suppressed)).toEqual([]);
    expect(new Set(shipper.map(f => f.ruleId))).toEqual(new Set(['K8S-001', 'K8S-008', 'K8S-010', 'K8S-014', 'K8S-024']));
    for (const f of shipper) expect(f.suppressionReason!.length).toBeGreaterThan(20);
    expect(report.findings.filter(f => f.failing)).toEqual([]);
  });

  test('the objects validate strictly against the Kubernetes 1.33 schema', () => {
    expect(validateObjects(out.objects)).toEqual([]);
  });
});

test('the shipper role stays one statement on one resource, however many services ship logs', () => {
  // One ARN per group would pass IAM's 10,240-character limit for a role's inline policies.
  const platform = newPlatform();
  for (let i = 0; i < 150; i++) new SecureMicroservice(platform, `service-${i}`, { image: image('svc', i), namespace: `team-${i % 15}` });
  const out = synth(platform.node.scope as SecureApp);
  expect(resourcesOf(out, 'aws_cloudwatch_log_group')).toHaveLength(150);
  expect(rolePolicy(out, 'test', 'test-logging-log-shipper').Statement.flatMap((s: any) => s.Resource)).toEqual([`${ARN}/secure-constructs/test/*:log-stream:*`]);
});

test('retention, image and namespace are configurable', () => {
  const { out } = build(PlatformLogging.cloudWatch({ retentionDays: 365, namespace: 'observability', shipperImage: `registry.example.com/fluent-bit@sha256:${'b'.repeat(64)}` }));
  expect(resourcesOf(out, 'aws_cloudwatch_log_group').map(([, , c]) => c.retention_in_days)).toEqual([365, 365, 365]);
  expect(objectOf(out, 'DaemonSet', 'fluent-bit', 'observability').spec.template.spec.containers[0].image).toBe(`registry.example.com/fluent-bit@sha256:${'b'.repeat(64)}`);
});

test('with IRSA the shipper ServiceAccount carries its role and egress has no Pod Identity agent', () => {
  const { out } = build(PlatformLogging.cloudWatch(), { workloadIdentity: WorkloadIdentity.irsa() });
  expect(objectOf(out, 'ServiceAccount', 'fluent-bit', 'logging').metadata.annotations['eks.amazonaws.com/role-arn'])
    .toBe('arn:aws:iam::111122223333:role/test-logging-log-shipper');
  expect(objectOf(out, 'NetworkPolicy', 'fluent-bit', 'logging').spec.egress).toHaveLength(1);
});

describe('logging is on by default', () => {
  let out: Synthesized;
  let app: SecureApp;
  let web: SecureMicroservice;
  beforeAll(() => {
    const platform = newPlatform();
    web = new SecureMicroservice(platform, 'web', { image: image('web', 1) });
    new SecureMicroservice(platform, 'orders', { image: image('orders', 2), namespace: 'shop' });
    app = platform.node.scope as SecureApp;
    out = synth(app);
  });

  test('a log group per service and the shipper, without asking', () => {
    expect(web.logGroupName).toBe('/secure-constructs/test/web/web');
    expect(resourcesOf(out, 'aws_cloudwatch_log_group').map(([, , c]) => c.name).sort())
      .toEqual(['/secure-constructs/test/shop/orders', '/secure-constructs/test/web/web']);
    expect(objectOf(out, 'DaemonSet', 'fluent-bit', 'logging').spec.template.spec.containers[0].image).toBe(FLUENT_BIT_IMAGE);
    expect(objectOf(out, 'ConfigMap', 'fluent-bit', 'logging').data['fluent-bit.conf']).toContain('log_group_name     /secure-constructs/test/shop/orders');
  });

  test('no opt-out is recorded and the log-shipping rule finds nothing', () => {
    for (const d of objectsOf(out, 'Deployment')) expect(d.metadata.annotations[`${OPT_OUT}log-shipping`]).toBeUndefined();
    expect(app.policyReport!.findings.filter(f => f.ruleId === 'X-010')).toEqual([]);
    expect(app.policyReport!.findings.filter(f => f.failing)).toEqual([]);
  });
});

describe('logging turned off with a reason', () => {
  const REASON = 'sandbox cluster; the node agent ships logs (OPS-12)';
  let out: Synthesized;
  let app: SecureApp;
  let web: SecureMicroservice;
  beforeAll(() => {
    // No AWS endpoint range is needed without a shipper.
    const platform = newPlatform({ awsEndpointCidrs: undefined, logging: PlatformLogging.disabled(`  ${REASON}  `) });
    web = new SecureMicroservice(platform, 'web', { image: image('web', 1) });
    new SecureMicroservice(platform, 'orders', { image: image('orders', 2), namespace: 'shop' });
    app = platform.node.scope as SecureApp;
    out = synth(app);
  });

  test('no log groups, no shipper, no shipper role or namespace', () => {
    expect(web.logGroupName).toBeUndefined();
    expect(resourcesOf(out, 'aws_cloudwatch_log_group')).toEqual([]);
    expect(resourcesOf(out, 'aws_iam_role')).toEqual([]);
    expect(objectsOf(out, 'DaemonSet')).toEqual([]);
    expect(objectsOf(out, 'ConfigMap')).toEqual([]);
    expect(objectsOf(out, 'Namespace', 'logging')).toEqual([]);
  });

  test('every Deployment carries the reason as the log-shipping opt-out', () => {
    const deployments = objectsOf(out, 'Deployment');
    expect(deployments).toHaveLength(2);
    for (const d of deployments) expect(d.metadata.annotations[`${OPT_OUT}log-shipping`]).toBe(REASON);
  });

  test('the report lists each service as not shipping logs, accepted with the reason', () => {
    const findings = app.policyReport!.findings.filter(f => f.ruleId === 'X-010');
    expect(findings.map(f => [f.constructPath, f.resource, f.suppressed, f.suppressedBy, f.suppressionReason, f.failing])).toEqual([
      ['test/orders', 'Deployment shop/orders', true, 'opt-out:log-shipping', REASON, false],
      ['test/web', 'Deployment web/web', true, 'opt-out:log-shipping', REASON, false],
    ]);
    expect(findings[0].message).toBe('its logs are not shipped: no log shipper runs on platform "test"');
    expect(app.policyReport!.findings.filter(f => f.failing)).toEqual([]);
  });

  test('the objects validate strictly against the Kubernetes 1.33 schema', () => {
    expect(validateObjects(out.objects)).toEqual([]);
  });
});

describe('bad input', () => {
  test.each([0, 2, 45, 366, 10000, 90.5])('retention of %p days is not accepted by CloudWatch', days => {
    expectConfigError(() => newPlatform({ awsEndpointCidrs: ENDPOINTS, logging: PlatformLogging.cloudWatch({ retentionDays: days }) }),
      { path: 'test', property: 'logging.retentionDays', received: days });
  });

  test('an unpinned shipper image', () => {
    expectConfigError(() => newPlatform({ awsEndpointCidrs: ENDPOINTS, logging: PlatformLogging.cloudWatch({ shipperImage: 'fluent/fluent-bit:3.0' }) }),
      { path: 'test', property: 'logging.shipperImage', received: 'fluent/fluent-bit:3.0' });
  });

  test.each([
    ['by default', {}],
    ['asked for', { logging: PlatformLogging.cloudWatch() }],
  ])('logging (%s) without a route to CloudWatch Logs: the fix offers both ways out', (_, props) => {
    const e = expectConfigError(() => newPlatform({ awsEndpointCidrs: undefined, ...props }), { path: 'test', property: 'awsEndpointCidrs', received: [] });
    expect(e.problem).toContain('CloudWatch Logs');
    expect(e.fix).toContain('set awsEndpointCidrs');
    expect(e.fix).toContain("logging: PlatformLogging.disabled('<reason>')");
  });

  test.each(['too short', '', '   padded   ', undefined as unknown as string])('turning logging off with the reason %p', reason => {
    expectConfigError(() => newPlatform({ logging: PlatformLogging.disabled(reason) }),
      { path: 'test', property: 'logging.disabledReason', received: typeof reason === 'string' ? reason.trim() : reason });
  });

  test('logging that is not a PlatformLogging', () => {
    expectConfigError(() => newPlatform({ logging: { enabled: false } as unknown as PlatformLogging }),
      { path: 'test', property: 'logging', received: { enabled: false } });
  });

  test('a service in the shipper namespace', () => {
    const platform = newPlatform({ awsEndpointCidrs: ENDPOINTS, logging: PlatformLogging.cloudWatch() });
    expectConfigError(() => new SecureMicroservice(platform, 'web', { image: image(), namespace: 'logging' }),
      { path: 'test/web', property: 'namespace', received: 'logging' });
  });
});
