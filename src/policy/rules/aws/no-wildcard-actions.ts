import { asList, DocumentKind, isAllow, statementRule } from './util';
import { Severity } from '../../model';

/** IAM: allow statements name exact actions. */
export const NO_WILDCARD_ACTIONS = statementRule({
  id: 'AWS-001',
  severity: Severity.ERROR,
  title: 'No wildcard IAM actions',
  description: 'Allow statements of identity and resource policies must name exact actions. `*`, `s3:*` or `s3:Get*` grant every matching action, including ones AWS adds later, and break least privilege.',
  fix: 'List the exact actions the workload calls, e.g. `s3:GetObject` instead of `s3:Get*`.',
}, [DocumentKind.IDENTITY, DocumentKind.RESOURCE], s => {
  if (!isAllow(s)) return undefined;
  const wild = asList(s.Action).filter(a => typeof a === 'string' && /[*?]/.test(a));
  return wild.length === 0 ? undefined : `allows wildcard action${wild.length > 1 ? 's' : ''} ${wild.map(a => `"${a}"`).join(', ')}`;
});
