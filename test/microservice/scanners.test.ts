import { JsonPatch } from 'cdk8s';
import { OptOut, PlatformLogging, Probe, SecureApp, SecureMicroservice } from '../../src';
import { SCANNER_CHECKS, SCANNER_ONLY_CONTROLS } from '../../src/core/opt-out';
import { scannerExemptionAnnotations } from '../../src/core/scanner-exemptions';
import { expectConfigError } from '../support/errors';
import { validateObjects } from '../support/k8s-schema';
import { image, newPlatform, objectOf, objectsOf, PLATFORM_PROPS, synth } from '../support/synth';

const LOGGING_OFF = { logging: PlatformLogging.disabled('no CloudWatch in this test cluster') };
const SINGLE = 'batch consumer; tracked in SEC-9';
const TAG = 'vendor publishes tags only; SEC-1';

describe('the services\' priority class', () => {
  test('by default the library writes one PriorityClass per platform that never preempts, and every service uses it', () => {
    const platform = newPlatform(LOGGING_OFF);
    new SecureMicroservice(platform, 'a', { image: image() });
    new SecureMicroservice(platform, 'b', { image: image() });
    expect(platform.servicePriorityClassName).toBe('test-service');
    const out = synth(SecureApp.of(platform));
    const classes = objectsOf(out, 'PriorityClass');
    expect(classes).toHaveLength(1);
    expect(classes[0]).toMatchObject({ apiVersion: 'scheduling.k8s.io/v1', metadata: { name: 'test-service' }, value: 1000000, preemptionPolicy: 'Never', globalDefault: false });
    for (const d of objectsOf(out, 'Deployment')) expect(d.spec.template.spec.priorityClassName).toBe('test-service');
    expect(validateObjects(out.objects)).toEqual([]);
  });

  test('a named class is referenced, not written', () => {
    const platform = newPlatform({ ...LOGGING_OFF, servicePriorityClassName: 'business-critical' });
    new SecureMicroservice(platform, 'a', { image: image() });
    const out = synth(SecureApp.of(platform));
    expect(objectsOf(out, 'PriorityClass')).toEqual([]);
    expect(objectOf(out, 'Deployment', 'a', 'a').spec.template.spec.priorityClassName).toBe('business-critical');
  });

  test.each([
    ['Business_Critical', 'not a PriorityClass name'],
    ['', 'not a PriorityClass name'],
    [42, 'a string is expected'],
    ['system-cluster-critical', 'reserved'],
    ['system-node-critical', 'reserved'],
  ])('refuses %p', (value, problem) => {
    const e = expectConfigError(() => newPlatform({ ...LOGGING_OFF, servicePriorityClassName: value as string }), { path: 'test', property: 'servicePriorityClassName', received: value });
    expect(e.message).toContain(problem);
  });

  test('the log shipper runs at system-node-critical', () => {
    const platform = newPlatform({ awsEndpointCidrs: PLATFORM_PROPS.awsEndpointCidrs });
    new SecureMicroservice(platform, 'a', { image: image() });
    const shipper = objectOf(synth(SecureApp.of(platform)), 'DaemonSet', 'fluent-bit', 'logging');
    expect(shipper.spec.template.spec.priorityClassName).toBe('system-node-critical');
  });
});

