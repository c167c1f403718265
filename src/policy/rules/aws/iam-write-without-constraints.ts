import { hasCondition, onEveryResource, writeActions } from './iam-classes';
import { DocumentKind, isAllow, statementRule } from './util';
import { Severity } from '../../model';

function sample(actions: string[]): string {
  const shown = actions.slice(0, 5).map(a => `"${a}"`).join(', ');
  return actions.length > 5 ? `${shown} and ${actions.length - 5} more` : shown;
}

/** IAM: no write or permissions-management access on "*" without a condition. */
export const IAM_WRITE_WITHOUT_CONSTRAINTS = statementRule({
  id: 'AWS-025',
  severity: Severity.ERROR,
  title: 'Identity policies allow no write or permissions-management access without constraints',
  description: 'An Allow statement on `"Resource": "*"` without a condition whose actions include, by the AWS Service Authorization Reference, `Write` actions (create, change, delete resources) or `Permissions management` actions (change policies, grants and ACLs, i.e. expose resources) that support resource-level permissions lets a workload modify or expose every such resource of the account, where it could have named them. Wildcard actions are expanded against the catalog, so `s3:Put*` counts for each write action it matches; actions that AWS authorizes only on `*` (e.g. `xray:PutTraceSegments`) cannot be constrained by resource and are not counted.',
  fix: 'Name the resources the actions apply to (bucket, queue, table, role ARNs), or constrain the statement with a condition such as `aws:ResourceTag/<key>` or `aws:RequestedRegion`.',
}, [DocumentKind.IDENTITY], s => {
  if (!isAllow(s) || !onEveryResource(s) || hasCondition(s)) return undefined;
  const { write, permissions } = writeActions(s);
  const parts = [
    ...(permissions.length > 0 ? [`permissions-management action${permissions.length > 1 ? 's' : ''} ${sample(permissions)}`] : []),
    ...(write.length > 0 ? [`write action${write.length > 1 ? 's' : ''} ${sample(write)}`] : []),
  ];
  return parts.length === 0 ? undefined : `allows ${parts.join(' and ')} on "*" without a condition`;
});
