import { describeRule, isBinding, isBootstrapDefault, isFullWildcard, isRole, rbacRules, RbacRule, referencedRole, ruleGrants, subjectsOf } from './rbac-util';
import { objectRule, RuleMeta } from './util';
import { Severity } from '../../model';

/** A rule over the rules of each Role and ClusterRole (except Kubernetes' own defaults). */
function roleRule(meta: RuleMeta, check: (rule: RbacRule) => string | undefined) {
  return objectRule(meta, o => (isRole(o.object) && !isBootstrapDefault(o.object)
    ? rbacRules(o.object).flatMap(r => {
      const problem = check(r);
      return problem === undefined ? [] : [`${describeRule(r)}: ${problem}`];
    }) : []));
}

/** RBAC: nothing is bound to cluster-admin or another all-powerful role. */
export const RBAC_NO_ADMIN_BINDING = objectRule({
  id: 'K8S-034',
  severity: Severity.ERROR,
  title: 'No bindings to cluster-admin or wildcard roles',
  description: 'A RoleBinding or ClusterRoleBinding to `cluster-admin`, or to a Role or ClusterRole granting every verb (`*`, or get, list, watch, create, update, patch and delete) on every resource of every API group (`*`), gives its subjects full control of the namespace or the cluster: reading every Secret, running any pod, changing RBAC. Workloads and people get roles with the verbs and resources they use.',
  fix: 'Bind a role that lists the API groups, resources and verbs the subject needs (for people, the built-in `view` or `edit` roles in one namespace).',
}, (o, input) => {
  if (!isBinding(o.object) || isBootstrapDefault(o.object)) return [];
  const ref = o.object.roleRef ?? {};
  const subjects = subjectsOf(o.object).join(', ') || 'no subjects';
  if (ref.kind === 'ClusterRole' && ref.name === 'cluster-admin') return [`binds ClusterRole cluster-admin to ${subjects}`];
  const role = referencedRole(input, o.object);
  if (role && rbacRules(role.object).some(isFullWildcard)) return [`binds ${ref.kind} ${ref.name}, which grants every verb on every resource, to ${subjects}`];
  return [];
});

/** RBAC: roles name their verbs, resources and API groups. */
export const RBAC_NO_WILDCARDS = roleRule({
  id: 'K8S-035',
  severity: Severity.ERROR,
  title: 'Roles use no wildcard verbs, resources or API groups',
  description: 'A Role or ClusterRole rule with `*` in `verbs`, `resources` or `apiGroups` grants everything that matches, including subresources such as `pods/exec` and resources that CRDs add later. Least privilege needs the exact lists.',
  fix: 'List the exact API groups, resources and verbs, e.g. `apiGroups: [""]`, `resources: [configmaps]`, `verbs: [get, list, watch]`.',
}, r => {
  const wild = [['verbs', r.verbs], ['resources', r.resources], ['apiGroups', r.apiGroups]].filter(([, xs]) => (xs as string[]).includes('*')).map(([k]) => k);
  return wild.length === 0 ? undefined : `wildcard in ${wild.join(', ')}`;
});

const EXEC_SUBRESOURCES = ['pods/exec', 'pods/attach', 'pods/portforward'];

/** RBAC: no shells into pods. */
export const RBAC_NO_POD_EXEC = roleRule({
  id: 'K8S-036',
  severity: Severity.ERROR,
  title: 'Roles do not allow exec, attach or port-forward into pods',
  description: 'Access to `pods/exec`, `pods/attach` or `pods/portforward` (verbs `create`, or `get` for the WebSocket forms) lets a subject run commands in, or connect to, every pod the role covers, with the pods\' service account tokens, mounted Secrets and network position.',
  fix: 'Remove the subresources from the role; debug with ephemeral containers under a separate, audited break-glass role.',
}, r => {
  const granted = EXEC_SUBRESOURCES.filter(sub => ['create', 'get'].some(v => ruleGrants(r, '', sub, v)));
  return granted.length === 0 ? undefined : `grants ${granted.join(', ')}`;
});

/** RBAC: no reading of Secrets. */
export const RBAC_NO_SECRET_READ = roleRule({
  id: 'K8S-037',
  severity: Severity.ERROR,
  title: 'Roles do not read Secrets',
  description: 'A role with `get`, `list` or `watch` on `secrets` (directly or through `*`) reads every Secret of the namespace, or of the cluster for a ClusterRole: service account tokens, TLS keys, database passwords. `list` and `watch` return the values too. Rules limited with `resourceNames` to named Secrets pass.',
  fix: 'Mount the Secrets the workload needs as volumes (or use the Secrets Store CSI driver) instead of reading them through the API; otherwise limit the rule with `resourceNames`.',
}, r => {
  if (r.resourceNames.length > 0) return undefined;
  const verbs = ['get', 'list', 'watch'].filter(v => ruleGrants(r, '', 'secrets', v));
  return verbs.length === 0 ? undefined : `grants ${verbs.join(', ')} on secrets`;
});

const ESCALATION_VERBS = ['escalate', 'bind', 'impersonate'];

/** RBAC: no verbs that bypass RBAC. */
export const RBAC_NO_ESCALATION = roleRule({
  id: 'K8S-038',
  severity: Severity.ERROR,
  title: 'Roles do not grant escalate, bind or impersonate',
  description: '`escalate` lets a subject write roles with permissions it does not hold, `bind` lets it bind roles it does not hold, and `impersonate` lets it act as another user, group or service account. Each bypasses RBAC\'s own protection against privilege escalation.',
  fix: 'Remove the verbs; grant the needed permissions directly instead.',
}, r => {
  const explicit = ESCALATION_VERBS.filter(v => r.verbs.includes(v));
  const viaWildcard = r.verbs.includes('*') ? [
    ...(['roles', 'clusterroles'].some(res => ruleGrants(r, 'rbac.authorization.k8s.io', res, 'escalate')) ? ['escalate', 'bind'] : []),
    ...(['users', 'groups', 'serviceaccounts'].some(res => ruleGrants(r, '', res, 'impersonate')) ? ['impersonate'] : []),
  ] : [];
  const verbs = [...new Set([...explicit, ...viaWildcard])];
  return verbs.length === 0 ? undefined : `grants ${verbs.join(', ')}`;
});