describe('deliberate exceptions are written for the scanners, with their reasons', () => {
  function deploymentOf(props: object, platformProps: object = LOGGING_OFF) {
    const platform = newPlatform(platformProps);
    const svc = new SecureMicroservice(platform, 'svc', { image: image(), ...props });
    const out = synth(SecureApp.of(platform));
    return { out, svc, deployment: objectOf(out, 'Deployment', 'svc', 'svc') };
  }

  test('opt-outs: Polaris exemptions with the reason beside them, Checkov skips numbered from 1, kube-linter ignores', () => {
    const { deployment } = deploymentOf({ image: 'registry.example.com/legacy:1.4.2', replicas: 1, optOuts: [OptOut.unpinnedImage(TAG), OptOut.singleReplica(SINGLE)] });
    const a = deployment.metadata.annotations;
    expect(a['polaris.fairwinds.com/deploymentMissingReplicas-exempt']).toBe('true');
    expect(a['polaris-exempt.secure-constructs.io/deploymentMissingReplicas']).toBe(SINGLE);
    expect(a['ignore-check.kube-linter.io/minimum-three-replicas']).toBe(SINGLE);
    expect(a['checkov.io/skip1']).toBe(`CKV_K8S_43=${TAG}`);
    expect(a['ignore-check.kube-linter.io/image-not-pinned-by-digest']).toBe(TAG);
    expect(a['checkov.io/skip2']).toBeUndefined();
    expect(a['opt-out.secure-constructs.io/single-replica']).toBe(SINGLE);
  });

  test('a service with neither callers nor destinations gets only the deny-all exemption', () => {
    const { deployment } = deploymentOf({});
    const keys = Object.keys(deployment.metadata.annotations);
    // The service has neither callers nor destinations: its policy denies both directions.
    expect(keys.filter(k => /polaris|checkov|kube-linter|monokle/.test(k)).sort()).toEqual([
      'polaris-exempt.secure-constructs.io/missingNetworkPolicy',
      'polaris.fairwinds.com/missingNetworkPolicy-exempt',
    ]);
  });

  test('an autoscaled Deployment is exempt from deploymentMissingReplicas, with the autoscaler\'s minimum as reason', () => {
    const { deployment } = deploymentOf({ replicas: 3, autoscaling: { maxReplicas: 9 } });
    expect(deployment.spec.replicas).toBeUndefined();
    expect(deployment.metadata.annotations['polaris.fairwinds.com/deploymentMissingReplicas-exempt']).toBe('true');
    expect(deployment.metadata.annotations['polaris-exempt.secure-constructs.io/deploymentMissingReplicas'])
      .toBe('spec.replicas is left to the HorizontalPodAutoscaler svc, which keeps at least 3 replicas');
    const { deployment: fixed } = deploymentOf({ replicas: 3 });
    expect(fixed.metadata.annotations['polaris.fairwinds.com/deploymentMissingReplicas-exempt']).toBeUndefined();
  });

  test('a NetworkPolicy direction without rules is exempt from missingNetworkPolicy, named in the reason; with rules both ways it is not', () => {
    const platform = newPlatform(LOGGING_OFF);
    const caller = new SecureMicroservice(platform, 'caller', { image: image() });
    const middle = new SecureMicroservice(platform, 'middle', { image: image() });
    const target = new SecureMicroservice(platform, 'target', { image: image() });
    caller.connectTo(middle);
    middle.connectTo(target);
    const out = synth(SecureApp.of(platform));
    const reason = (name: string) => objectOf(out, 'Deployment', name, name).metadata.annotations['polaris-exempt.secure-constructs.io/missingNetworkPolicy'];
    expect(reason('caller')).toBe('the NetworkPolicy caller has no ingress rule: the service declares no caller, so all ingress traffic of its pods is denied');
    expect(reason('target')).toBe('the NetworkPolicy target has no egress rule: the service declares no destination, so all egress traffic of its pods is denied');
    expect(reason('middle')).toBeUndefined();
    expect(objectOf(out, 'Deployment', 'middle', 'middle').metadata.annotations['polaris.fairwinds.com/missingNetworkPolicy-exempt']).toBeUndefined();
  });

  test('the log shipper\'s exceptions carry the reasons of its opt-outs', () => {
    const platform = newPlatform({ awsEndpointCidrs: PLATFORM_PROPS.awsEndpointCidrs });
    new SecureMicroservice(platform, 'a', { image: image() });
    const a = objectOf(synth(SecureApp.of(platform)), 'DaemonSet', 'fluent-bit', 'logging').metadata.annotations;
    const root = a['opt-out.secure-constructs.io/run-as-root'];
    const hostPath = a['opt-out.secure-constructs.io/host-path'];
    expect(root.length).toBeGreaterThan(20);
    for (const check of ['hostPathSet', 'runAsRootAllowed', 'missingNetworkPolicy', 'topologySpreadConstraint']) {
      expect(a[`polaris.fairwinds.com/${check}-exempt`]).toBe('true');
    }
    expect(a['polaris-exempt.secure-constructs.io/runAsRootAllowed']).toBe(root);
    expect(a['polaris-exempt.secure-constructs.io/hostPathSet']).toBe(hostPath);
    expect(a['checkov.io/skip1']).toBe(`CKV_K8S_23=${root}`);
    expect(a['checkov.io/skip2']).toBe(`CKV_K8S_40=${root}`);
    expect(a['ignore-check.kube-linter.io/run-as-non-root']).toBe(root);
    expect(a['monokle.io/suppress.PSS105']).toBe(hostPath);
    expect(a['monokle.io/suppress.KBP104']).toBe(root);
  });
});

