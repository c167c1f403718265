import { KubernetesObject } from '../../../../src/policy/model';
import { k8s } from '../aws/fixtures';

export { doc, input, irsaTrust, k8s, messages, podIdentityTrust, roleWithPolicy, tf } from '../aws/fixtures';

/** A Deployment in `namespace` whose pods carry `app: <name>`. */
export function deployment(name: string, namespace: string, spec: any = {}): KubernetesObject {
  return k8s({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { serviceAccountName: name, containers: [{ name, image: 'x' }], ...spec } } },
  });
}

/** The library's default-deny NetworkPolicy for a namespace. */
export function defaultDeny(namespace: string, policyTypes = ['Ingress', 'Egress']): KubernetesObject {
  return k8s({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'default-deny', namespace }, spec: { podSelector: {}, policyTypes } });
}

/** A ServiceAccount. */
export function serviceAccount(name: string, namespace: string, annotations?: { [k: string]: string }): KubernetesObject {
  return k8s({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace, ...(annotations ? { annotations } : {}) } });
}

/** A Deployment that mounts a Secrets Store CSI volume. */
export const csiWorkload = (name: string, ns: string, providerClass?: string) => deployment(name, ns, {
  containers: [{ name, image: 'x', volumeMounts: [{ name: 'secrets', mountPath: '/mnt/secrets', readOnly: true }] }],
  volumes: [{ name: 'secrets', csi: { driver: 'secrets-store.csi.k8s.io', readOnly: true, volumeAttributes: providerClass ? { secretProviderClass: providerClass } : {} } }],
});

/** A SecretProviderClass. */
export const providerClass = (name: string, ns: string) => k8s({
  apiVersion: 'secrets-store.csi.x-k8s.io/v1',
  kind: 'SecretProviderClass',
  metadata: { name, namespace: ns },
  spec: { provider: 'aws', parameters: { objects: '- objectName: "db"\n  objectType: "secretsmanager"\n' } },
});
