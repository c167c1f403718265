import { objectRule } from './util';
import { Severity } from '../../model';

const ENFORCE = 'pod-security.kubernetes.io/enforce';

/** PSA: namespaces enforce the restricted level. */
export const NAMESPACE_POD_SECURITY = objectRule({
  id: 'K8S-024',
  optOutControl: 'pod-security-level',
  severity: Severity.ERROR,
  title: 'Namespaces enforce Pod Security "restricted"',
  description: 'Pod Security Admission: a namespace labelled `pod-security.kubernetes.io/enforce: restricted` rejects any pod that breaks the restricted profile, including pods created later by hand or by an operator, not only those in this output.',
  fix: 'Label the namespace `pod-security.kubernetes.io/enforce: restricted` (and `audit`/`warn` too, with a pinned `-version`).',
}, o => {
  if (o.object.kind !== 'Namespace') return [];
  const level = o.object.metadata?.labels?.[ENFORCE];
  return level === 'restricted' ? [] : [level === undefined ? `has no ${ENFORCE} label` : `${ENFORCE} is "${level}"`];
});
