import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildShop } from '../../examples/shop/app';
import { iamProblems } from '../support/iam';
import { validateObjects } from '../support/k8s-schema';
import { filesOf, objectOf, objectsOf, selects, synth, Synthesized } from '../support/synth';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'secure-constructs-shop-'));

/** Volume types Pod Security Standards "restricted" allows. */
const RESTRICTED_VOLUME_TYPES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];
const DIGEST_PINNED = /^[^@\s]+@sha256:[a-f0-9]{64}$/;

describe('the shop example', () => {
  let out: Synthesized;
  let deployments: any[];

  beforeAll(() => {
    out = synth(buildShop(tmp()));
    deployments = objectsOf(out, 'Deployment');
  });

  test('has the four services and the three edges of the design', () => {
    expect(deployments.map(d => `${d.metadata.namespace}/${d.metadata.name}`).sort())
      .toEqual(['orders/orders', 'payments/payments', 'storefront/catalog', 'web/web']);
    const peers = (name: string, ns: string, dir: 'ingress' | 'egress') =>
      (objectOf(out, 'NetworkPolicy', name, ns).spec[dir] ?? []).flatMap((r: any) => (r.to ?? r.from).map((p: any) => p.podSelector?.matchLabels?.['app.kubernetes.io/name']))
        .filter((n: unknown) => n !== undefined).sort();
    expect(peers('web', 'web', 'egress')).toEqual(['catalog', 'orders']);
    expect(peers('orders', 'orders', 'egress')).toEqual(['payments']);
    expect(peers('orders', 'orders', 'ingress')).toEqual(['web']);
    expect(peers('catalog', 'storefront', 'ingress')).toEqual(['web']);
    expect(peers('payments', 'payments', 'ingress')).toEqual(['orders']);
    expect(peers('payments', 'payments', 'egress')).toEqual([]);
  });

  test('every Kubernetes object validates strictly against the 1.33 schema', () => {
    expect(validateObjects(out.objects)).toEqual([]);
  });

  test('its IAM documents (if any) use only known, exact actions', async () => {
    expect(await iamProblems(out)).toEqual([]);
  });

  test('snapshot: the Kubernetes YAML', () => {
    expect(fs.readFileSync(path.join(out.outdir, 'kubernetes', 'prod.k8s.yaml'), 'utf8')).toMatchSnapshot();
  });

  test('snapshot: the Terraform JSON', () => {
    expect(fs.readFileSync(path.join(out.outdir, 'terraform', 'stacks', 'prod', 'cdk.tf.json'), 'utf8')).toMatchSnapshot();
  });

  test('is deterministic: two synths into two directories write byte-identical files', () => {
    const dirA = synth(buildShop(tmp())).outdir;
    const dirB = synth(buildShop(tmp())).outdir;
    const a = filesOf(dirA);
    const b = filesOf(dirB);
    expect(Object.keys(a).length).toBeGreaterThanOrEqual(3);
    expect(Object.keys(b)).toEqual(Object.keys(a));
    for (const file of Object.keys(a)) {
      expect({ file, same: a[file].equals(b[file]) }).toEqual({ file, same: true });
    }
    // No machine-specific paths leak into the output.
    for (const [file, content] of Object.entries(a)) {
      expect({ file, hasOutdir: content.toString('utf8').includes(path.basename(dirA)) }).toEqual({ file, hasOutdir: false });
    }
  });
});

/**
 * What widely used scanners (kube-score, Polaris, kubesec, Checkov, the Pod Security Admission
 * "restricted" profile) check, written out field by field over the example's output.
 */
