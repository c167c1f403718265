import { OptOut, Probe, ProbeScheme, SecureApp, SecureMicroservice } from '../../src';
import { expectConfigError } from '../support/errors';
import { validateObjects } from '../support/k8s-schema';
import { image, newPlatform, objectOf, objectsAt, objectsOf, selects, synth, Synthesized } from '../support/synth';

const PSA_LEVELS = ['enforce', 'audit', 'warn'];

/** One service with every default: the object of each kind, shared by the tests below. */
describe('SecureMicroservice defaults', () => {
  let out: Synthesized;
  let svc: SecureMicroservice;
  let deployment: any;
  let pod: any;
  let container: any;

  beforeAll(() => {
    const platform = newPlatform();
    svc = new SecureMicroservice(platform, 'orders', { image: image('orders', 2) });
    out = synth(SecureApp.of(platform));
    deployment = objectOf(out, 'Deployment', 'orders', 'orders');
    pod = deployment.spec.template.spec;
    container = pod.containers[0];
  });

  test('every object validates strictly against the Kubernetes 1.33 schema', () => {
    expect(validateObjects(out.objects)).toEqual([]);
  });

  test('gets its own namespace, named after the service, labelled for Pod Security Admission "restricted"', () => {
    expect(svc.namespace).toBe('orders');
    const ns = objectOf(out, 'Namespace', 'orders');
    for (const mode of PSA_LEVELS) {
      expect(ns.metadata.labels[`pod-security.kubernetes.io/${mode}`]).toBe('restricted');
      expect(ns.metadata.labels[`pod-security.kubernetes.io/${mode}-version`]).toMatch(/^v1\.\d+$/);
    }
  });

  test('every namespaced object of the service is in the service namespace', () => {
    const objects = objectsAt(out, 'test/orders');
    expect(objects.length).toBeGreaterThan(5);
    for (const o of objects) expect(o.metadata.namespace).toBe('orders');
  });

  test('gets a dedicated ServiceAccount without an API token, and the pod uses it without a token', () => {
    const sa = objectOf(out, 'ServiceAccount', 'orders', 'orders');
    expect(sa.automountServiceAccountToken).toBe(false);
    expect(pod.serviceAccountName).toBe(sa.metadata.name);
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(svc.serviceAccountName).toBe('orders');
  });

  test('runs 2 replicas by default', () => {
    expect(deployment.spec.replicas).toBe(2);
  });

  test('runs as a fixed non-root user and group 10001, at pod and container level', () => {
    for (const sc of [pod.securityContext, container.securityContext]) {
      expect(sc.runAsNonRoot).toBe(true);
      expect(sc.runAsUser).toBe(10001);
      expect(sc.runAsGroup).toBe(10001);
    }
    expect(pod.securityContext.fsGroup).toBe(10001);
  });

  test('forbids privilege escalation and privileged mode, drops ALL capabilities', () => {
    expect(container.securityContext.allowPrivilegeEscalation).toBe(false);
    expect(container.securityContext.privileged).toBe(false);
    expect(container.securityContext.capabilities).toEqual({ drop: ['ALL'] });
  });

  test('has a read-only root filesystem and a writable emptyDir at /tmp', () => {
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    const mount = container.volumeMounts.find((m: any) => m.mountPath === '/tmp');
    expect(mount).toBeDefined();
    expect(mount.readOnly).not.toBe(true);
    const volume = pod.volumes.find((v: any) => v.name === mount.name);
    expect(volume.emptyDir).toBeDefined();
    expect(volume.emptyDir.sizeLimit).toBeDefined();
  });

  test('uses the RuntimeDefault seccomp profile', () => {
    expect(pod.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    expect(container.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
  });

  test('sets requests and limits for cpu, memory and ephemeral-storage', () => {
    for (const kind of ['requests', 'limits']) {
      expect(Object.keys(container.resources[kind]).sort()).toEqual(['cpu', 'ephemeral-storage', 'memory']);
    }
    expect(container.resources.requests).toEqual({ 'cpu': '100m', 'memory': '128Mi', 'ephemeral-storage': '64Mi' });
    expect(container.resources.limits).toEqual({ 'cpu': '500m', 'memory': '256Mi', 'ephemeral-storage': '256Mi' });
  });

  test('has TCP readiness and liveness probes on the named port', () => {
    for (const probe of [container.readinessProbe, container.livenessProbe]) {
      expect(probe.tcpSocket).toEqual({ port: 'https' });
      expect(probe.httpGet).toBeUndefined();
      expect(probe.periodSeconds).toBeGreaterThan(0);
    }
    // Liveness is more patient than readiness, so slow moments do not restart pods.
    expect(container.livenessProbe.initialDelaySeconds).toBeGreaterThan(container.readinessProbe.initialDelaySeconds);
  });

  test('pulls the image on every start, pinned by digest', () => {
    expect(container.imagePullPolicy).toBe('Always');
    expect(container.image).toBe(image('orders', 2));
  });

  test('exposes one named container port (default 8443)', () => {
    expect(container.ports).toEqual([{ name: 'https', containerPort: 8443, protocol: 'TCP' }]);
  });

  test('spreads pods over zones and nodes', () => {
    const keys = pod.topologySpreadConstraints.map((c: any) => c.topologyKey);
    expect(keys).toEqual(['topology.kubernetes.io/zone', 'kubernetes.io/hostname']);
    for (const c of pod.topologySpreadConstraints) {
      expect(c.maxSkew).toBe(1);
      expect(selects(c.labelSelector, deployment.spec.template.metadata.labels)).toBe(true);
    }
  });

  test('does not inject service links into the environment; the only env are the TLS file paths', () => {
    expect(pod.enableServiceLinks).toBe(false);
    expect(container.env.map((e: any) => e.name)).toEqual(['TLS_CA_FILE', 'TLS_CERT_FILE', 'TLS_KEY_FILE']);
  });

  test('has a PodDisruptionBudget that selects its pods', () => {
    const pdb = objectOf(out, 'PodDisruptionBudget', 'orders', 'orders');
    expect(selects(pdb.spec.selector, deployment.spec.template.metadata.labels)).toBe(true);
    expect(pdb.spec.maxUnavailable).toBe(1);
  });

  test('has no HorizontalPodAutoscaler unless asked', () => {
    expect(objectsOf(out, 'HorizontalPodAutoscaler')).toEqual([]);
  });

  test('has a ClusterIP Service with a named port that targets the container port by name', () => {
    const service = objectOf(out, 'Service', 'orders', 'orders');
    expect(service.spec.type).toBe('ClusterIP');
    expect(service.spec.ports).toEqual([expect.objectContaining({ name: 'https', port: 8443, targetPort: 'https', protocol: 'TCP' })]);
    expect(container.ports.map((p: any) => p.name)).toContain(service.spec.ports[0].targetPort);
    expect(selects({ matchLabels: service.spec.selector }, deployment.spec.template.metadata.labels)).toBe(true);
    expect(svc.dnsName).toBe('orders.orders.svc');
  });

  test('labels every object of the service with the same app.kubernetes.io/* labels', () => {
    const objects = objectsAt(out, 'test/orders');
    expect(objects.map(o => o.kind).sort()).toEqual(['Certificate', 'Deployment', 'NetworkPolicy', 'PodDisruptionBudget', 'Service', 'ServiceAccount']);
    const expected = {
      'app.kubernetes.io/name': 'orders',
      'app.kubernetes.io/instance': 'orders',
      'app.kubernetes.io/part-of': 'test',
      'app.kubernetes.io/managed-by': 'secure-constructs',
    };
    for (const o of objects) expect(o.metadata.labels).toEqual(expected);
    expect(deployment.spec.template.metadata.labels).toEqual(expected);
    expect(deployment.spec.selector.matchLabels).toEqual(svc.selectorLabels);
    expect(svc.selectorLabels).toEqual({ 'app.kubernetes.io/name': 'orders' });
  });

  test('records the logical construct path on its objects', () => {
    expect(deployment.metadata.annotations['secure-constructs.io/construct-path']).toBe('test/orders');
  });

  test('writes no opt-out annotation when nothing is opted out', () => {
    expect(Object.keys(deployment.metadata.annotations).filter(k => k.startsWith('opt-out.'))).toEqual([]);
  });
});

describe('SecureMicroservice options', () => {
  function one(props: Partial<ConstructorParameters<typeof SecureMicroservice>[2]> = {}, id = 'svc') {
    const platform = newPlatform();
    const svc = new SecureMicroservice(platform, id, { image: image(), ...props });
    const out = synth(SecureApp.of(platform));
    return { svc, out, deployment: objectOf(out, 'Deployment', svc.serviceName, svc.namespace) };
  }

  test('HTTP probes use the scheme the port serves: HTTPS; a plain HTTP probe of an HTTPS port is refused', () => {
    const { deployment } = one({ readinessProbe: Probe.httpGet('/ready'), livenessProbe: Probe.httpGet('/live', { scheme: ProbeScheme.HTTPS }) });
    const c = deployment.spec.template.spec.containers[0];
    expect(c.readinessProbe.httpGet).toEqual({ path: '/ready', port: 'https', scheme: 'HTTPS' });
    expect(c.readinessProbe.tcpSocket).toBeUndefined();
    expect(c.livenessProbe.httpGet).toEqual({ path: '/live', port: 'https', scheme: 'HTTPS' });
    expectConfigError(() => one({ livenessProbe: Probe.httpGet('/live', { scheme: ProbeScheme.HTTP }) }),
      { path: 'test/svc', property: 'livenessProbe.options.scheme', received: 'HTTP' });
  });

  test('with autoscaling, an HPA on CPU keeps at least the replicas, and the Deployment omits replicas', () => {
    const { out, deployment } = one({ replicas: 3, autoscaling: { maxReplicas: 9 } });
    expect(deployment.spec.replicas).toBeUndefined();
    const hpa = objectOf(out, 'HorizontalPodAutoscaler', 'svc', 'svc');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'svc' });
    expect(hpa.spec.minReplicas).toBe(3);
    expect(hpa.spec.maxReplicas).toBe(9);
    expect(hpa.spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }]);
    expect(hpa.metadata.labels).toEqual(deployment.metadata.labels);
    expect(validateObjects(out.objects)).toEqual([]);
  });

  test('explicit autoscaling bounds and target are used', () => {
    const { out } = one({ autoscaling: { minReplicas: 4, maxReplicas: 8, targetCpuUtilizationPercent: 55 } });
    const hpa = objectOf(out, 'HorizontalPodAutoscaler', 'svc', 'svc');
    expect([hpa.spec.minReplicas, hpa.spec.maxReplicas, hpa.spec.metrics[0].resource.target.averageUtilization]).toEqual([4, 8, 55]);
  });

  test('port, replicas, user, group, resources, env, command and args are passed through', () => {
    const { out, deployment } = one({
      port: 9443,
      replicas: 4,
      runAsUser: 20000,
      runAsGroup: 20001,
      resources: { cpuRequest: '250m', cpuLimit: '1', memoryLimit: '1Gi' },
      env: { B_VAR: 'b', A_VAR: 'a' },
      command: ['/app'],
      args: ['--serve'],
    });
    const pod = deployment.spec.template.spec;
    const c = pod.containers[0];
    expect(deployment.spec.replicas).toBe(4);
    expect(c.ports[0].containerPort).toBe(9443);
    expect(objectOf(out, 'Service', 'svc').spec.ports[0].port).toBe(9443);
    expect([pod.securityContext.runAsUser, pod.securityContext.runAsGroup, pod.securityContext.fsGroup]).toEqual([20000, 20001, 20001]);
    expect([c.securityContext.runAsUser, c.securityContext.runAsGroup]).toEqual([20000, 20001]);
    expect(c.resources.requests.cpu).toBe('250m');
    expect(c.resources.limits).toEqual({ 'cpu': '1', 'memory': '1Gi', 'ephemeral-storage': '256Mi' });
    // Sorted by name for stable output.
    expect(c.env.filter((e: any) => !e.name.startsWith('TLS_'))).toEqual([{ name: 'A_VAR', value: 'a' }, { name: 'B_VAR', value: 'b' }]);
    expect(c.command).toEqual(['/app']);
    expect(c.args).toEqual(['--serve']);
  });

  test('the name prop names Deployment, Service, ServiceAccount and (by default) the namespace', () => {
    const { out, svc } = one({ name: 'checkout' }, 'Checkout');
    expect(svc.serviceName).toBe('checkout');
    for (const kind of ['Deployment', 'Service', 'ServiceAccount', 'PodDisruptionBudget', 'NetworkPolicy']) {
      expect(objectOf(out, kind, 'checkout', 'checkout').metadata.annotations['secure-constructs.io/construct-path']).toBe('test/Checkout');
    }
    // The service's namespace, and the log shipper's (logging is on by default).
    expect(objectsOf(out, 'Namespace').map(n => n.metadata.name).sort()).toEqual(['checkout', 'logging']);
  });

  test('opt-outs are written as annotations with their reasons', () => {
    const reasons = { tag: 'vendor publishes tags only; tracked in SEC-123', single: 'batch consumer, idempotent; SEC-124' };
    const { deployment } = one({
      image: 'registry.example.com/legacy:1.4.2',
      replicas: 1,
      optOuts: [OptOut.unpinnedImage(reasons.tag), OptOut.singleReplica(`  ${reasons.single}  `)],
    });
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.template.spec.containers[0].image).toBe('registry.example.com/legacy:1.4.2');
    expect(deployment.metadata.annotations['opt-out.secure-constructs.io/unpinned-image']).toBe(reasons.tag);
    expect(deployment.metadata.annotations['opt-out.secure-constructs.io/single-replica']).toBe(reasons.single);
  });

  test('the instance label is the objects\' name, also for long platform and service names', () => {
    const platform = newPlatform({}, 'p'.repeat(60));
    const svc = new SecureMicroservice(platform, 's'.repeat(60), { image: image() });
    const other = new SecureMicroservice(platform, `${'s'.repeat(59)}t`, { image: image() });
    expect(svc.labels['app.kubernetes.io/instance']).toBe('s'.repeat(60));
    expect(other.labels['app.kubernetes.io/instance']).toBe(`${'s'.repeat(59)}t`);
    expect(svc.labels['app.kubernetes.io/part-of']).toBe('p'.repeat(60));
  });
});
