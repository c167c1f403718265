import { crossRule, roleBindings, terraformFinding, trustStatements } from './util';
import { Severity } from '../../model';
import { POD_IDENTITY_PRINCIPAL } from '../aws/pod-identity-trust-scoped';
import { asList, conditionValues, principalsOf } from '../aws/util';

/** Identity: a Pod Identity association's role trusts exactly that service account. */
export const POD_IDENTITY_TRUST_MATCHES = crossRule({
  id: 'X-008',
  severity: Severity.ERROR,
  title: 'Pod Identity associations and role trust policies agree',
  description: 'An EKS Pod Identity association hands a role to one namespace/service account. The role\'s trust policy must trust pods.eks.amazonaws.com for that same namespace and service account, or the association either fails or the role is also open to other service accounts.',
  fix: 'Make the trust policy\'s `aws:RequestTag/kubernetes-namespace` and `aws:RequestTag/kubernetes-service-account` conditions equal the association\'s namespace and service account.',
}, input => roleBindings(input).filter(b => b.mode === 'pod-identity').flatMap(b => {
  const statements = trustStatements(input, b.role).filter(s => s.Effect === 'Allow'
    && principalsOf(s).some(([type, v]) => type === 'Service' && v === POD_IDENTITY_PRINCIPAL));
  if (statements.length === 0) return [terraformFinding(b.source, `role ${b.role.type}.${b.role.name} does not trust ${POD_IDENTITY_PRINCIPAL}`)];
  const matches = statements.some(s => {
    const ns = conditionValues(s, ['StringEquals'], 'aws:RequestTag/kubernetes-namespace');
    const sa = conditionValues(s, ['StringEquals'], 'aws:RequestTag/kubernetes-service-account');
    return asList(ns).length === 1 && ns[0] === b.namespace && sa.length === 1 && sa[0] === b.serviceAccount;
  });
  return matches ? [] : [terraformFinding(b.source, `role ${b.role.type}.${b.role.name} does not trust exactly ${b.namespace}/${b.serviceAccount}`)];
}));
