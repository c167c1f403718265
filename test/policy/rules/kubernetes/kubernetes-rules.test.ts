import { Case, EXPOSURE_CASES, PSS_BASELINE_CASES, RBAC_CASES } from './new-family-cases';
import { IRule, PolicyInput } from '../../../../src/policy/model';
import { KUBERNETES_RULES } from '../../../../src/policy/rules/kubernetes';
import { compliantBundle, compliantDeployment, compliantPodSpec, container, inputOf, LABELS, mutated, namespace, pdb, run, serviceAccount } from '../../helpers';

const bundle = (mutate: (d: any) => void) => compliantBundle(mutated(mutate));
const pod = (spec: any) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'orders' }, spec });
const cronJob = (spec: any) => ({
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name: 'nightly', namespace: 'orders' },
  spec: { schedule: '0 2 * * *', jobTemplate: { spec: { template: { spec } } } },
});
const job = (spec: any) => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate', namespace: 'orders' }, spec: { template: { spec } } });
const podSpec = (mutate: (s: any) => void) => {
  const s = compliantPodSpec();
  mutate(s);
  return s;
};
const hpa = (min: number | undefined) => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'orders', namespace: 'orders' },
  spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'orders' }, minReplicas: min, maxReplicas: 5 },
});

const CASES: { [id: string]: Case } = {
  'K8S-001': {
    compliant: [compliantBundle(), bundle(d => delete container(d).securityContext.runAsNonRoot)],
    nonCompliant: [
      [bundle(d => { delete container(d).securityContext.runAsNonRoot; delete d.spec.template.spec.securityContext.runAsNonRoot; }), 'runAsNonRoot is not true'],
      [bundle(d => { container(d).securityContext.runAsUser = 0; }), 'UID 0'],
      [inputOf(pod(podSpec(s => { s.containers[0].securityContext.runAsNonRoot = false; }))), 'runAsNonRoot is not true'],
    ],
  },
  'K8S-002': {
    compliant: [compliantBundle()],
    nonCompliant: [
      [bundle(d => { container(d).securityContext.privileged = true; }), 'is privileged'],
      [bundle(d => { d.spec.template.spec.initContainers = [{ ...compliantContainer2(), securityContext: { ...compliantContainer2().securityContext, privileged: true } }]; }), 'initContainer "init": is privileged'],
    ],
  },
  'K8S-003': {
    compliant: [compliantBundle()],
    nonCompliant: [
      [bundle(d => { container(d).securityContext.allowPrivilegeEscalation = true; }), 'allowPrivilegeEscalation is not false'],
      [bundle(d => { delete container(d).securityContext.allowPrivilegeEscalation; }), 'allowPrivilegeEscalation is not false'],
    ],
  },
  'K8S-004': {
    compliant: [compliantBundle(), bundle(d => { container(d).securityContext.capabilities.drop = ['all']; })],
    nonCompliant: [
      [bundle(d => { container(d).securityContext.capabilities.drop = ['NET_RAW']; }), 'does not drop ALL'],
      [bundle(d => { delete container(d).securityContext.capabilities; }), 'does not drop ALL'],
    ],
  },
  'K8S-005': {
    compliant: [compliantBundle(), bundle(d => { container(d).securityContext.capabilities.add = ['NET_BIND_SERVICE']; })],
    nonCompliant: [[bundle(d => { container(d).securityContext.capabilities.add = ['NET_BIND_SERVICE', 'SYS_ADMIN']; }), 'adds capabilities SYS_ADMIN']],
  },
  'K8S-006': {
    compliant: [compliantBundle(), bundle(d => {
      delete d.spec.template.spec.securityContext.seccompProfile;
      container(d).securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'p.json' };
    })],
    nonCompliant: [
      [bundle(d => { container(d).securityContext.seccompProfile = { type: 'Unconfined' }; }), 'uses seccomp profile Unconfined'],
      [bundle(d => { delete container(d).securityContext.seccompProfile; delete d.spec.template.spec.securityContext.seccompProfile; }), 'has no seccomp profile'],
    ],
  },
  'K8S-007': {
    compliant: [compliantBundle(), bundle(d => { d.spec.template.spec.hostNetwork = false; })],
    nonCompliant: [
      [bundle(d => { d.spec.template.spec.hostNetwork = true; }), 'hostNetwork is true'],
      [bundle(d => { d.spec.template.spec.hostPID = true; }), 'hostPID is true'],
      [inputOf(cronJob(podSpec(s => { s.hostIPC = true; }))), 'hostIPC is true'],
    ],
  },
  'K8S-008': {
    compliant: [compliantBundle()],
    nonCompliant: [[bundle(d => { d.spec.template.spec.volumes.push({ name: 'sock', hostPath: { path: '/var/run/docker.sock' } }); }), 'mounts host path /var/run/docker.sock']],
  },
  'K8S-009': {
    compliant: [compliantBundle()],
    nonCompliant: [[bundle(d => { container(d).ports[0].hostPort = 8443; }), 'uses host port 8443']],
  },
  'K8S-010': {
    compliant: [compliantBundle(), bundle(d => { d.spec.template.spec.volumes.push({ name: 'certs', csi: { driver: 'secrets-store.csi.k8s.io' } }); })],
    nonCompliant: [[bundle(d => { d.spec.template.spec.volumes.push({ name: 'share', nfs: { server: 'nfs', path: '/' } }); }), 'volume "share" is of type nfs']],
  },
  'K8S-011': {
    compliant: [compliantBundle(), bundle(d => { d.spec.template.spec.securityContext.sysctls = [{ name: 'net.ipv4.tcp_syncookies', value: '1' }]; })],
    nonCompliant: [[bundle(d => { d.spec.template.spec.securityContext.sysctls = [{ name: 'kernel.msgmax', value: '1' }]; }), 'unsafe sysctl kernel.msgmax']],
  },
  'K8S-012': {
    compliant: [compliantBundle()],
    nonCompliant: [[bundle(d => { container(d).securityContext.readOnlyRootFilesystem = false; }), 'readOnlyRootFilesystem is not true']],
  },
  'K8S-013': {
    compliant: [compliantBundle(), bundle(d => { delete d.spec.template.spec.automountServiceAccountToken; })],
    nonCompliant: [
      [bundle(d => { d.spec.template.spec.automountServiceAccountToken = true; }), 'automountServiceAccountToken is true'],
      [inputOf(namespace(), { ...serviceAccount(), automountServiceAccountToken: undefined }, mutated(d => { delete d.spec.template.spec.automountServiceAccountToken; }), pdb()), 'mounts a service account token'],
    ],
  },
  'K8S-014': {
    compliant: [compliantBundle(), bundle(d => {
      d.spec.template.spec.hostUsers = false;
      container(d).securityContext.runAsUser = 1000;
      d.spec.template.spec.securityContext.runAsUser = 1000;
    })],
    nonCompliant: [
      [bundle(d => { container(d).securityContext.runAsUser = 1000; }), 'UID 1000'],
      [bundle(d => { container(d).securityContext.runAsGroup = 100; }), 'GID 100'],
      [bundle(d => { delete container(d).securityContext.runAsUser; delete d.spec.template.spec.securityContext.runAsUser; }), 'sets no runAsUser'],
    ],
  },
  'K8S-015': {
    compliant: [compliantBundle(), inputOf(namespace('default', 'restricted')),
      // Kubernetes' own objects in default, which manifests name to configure them.
      inputOf({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'default' }, automountServiceAccountToken: false }),
      inputOf({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'kubernetes', namespace: 'default' }, spec: { ports: [{ port: 443 }] } })],
    nonCompliant: [
      [inputOf({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'orders', namespace: 'default' } }), 'is in the default namespace'],
      [inputOf({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' } }), 'is in the default namespace'],
      [bundle(d => { d.metadata.namespace = 'default'; }), 'is in the default namespace'],
      [bundle(d => { delete d.metadata.namespace; }), 'has no namespace'],
    ],
  },
  'K8S-016': {
    compliant: [compliantBundle(),
      // Unset: Kubernetes defaults to Always for :latest and untagged images.
      bundle(d => { delete container(d).imagePullPolicy; container(d).image = 'ghcr.io/acme/orders:latest'; }),
      bundle(d => { delete container(d).imagePullPolicy; container(d).image = 'registry.local:5000/acme/orders'; })],
    nonCompliant: [
      [bundle(d => { container(d).imagePullPolicy = 'IfNotPresent'; }), 'imagePullPolicy is IfNotPresent'],
      [bundle(d => { container(d).imagePullPolicy = 'IfNotPresent'; container(d).image = 'nginx:latest'; }), 'imagePullPolicy is IfNotPresent'],
      [bundle(d => { delete container(d).imagePullPolicy; container(d).image = 'registry.local:5000/acme/orders:1.2.3'; }), 'not set (defaults to IfNotPresent'],
      [bundle(d => { delete container(d).imagePullPolicy; }), 'not set (defaults to IfNotPresent'],
    ],
  },
  'K8S-017': {
    compliant: [compliantBundle(), inputOf(job(podSpec(s => { delete s.containers[0].readinessProbe; })))],
    nonCompliant: [[bundle(d => { delete container(d).readinessProbe; }), 'has no readinessProbe']],
  },
  'K8S-018': {
    compliant: [compliantBundle(), inputOf(cronJob(podSpec(s => { delete s.containers[0].livenessProbe; })))],
    nonCompliant: [[bundle(d => { delete container(d).livenessProbe; }), 'has no livenessProbe']],
  },
  'K8S-019': {
    compliant: [compliantBundle()],
    nonCompliant: [
      [bundle(d => { delete container(d).resources.limits; }), 'sets no limits.cpu, limits.memory'],
      [bundle(d => { delete container(d).resources; }), 'sets no requests.cpu, requests.memory, limits.cpu, limits.memory'],
    ],
  },
  'K8S-020': {
    compliant: [compliantBundle(), inputOf(compliantDeployment(), { ...pdb(), spec: { selector: { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: ['orders'] }] } } })],
    nonCompliant: [
      [inputOf(compliantDeployment()), 'no PodDisruptionBudget selects its pods'],
      [inputOf(compliantDeployment(), pdb('other')), 'no PodDisruptionBudget selects its pods'],
      [inputOf(compliantDeployment(), pdb('orders', { ...LABELS, tier: 'x' })), 'no PodDisruptionBudget selects its pods'],
    ],
  },
  'K8S-021': {
    compliant: [compliantBundle(), inputOf(mutated(d => { delete d.spec.replicas; }), hpa(2))],
    nonCompliant: [
      [bundle(d => { d.spec.replicas = 1; }), 'runs 1 replica'],
      [bundle(d => { delete d.spec.replicas; }), 'runs 1 replica'],
      [inputOf(mutated(d => { delete d.spec.replicas; }), hpa(undefined)), 'allows 1 replica'],
    ],
  },
  'K8S-022': {
    compliant: [compliantBundle()],
    nonCompliant: [
      [bundle(d => { container(d).image = 'ghcr.io/acme/orders:1.2.3'; }), 'is not pinned by digest'],
      [inputOf(pod(podSpec(s => { s.containers[0].image = 'nginx'; }))), 'image "nginx" is not pinned by digest'],
    ],
  },
  'K8S-023': {
    compliant: [compliantBundle(), bundle(d => {
      delete d.spec.template.spec.topologySpreadConstraints;
      d.spec.template.spec.affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname' }] } };
    })],
    nonCompliant: [
      [bundle(d => { delete d.spec.template.spec.topologySpreadConstraints; }), 'declares no topologySpreadConstraints'],
      [bundle(d => { d.spec.template.spec.topologySpreadConstraints[0].topologyKey = 'node.kubernetes.io/instance-type'; }), 'spreads only over "node.kubernetes.io/instance-type"'],
      [bundle(d => {
        delete d.spec.template.spec.topologySpreadConstraints;
        d.spec.template.spec.affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'example.com/rack' }] } };
      }), 'spreads only over "example.com/rack"'],
    ],
  },
  'K8S-024': {
    compliant: [compliantBundle()],
    nonCompliant: [
      [inputOf(namespace('orders', 'baseline')), 'pod-security.kubernetes.io/enforce is "baseline"'],
      [inputOf(namespace('orders', null)), 'has no pod-security.kubernetes.io/enforce label'],
    ],
  },
  'K8S-025': {
    compliant: [compliantBundle()],
    nonCompliant: [
      [bundle(d => { delete d.spec.template.spec.serviceAccountName; }), 'runs as the "default" ServiceAccount'],
      [bundle(d => { d.spec.template.spec.serviceAccountName = 'default'; }), 'runs as the "default" ServiceAccount'],
    ],
  },
  'K8S-026': {
    compliant: [compliantBundle(), bundle(d => { container(d).env = [{ name: 'MODE', value: 'prod' }]; })],
    nonCompliant: [
      [bundle(d => { container(d).env = [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }]; }), 'DB_PASSWORD'],
      [bundle(d => { container(d).envFrom = [{ secretRef: { name: 'db' } }]; }), 'envFrom db'],
    ],
  },
  ...PSS_BASELINE_CASES,
  ...EXPOSURE_CASES,
  ...RBAC_CASES,
  'K8S-040': {
    compliant: [compliantBundle(), bundle(d => { container(d).env = [{ name: 'DB_PASSWORD_FILE', value: '/run/secrets/db' }]; container(d).args = ['--port=8443']; })],
    nonCompliant: [
      [bundle(d => { container(d).env = [{ name: 'DB_PASSWORD', value: 'hunter2' }]; }), 'env DB_PASSWORD holds a literal secret'],
      [bundle(d => { container(d).args = ['--password', 'hunter2']; }), 'args[1] holds a literal secret'],
    ],
  },
};

