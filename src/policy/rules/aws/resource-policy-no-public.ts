import { DocumentKind, isAllow, principalsOf, statementRule } from './util';
import { Severity } from '../../model';

/** IAM: resource policies do not allow everyone unconditionally. */
export const RESOURCE_POLICY_NO_PUBLIC = statementRule({
  id: 'AWS-006',
  severity: Severity.ERROR,
  title: 'Resource policies do not allow "*" without conditions',
  description: 'A bucket, key, queue, topic or secret policy that allows `"Principal": "*"` without a Condition makes the resource public to every AWS account and, for some services, to anonymous callers.',
  fix: 'Name the principals (account roots or role ARNs), or add conditions such as `aws:PrincipalAccount`, `aws:SourceArn` or `aws:PrincipalOrgID`.',
}, [DocumentKind.RESOURCE], s => {
  if (!isAllow(s) || (s.Condition && Object.keys(s.Condition).length > 0)) return undefined;
  const wild = principalsOf(s).some(([type, value]) => value === '*' && (type === '*' || type === 'AWS'));
  return wild ? 'allows every principal ("*") without a condition' : undefined;
});
