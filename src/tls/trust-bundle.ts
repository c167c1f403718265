import { Construct } from 'constructs';
import { privateCaNames } from './certificates';
import { plainObject } from '../core/kube-object';
import { CONSTRUCT_PATH_ANNOTATION, MANAGED_BY } from '../network/labels';
import type { Platform } from '../platform/platform';

/** The API version of trust-manager's `Bundle` (cluster-scoped). */
export const TRUST_BUNDLE_API_VERSION = 'trust.cert-manager.io/v1alpha1';
/** The key of the CA certificate in the bundle's ConfigMaps. */
export const TRUST_BUNDLE_KEY = 'ca.crt';

/**
 * The platform's CA certificate in every namespace of the platform: a trust-manager `Bundle`
 * (written once) that copies `ca.crt` of the private CA's Secret into a ConfigMap
 * `<platform>-ca` in each namespace labelled as the platform's. Only the CA certificate is
 * copied, never a key. trust-manager reads the Secret from its trust namespace, which must be the
 * CA's namespace (`caNamespace`, `cert-manager` for both by default). Returns the ConfigMap's name.
 */
export function ensureTrustBundle(platform: Platform): string {
  const names = privateCaNames(platform.node.id);
  if (!platform.chart.node.tryFindChild('TrustBundle')) {
    const scope = new Construct(platform.chart, 'TrustBundle');
    plainObject(scope, 'Bundle', {
      apiVersion: TRUST_BUNDLE_API_VERSION,
      kind: 'Bundle',
      metadata: {
        name: names.caSecret,
        labels: { ...MANAGED_BY, 'app.kubernetes.io/part-of': platform.node.id },
        annotations: { [CONSTRUCT_PATH_ANNOTATION]: platform.node.path },
      },
      spec: {
        sources: [{ secret: { name: names.caSecret, key: TRUST_BUNDLE_KEY } }],
        target: {
          configMap: { key: TRUST_BUNDLE_KEY },
          namespaceSelector: { matchLabels: { ...MANAGED_BY, 'app.kubernetes.io/part-of': platform.node.id } },
        },
      },
    });
  }
  return names.caSecret;
}