describe('scannerExemptionAnnotations', () => {
  test('numbers Checkov skips in control order, writes each check once, and ignores controls without checks', () => {
    const a = scannerExemptionAnnotations([
      { control: 'run-as-root', reason: 'root reason' },
      { control: 'unpinned-image', reason: 'tag reason' },
      { control: 'log-shipping', reason: 'no logs' },
      { control: 'no-such-control', reason: 'x' },
    ]);
    expect(a).toEqual({
      'polaris.fairwinds.com/runAsRootAllowed-exempt': 'true',
      'polaris-exempt.secure-constructs.io/runAsRootAllowed': 'root reason',
      'checkov.io/skip1': 'CKV_K8S_23=root reason',
      'checkov.io/skip2': 'CKV_K8S_40=root reason',
      'checkov.io/skip3': 'CKV_K8S_43=tag reason',
      'ignore-check.kube-linter.io/run-as-non-root': 'root reason',
      'ignore-check.kube-linter.io/image-not-pinned-by-digest': 'tag reason',
      'monokle.io/suppress.KBP104': 'root reason',
      'monokle.io/suppress.KBP105': 'root reason',
      'monokle.io/suppress.KBP109': 'root reason',
    });
    const both = scannerExemptionAnnotations([
      { control: SCANNER_ONLY_CONTROLS.AUTOSCALED_REPLICAS, reason: 'hpa' },
      { control: 'single-replica', reason: 'single' },
    ]);
    expect(both['polaris-exempt.secure-constructs.io/deploymentMissingReplicas']).toBe('hpa');
  });

  test('every control of the mapping names checks in each scanner\'s id format', () => {
    for (const checks of Object.values(SCANNER_CHECKS)) {
      for (const id of checks.checkov) expect(id).toMatch(/^CKV_K8S_\d+$/);
      for (const id of checks.polaris) expect(id).toMatch(/^[a-z][A-Za-z]+$/);
      for (const id of checks.kubeLinter) expect(id).toMatch(/^[a-z]+(-[a-z0-9]+)*$/);
      for (const id of checks.monokle) expect(id).toMatch(/^[A-Z]{3}\d{3}$/);
    }
  });
});

describe('the load balancer\'s health check', () => {
  function ingressOf(props: object, patch?: (svc: SecureMicroservice) => void) {
    const platform = newPlatform({ ...LOGGING_OFF, loadBalancerSourceCidrs: ['10.0.0.0/24'] });
    const svc = new SecureMicroservice(platform, 'web', { image: image(), ...props });
    svc.expose({ host: 'shop.example.com' });
    patch?.(svc);
    return objectOf(synth(SecureApp.of(platform)), 'Ingress', 'web', 'web');
  }

  test('checks the path of an HTTP readiness probe', () => {
    expect(ingressOf({ readinessProbe: Probe.httpGet('/healthz') }).metadata.annotations['alb.ingress.kubernetes.io/healthcheck-path']).toBe('/healthz');
  });

  test('follows the written Deployment, escape hatches included', () => {
    const ingress = ingressOf({ readinessProbe: Probe.httpGet('/healthz') },
      svc => svc.deployment.addJsonPatch(JsonPatch.replace('/spec/template/spec/containers/0/readinessProbe/httpGet/path', '/ready')));
    expect(ingress.metadata.annotations['alb.ingress.kubernetes.io/healthcheck-path']).toBe('/ready');
  });

  test('is left to the controller\'s default with a TCP probe', () => {
    expect(Object.keys(ingressOf({}).metadata.annotations)).not.toContain('alb.ingress.kubernetes.io/healthcheck-path');
  });
});