function compliantContainer2(): any {
  return { ...compliantPodSpec().containers[0], name: 'init' };
}

const byId = new Map<string, IRule>(KUBERNETES_RULES.map(r => [r.id, r]));

test('the Kubernetes pack has at least 22 rules with unique ids, one test case each', () => {
  expect(KUBERNETES_RULES.length).toBeGreaterThanOrEqual(22);
  expect(byId.size).toBe(KUBERNETES_RULES.length);
  expect(Object.keys(CASES).sort()).toEqual([...byId.keys()].sort());
});

test.each(KUBERNETES_RULES.map(r => [r.id, r] as [string, IRule]))('%s has complete metadata', (_id, rule) => {
  expect(rule.pack).toBe('kubernetes');
  expect(rule.id).toMatch(/^K8S-\d{3}$/);
  for (const text of [rule.title, rule.description, rule.fix]) expect(text.length).toBeGreaterThan(10);
});

describe.each(Object.keys(CASES).sort())('%s', id => {
  const rule = byId.get(id)!;
  test.each(CASES[id].compliant.map((input, i) => [i, input] as [number, PolicyInput]))('compliant input %d: no finding', (_i, input) => {
    expect(run(rule, input)).toEqual([]);
  });
  test.each(CASES[id].nonCompliant.map(([input, message], i) => [i, input, message] as [number, PolicyInput, string]))('non-compliant input %d: a finding', (_i, input, message) => {
    const findings = run(rule, input);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.map(f => f.message).join('\n')).toContain(message);
    for (const f of findings) {
      expect(f.constructPath).not.toBe('');
      expect(f.file).toBe('manifests.yaml');
      expect(f.resource).toMatch(/^[A-Za-z]+ /);
    }
  });
});

test('the compliant bundle passes every Kubernetes rule', () => {
  const input = compliantBundle();
  expect(KUBERNETES_RULES.flatMap(r => run(r, input).map(f => `${r.id}: ${f.message}`))).toEqual([]);
});

test('findings on a Deployment name the construct path from its annotation', () => {
  const [finding] = run(byId.get('K8S-002')!, compliantBundle(mutated(d => { container(d).securityContext.privileged = true; })));
  expect(finding).toEqual({ constructPath: 'prod/orders', file: 'manifests.yaml', resource: 'Deployment orders/orders', message: 'container "orders": is privileged' });
});
