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
  description: 'An Allow statement on `"Resource": "*"` without a condition whose actions include, by the AWS Service Authorization Reference, `Write` actions (create, change, delete resources) or `Permissions management` actions (change policies, grants and ACLs, i.e. expose resources) lets a workload modify or expose every such resource of the account. Wildcard actions are expanded against the catalog, so `s3:Put*` counts for each write action it matches.',
  fix: 'Name the resources; for the few write actions that support only `*` (e.g. `xray:PutTraceSegments`), add a condition such as `aws:RequestedRegion` or `aws:ResourceTag/...`.',
}, [DocumentKind.IDENTITY], s => {
  if (!isAllow(s) || !onEveryResource(s) || hasCondition(s)) return undefined;
  const { write, permissions } = writeActions(s);
  const parts = [
    ...(permissions.length > 0 ? [`permissions-management action${permissions.length > 1 ? 's' : ''} ${sample(permissions)}`] : []),
    ...(write.length > 0 ? [`write action${write.length > 1 ? 's' : ''} ${sample(write)}`] : []),
  ];
  return parts.length === 0 ? undefined : `allows ${parts.join(' and ')} on "*" without a condition`;
});
