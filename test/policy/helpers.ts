import { IRule, KubernetesObject, PolicyInput, RuleFinding, TerraformResource } from '../../src/policy/model';

/** A Kubernetes object as the loader would return it. */
export function k8s(object: any, file = 'manifests.yaml', index = 0): KubernetesObject {
  const ns = object.metadata?.namespace ?? '-';
  return { file, index, object, constructPath: object.metadata?.annotations?.['secure-constructs.io/construct-path'] ?? `${file}#${object.kind}/${ns}/${object.metadata?.name}` };
}

/** A Terraform resource as the loader would return it. */
export function tf(type: string, name: string, config: any, constructPath = `main.tf.json#${type}.${name}`): TerraformResource {
  return { file: 'main.tf.json', stack: 'main', type, name, config, constructPath };
}

/** An input of plain objects. */
export function inputOf(...objects: any[]): PolicyInput {
  return { kubernetes: objects.map((o, i) => k8s(o, 'manifests.yaml', i)), terraform: [] };
}

/** Runs one rule. */
export function run(rule: IRule, input: PolicyInput): RuleFinding[] {
  return rule.check(input);
}

export const LABELS = { 'app.kubernetes.io/name': 'orders' };
export const IMAGE = `ghcr.io/acme/orders@sha256:${'a'.repeat(64)}`;

/** A container that passes every rule. */
export function compliantContainer(): any {
  return {
    name: 'orders',
    image: IMAGE,
    imagePullPolicy: 'Always',
    ports: [{ name: 'https', containerPort: 8443, protocol: 'TCP' }],
    securityContext: {
      runAsNonRoot: true,
      runAsUser: 10001,
      runAsGroup: 10001,
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    },
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
    readinessProbe: { tcpSocket: { port: 'https' } },
    livenessProbe: { tcpSocket: { port: 'https' } },
    volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
  };
}

/** A pod spec that passes every rule. */
export function compliantPodSpec(): any {
  return {
    serviceAccountName: 'orders',
    automountServiceAccountToken: false,
    securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: LABELS } }],
    containers: [compliantContainer()],
    volumes: [{ name: 'tmp', emptyDir: {} }],
  };
}

/** A Deployment that passes every rule (with its namespace, ServiceAccount and PDB). */
export function compliantDeployment(): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'orders', namespace: 'orders', annotations: { 'secure-constructs.io/construct-path': 'prod/orders' } },
    spec: {
      replicas: 3,
      selector: { matchLabels: LABELS },
      template: { metadata: { labels: LABELS }, spec: compliantPodSpec() },
    },
  };
}

export function namespace(name = 'orders', enforce: string | null = 'restricted'): any {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: enforce ? { 'pod-security.kubernetes.io/enforce': enforce } : {} } };
}

export function serviceAccount(name = 'orders', ns = 'orders'): any {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: ns }, automountServiceAccountToken: false };
}

export function pdb(ns = 'orders', matchLabels: any = LABELS): any {
  return { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'orders', namespace: ns }, spec: { maxUnavailable: 1, selector: { matchLabels } } };
}

/** A compliant Deployment with everything it needs around it. */
export function compliantBundle(deployment: any = compliantDeployment()): PolicyInput {
  return inputOf(namespace(), serviceAccount(), deployment, pdb());
}

/** A compliant Deployment changed by `mutate` (which receives a deep copy). */
export function mutated(mutate: (d: any) => void): any {
  const d = compliantDeployment();
  mutate(d);
  return d;
}

/** Shortcut: the first container of a Deployment. */
export function container(d: any): any {
  return d.spec.template.spec.containers[0];
}
