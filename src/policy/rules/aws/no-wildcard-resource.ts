import { asList, DocumentKind, isAllow, statementRule } from './util';
import { isWildcardOnlyAction } from './wildcard-only-actions';
import { Severity } from '../../model';

/** IAM: `Resource: "*"` only for actions that cannot be scoped. */
export const NO_WILDCARD_RESOURCE = statementRule({
  id: 'AWS-002',
  severity: Severity.ERROR,
  title: 'No "Resource": "*" where resource-level permissions exist',
  description: 'Identity policy statements that allow actions supporting resource-level permissions must name the resources. `"Resource": "*"` lets the workload act on every such resource in the account. Only actions that AWS authorizes on `*` alone (e.g. `sts:GetCallerIdentity`, `ecr:GetAuthorizationToken`) may use it.',
  fix: 'Name the exact ARNs (or Terraform references to them); move actions that only support `*` into their own statement.',
}, [DocumentKind.IDENTITY], s => {
  if (!isAllow(s) || !asList(s.Resource).includes('*')) return undefined;
  const scoped = asList(s.Action).filter(a => typeof a === 'string' && !isWildcardOnlyAction(a));
  return scoped.length === 0 ? undefined
    : `"Resource": "*" with resource-scoped actions ${scoped.map(a => `"${a}"`).join(', ')}`;
});
