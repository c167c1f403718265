import { hasCondition } from './iam-classes';
import { DocumentKind, isAllow, principalsOf, statementRule } from './util';
import { Severity } from '../../model';

const ACCOUNT_ROOT = /^arn:aws[a-z-]*:iam::(\d{12}):root$/;

/** The account ids a principal value trusts as a whole (`arn:aws:iam::<id>:root` or a bare id). */
export function wholeAccounts(value: string): string | undefined {
  if (/^\d{12}$/.test(value)) return value;
  return ACCOUNT_ROOT.exec(value)?.[1];
}

/** IAM: a role's trust names identities, not a whole account. */
export const TRUST_NO_WHOLE_ACCOUNT = statementRule({
  id: 'AWS-026',
  severity: Severity.ERROR,
  title: 'Role trust policies do not trust a whole account without conditions',
  description: 'A trust policy with `"Principal": {"AWS": "arn:aws:iam::<account>:root"}` (or the bare account id) lets every user and role of that account that is allowed `sts:AssumeRole` assume the role; without a condition (`aws:PrincipalArn`, `sts:ExternalId`, `aws:MultiFactorAuthPresent`...) the role is only as safe as the least careful identity policy of that account.',
  fix: 'Trust the exact role ARNs (or the service principal) that assume the role, or add a condition that names them, e.g. `"ArnEquals": {"aws:PrincipalArn": "arn:aws:iam::<account>:role/deployer"}`.',
}, [DocumentKind.TRUST], s => {
  if (!isAllow(s) || hasCondition(s)) return undefined;
  const accounts = principalsOf(s).filter(([type]) => type === 'AWS').map(([, v]) => wholeAccounts(v)).filter((a): a is string => a !== undefined);
  return accounts.length === 0 ? undefined : `trusts the whole account${accounts.length > 1 ? 's' : ''} ${accounts.join(', ')} without a condition`;
});
