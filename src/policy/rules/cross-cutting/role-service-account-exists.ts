import { namespaceOf, objectsOfKind, crossRule, roleBindings, terraformFinding } from './util';
import { Severity } from '../../model';

/** Identity: every role binding names a ServiceAccount that exists. */
export const ROLE_SERVICE_ACCOUNT_EXISTS = crossRule({
  id: 'X-002',
  severity: Severity.ERROR,
  title: 'Every IAM role\'s trusted service account exists in the manifests',
  description: 'A Pod Identity association or IRSA trust policy that names a namespace/service account the manifests do not define is either stale or waiting for someone to create that service account and inherit the role. Checked when the input has Kubernetes objects.',
  fix: 'Bind the role to the service account the workload actually uses, or remove the stale association/trust.',
}, input => {
  if (input.kubernetes.length === 0) return [];
  const accounts = new Set(objectsOfKind(input, 'ServiceAccount').map(o => `${namespaceOf(o.object)}/${o.object?.metadata?.name}`));
  return roleBindings(input)
    .filter(b => !accounts.has(`${b.namespace}/${b.serviceAccount}`))
    .map(b => terraformFinding(b.source, `${b.mode === 'irsa' ? 'trusts' : 'associates'} service account ${b.namespace}/${b.serviceAccount}, which no manifest defines`));
});
