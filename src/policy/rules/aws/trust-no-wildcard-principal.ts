import { DocumentKind, isAllow, principalsOf, statementRule } from './util';
import { Severity } from '../../model';

/** IAM: trust policies never trust everyone. */
export const TRUST_NO_WILDCARD_PRINCIPAL = statementRule({
  id: 'AWS-005',
  severity: Severity.ERROR,
  title: 'Role trust policies do not trust "*"',
  description: 'A trust policy with `"Principal": "*"` or `{"AWS": "*"}` lets any AWS principal, in any account, assume the role if its other conditions hold.',
  fix: 'Trust exactly the service (`pods.eks.amazonaws.com`), OIDC provider or account that needs the role, with conditions that bind it to one workload.',
}, [DocumentKind.TRUST], s => {
  if (!isAllow(s)) return undefined;
  const wild = principalsOf(s).filter(([type, value]) => value === '*' && (type === '*' || type === 'AWS'));
  return wild.length === 0 ? undefined : 'trusts every principal ("*")';
});
