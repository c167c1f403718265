import { asList, conditionKeys, DocumentKind, isAllow, principalsOf, statementRule } from './util';
import { Severity } from '../../model';

/** The principal EKS Pod Identity assumes roles as. */
export const POD_IDENTITY_PRINCIPAL = 'pods.eks.amazonaws.com';

const REQUIRED = ['aws:SourceAccount', 'aws:RequestTag/kubernetes-namespace', 'aws:RequestTag/kubernetes-service-account'];

/** IAM: a Pod Identity trust binds the role to one account, namespace and service account. */
export const POD_IDENTITY_TRUST_SCOPED = statementRule({
  id: 'AWS-007',
  severity: Severity.ERROR,
  title: 'EKS Pod Identity trust is scoped to one namespace and service account',
  description: 'A role that trusts `pods.eks.amazonaws.com` can be associated with any service account of any cluster in the account unless its trust policy requires `aws:SourceAccount` and the session tags `kubernetes-namespace` and `kubernetes-service-account` with StringEquals.',
  fix: 'Add `"Condition": {"StringEquals": {"aws:SourceAccount": "<account>", "aws:RequestTag/kubernetes-namespace": "<ns>", "aws:RequestTag/kubernetes-service-account": "<sa>"}}`.',
}, [DocumentKind.TRUST], s => {
  if (!isAllow(s) || !principalsOf(s).some(([type, v]) => type === 'Service' && v === POD_IDENTITY_PRINCIPAL)) return undefined;
  const keys = conditionKeys(s, ['StringEquals']);
  const missing = REQUIRED.filter(k => !keys.includes(k.toLowerCase()));
  const wild = REQUIRED.filter(k => !missing.includes(k)).filter(k => Object.entries(s.Condition.StringEquals)
    .some(([ck, v]) => ck.toLowerCase() === k.toLowerCase() && asList(v as any).some(x => typeof x !== 'string' || x === '' || /[*?]/.test(x))));
  const problems = [
    ...(missing.length ? [`StringEquals lacks ${missing.join(', ')}`] : []),
    ...(wild.length ? [`${wild.join(', ')} must be exact values`] : []),
  ];
  return problems.length === 0 ? undefined : `trusts ${POD_IDENTITY_PRINCIPAL} but ${problems.join('; ')}`;
});
