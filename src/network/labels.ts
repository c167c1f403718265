/** Label keys and values shared by every object the library writes. */
export const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'secure-constructs' };

/** Label that Kubernetes sets on every namespace to its name. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** Pod Security Admission level and version the library's namespaces enforce. */
export const PSA_LEVEL = 'restricted';
export const PSA_VERSION = 'v1.33';

/** Labels of a namespace the library creates, enforcing Pod Security Standards "restricted". */
export function namespaceLabels(platformId: string): { [key: string]: string } {
  return {
    ...MANAGED_BY,
    'app.kubernetes.io/part-of': platformId,
    'pod-security.kubernetes.io/enforce': PSA_LEVEL,
    'pod-security.kubernetes.io/enforce-version': PSA_VERSION,
    'pod-security.kubernetes.io/audit': PSA_LEVEL,
    'pod-security.kubernetes.io/audit-version': PSA_VERSION,
    'pod-security.kubernetes.io/warn': PSA_LEVEL,
    'pod-security.kubernetes.io/warn-version': PSA_VERSION,
  };
}

/** Annotation that records the logical construct path of every object the library writes. */
export const CONSTRUCT_PATH_ANNOTATION = 'secure-constructs.io/construct-path';