describe('the shop example passes scanner-style checks', () => {
  let out: Synthesized;
  let deployments: any[];

  beforeAll(() => {
    out = synth(buildShop(tmp()));
    deployments = objectsOf(out, 'Deployment');
    expect(deployments.length).toBe(4);
  });

  const each = (check: (d: any, pod: any, containers: any[]) => void) => () => {
    for (const d of deployments) {
      const pod = d.spec.template.spec;
      check(d, pod, [...(pod.initContainers ?? []), ...pod.containers]);
    }
  };

  test('PSS baseline: no host namespaces, host ports, hostPath, privileged containers or added capabilities', each((_d, pod, containers) => {
    expect(pod.hostNetwork ?? false).toBe(false);
    expect(pod.hostPID ?? false).toBe(false);
    expect(pod.hostIPC ?? false).toBe(false);
    expect(pod.securityContext.sysctls).toBeUndefined();
    for (const c of containers) {
      expect(c.securityContext.privileged ?? false).toBe(false);
      expect(c.securityContext.procMount).toBeUndefined();
      expect(c.securityContext.windowsOptions?.hostProcess).toBeUndefined();
      for (const p of c.ports ?? []) expect(p.hostPort).toBeUndefined();
      expect(c.securityContext.capabilities?.add ?? []).toEqual([]);
    }
  }));

  test('PSS restricted: only allowed volume types', each((_d, pod) => {
    for (const v of pod.volumes ?? []) {
      const types = Object.keys(v).filter(k => k !== 'name');
      expect(types).toHaveLength(1);
      expect(RESTRICTED_VOLUME_TYPES).toContain(types[0]);
    }
  }));

  test('PSS restricted: runAsNonRoot, non-zero UID, no privilege escalation, drop ALL, RuntimeDefault seccomp', each((_d, pod, containers) => {
    for (const c of containers) {
      const sc = { ...pod.securityContext, ...c.securityContext };
      expect(sc.runAsNonRoot).toBe(true);
      expect(sc.runAsUser).toBeGreaterThan(0);
      expect(sc.runAsGroup).toBeGreaterThan(0);
      expect(c.securityContext.allowPrivilegeEscalation).toBe(false);
      expect(c.securityContext.capabilities.drop).toContain('ALL');
      expect(['RuntimeDefault', 'Localhost']).toContain(sc.seccompProfile?.type);
    }
  }));

  test('hardening beyond PSS: read-only root filesystem, high UID, no service-account token', each((d, pod, containers) => {
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.serviceAccountName).toBeDefined();
    expect(pod.serviceAccountName).not.toBe('default');
    expect(objectOf(out, 'ServiceAccount', pod.serviceAccountName, d.metadata.namespace).automountServiceAccountToken).toBe(false);
    for (const c of containers) {
      expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
      // kube-score / kubesec: UIDs and GIDs above 10000 avoid clashing with host users.
      expect({ ...pod.securityContext, ...c.securityContext }.runAsUser).toBeGreaterThan(10000);
      expect({ ...pod.securityContext, ...c.securityContext }.runAsGroup).toBeGreaterThan(10000);
    }
  }));

  test('images are pinned by digest and always pulled', each((_d, _pod, containers) => {
    for (const c of containers) {
      expect(c.image).toMatch(DIGEST_PINNED);
      expect(c.imagePullPolicy).toBe('Always');
    }
  }));

  test('requests and limits for cpu, memory and ephemeral-storage', each((_d, _pod, containers) => {
    for (const c of containers) {
      for (const r of ['cpu', 'memory', 'ephemeral-storage']) {
        expect(c.resources.requests[r]).toBeDefined();
        expect(c.resources.limits[r]).toBeDefined();
      }
    }
  }));

  test('readiness and liveness probes, and they differ in patience', each((_d, _pod, containers) => {
    for (const c of containers) {
      expect(c.readinessProbe).toBeDefined();
      expect(c.livenessProbe).toBeDefined();
      const patience = (p: any) => p.failureThreshold * p.periodSeconds;
      expect(patience(c.livenessProbe)).toBeGreaterThan(patience(c.readinessProbe));
    }
  }));

  test('at least two replicas (or an autoscaler with at least two), a PDB and topology spread', each((d, pod) => {
    const labels = d.spec.template.metadata.labels;
    const hpa = objectsOf(out, 'HorizontalPodAutoscaler', undefined, d.metadata.namespace).filter(h => h.spec.scaleTargetRef.name === d.metadata.name);
    if (d.spec.replicas === undefined) {
      expect(hpa).toHaveLength(1);
      expect(hpa[0].spec.minReplicas).toBeGreaterThanOrEqual(2);
    } else {
      expect(d.spec.replicas).toBeGreaterThanOrEqual(2);
      expect(hpa).toHaveLength(0);
    }
    const pdbs = objectsOf(out, 'PodDisruptionBudget', undefined, d.metadata.namespace).filter(p => selects(p.spec.selector, labels));
    expect(pdbs).toHaveLength(1);
    expect(pod.topologySpreadConstraints.map((t: any) => t.topologyKey).sort()).toEqual(['kubernetes.io/hostname', 'topology.kubernetes.io/zone']);
  }));

  test('every pod is in a namespace that enforces PSS restricted', each((d) => {
    const ns = objectOf(out, 'Namespace', d.metadata.namespace);
    expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  }));

  test('every pod is selected by its namespace default-deny and by a policy of its own, for ingress and egress', each((d) => {
    const labels = d.spec.template.metadata.labels;
    const policies = objectsOf(out, 'NetworkPolicy', undefined, d.metadata.namespace).filter(p => selects(p.spec.podSelector, labels));
    const deny = policies.find(p => Object.keys(p.spec.podSelector).length === 0 && !p.spec.ingress && !p.spec.egress);
    expect(deny?.spec.policyTypes.sort()).toEqual(['Egress', 'Ingress']);
    const own = policies.filter(p => Object.keys(p.spec.podSelector.matchLabels ?? {}).length > 0);
    expect(own).toHaveLength(1);
    expect(own[0].spec.policyTypes.sort()).toEqual(['Egress', 'Ingress']);
  }));

  test('no policy allows traffic from or to everywhere', () => {
    for (const p of objectsOf(out, 'NetworkPolicy')) {
      for (const rule of [...(p.spec.ingress ?? []), ...(p.spec.egress ?? [])]) {
        const peers = rule.from ?? rule.to;
        expect(peers?.length).toBeGreaterThan(0);
        for (const peer of peers) {
          expect(peer.ipBlock?.cidr ?? '').not.toMatch(/\/0$/);
          expect(peer.namespaceSelector ?? { matchLabels: { x: 'y' } }).not.toEqual({});
        }
        expect(rule.ports?.length).toBeGreaterThan(0);
      }
    }
  });

  test('every Service selects the pods of exactly one Deployment, through a named port', () => {
    for (const s of objectsOf(out, 'Service')) {
      const matched = deployments.filter(d => d.metadata.namespace === s.metadata.namespace
        && selects({ matchLabels: s.spec.selector }, d.spec.template.metadata.labels));
      expect(matched).toHaveLength(1);
      const names = matched[0].spec.template.spec.containers.flatMap((c: any) => c.ports.map((p: any) => p.name));
      for (const port of s.spec.ports) expect(names).toContain(port.targetPort);
    }
  });

  test('no plain Kubernetes Secret is written', () => {
    expect(objectsOf(out, 'Secret')).toEqual([]);
  });
});
