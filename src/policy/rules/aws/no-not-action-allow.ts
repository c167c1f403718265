import { DocumentKind, isAllow, statementRule } from './util';
import { Severity } from '../../model';

/** IAM: no Allow with NotAction or NotResource. */
export const NO_NOT_ACTION_ALLOW = statementRule({
  id: 'AWS-003',
  severity: Severity.ERROR,
  title: 'No Allow with NotAction or NotResource',
  description: 'An Allow statement with `NotAction` or `NotResource` grants everything except what it lists, including actions and resources that do not exist yet. Such statements are almost always far broader than intended.',
  fix: 'Rewrite the statement with `Action` and `Resource` listing exactly what is allowed; use `NotAction`/`NotResource` only in Deny statements.',
}, [DocumentKind.IDENTITY, DocumentKind.RESOURCE, DocumentKind.TRUST], s => {
  if (!isAllow(s)) return undefined;
  const used = ['NotAction', 'NotResource', 'NotPrincipal'].filter(k => s[k] !== undefined);
  return used.length === 0 ? undefined : `Allow with ${used.join(' and ')}`;
});
