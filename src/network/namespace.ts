import * as k8s from 'cdk8s-plus-33/lib/imports/k8s';
import { Construct } from 'constructs';
import { CONSTRUCT_PATH_ANNOTATION, MANAGED_BY, namespaceLabels, NAMESPACE_NAME_LABEL } from './labels';
import { kubeObject } from '../core/kube-object';
import { Platform } from '../platform/platform';

/** Where cluster DNS runs: CoreDNS in kube-system, labelled `k8s-app: kube-dns` on EKS. */
export const KUBE_DNS = { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' }, port: 53 };

/**
 * Creates a namespace once per platform: labelled for Pod Security Admission "restricted", with a
 * default-deny NetworkPolicy for ingress and egress and one that allows DNS to kube-dns only.
 */
export function ensureNamespace(platform: Platform, name: string): void {
  platform._namespace(name, (scope: Construct) => {
    const labels = namespaceLabels(platform.node.id);
    const annotations = { [CONSTRUCT_PATH_ANNOTATION]: platform.node.path };
    kubeObject(scope, 'Namespace', k8s.KubeNamespace, { metadata: { name, labels, annotations } });
    kubeObject(scope, 'DefaultDeny', k8s.KubeNetworkPolicy, {
      metadata: { name: 'default-deny', namespace: name, labels: MANAGED_BY, annotations },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
    kubeObject(scope, 'AllowDns', k8s.KubeNetworkPolicy, {
      metadata: { name: 'allow-dns', namespace: name, labels: MANAGED_BY, annotations },
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{
          to: [{
            namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: KUBE_DNS.namespace } },
            podSelector: { matchLabels: KUBE_DNS.podLabels },
          }],
          ports: [
            { protocol: 'UDP', port: k8s.IntOrString.fromNumber(KUBE_DNS.port) },
            { protocol: 'TCP', port: k8s.IntOrString.fromNumber(KUBE_DNS.port) },
          ],
        }],
      },
    });
  });
}
