import { asList, DocumentKind, isAllow, principalsOf, Statement, statementRule } from './util';
import { Severity } from '../../model';

/** Whether a statement trusts a web identity (OIDC) provider. */
export function isWebIdentityTrust(s: Statement): boolean {
  return asList(s.Action).some(a => typeof a === 'string' && a.toLowerCase() === 'sts:assumerolewithwebidentity')
    || principalsOf(s).some(([type]) => type === 'Federated');
}

/** StringEquals condition values whose key ends in `suffix` (e.g. `:sub`). */
export function exactValues(s: Statement, suffix: string): string[] {
  return Object.entries(s.Condition?.StringEquals ?? {})
    .filter(([k]) => k.toLowerCase().endsWith(suffix))
    .flatMap(([, v]) => asList(v as any).map(String));
}

/** IAM: a web-identity trust binds the role to exact subjects and audiences. */
export const WEB_IDENTITY_TRUST_SCOPED = statementRule({
  id: 'AWS-008',
  severity: Severity.ERROR,
  title: 'Web identity (IRSA) trust checks the token subject and audience exactly',
  description: 'A role that trusts an OIDC provider (IRSA) can be assumed with a token of any service account of the cluster unless its trust policy requires the token `:sub` (system:serviceaccount:<ns>:<sa>) and `:aud` (sts.amazonaws.com) with StringEquals. StringLike with wildcards widens it.',
  fix: 'Add `"Condition": {"StringEquals": {"<issuer>:sub": "system:serviceaccount:<ns>:<sa>", "<issuer>:aud": "sts.amazonaws.com"}}`.',
}, [DocumentKind.TRUST], s => {
  if (!isAllow(s) || !isWebIdentityTrust(s)) return undefined;
  const missing = [':sub', ':aud'].filter(suffix => {
    const values = exactValues(s, suffix);
    return values.length === 0 || values.some(v => v === '' || /[*?]/.test(v));
  });
  return missing.length === 0 ? undefined : `trusts a web identity without exact StringEquals on ${missing.join(' and ')}`;
});
