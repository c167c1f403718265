import { KubernetesObject, PolicyInput } from '../../model';

/** One rule of a Role or ClusterRole, with its lists normalized. */
export interface RbacRule {
  readonly index: number;
  readonly apiGroups: string[];
  readonly resources: string[];
  readonly verbs: string[];
  readonly resourceNames: string[];
  readonly nonResourceURLs: string[];
}

const strings = (x: any): string[] => (Array.isArray(x) ? x : x === undefined || x === null ? [] : [x]).filter((v: any) => typeof v === 'string');

/** Whether an object is a Role or ClusterRole of the RBAC API. */
export function isRole(object: any): boolean {
  return (object?.kind === 'Role' || object?.kind === 'ClusterRole') && isRbacApi(object);
}

/** Whether an object is a RoleBinding or ClusterRoleBinding of the RBAC API. */
export function isBinding(object: any): boolean {
  return (object?.kind === 'RoleBinding' || object?.kind === 'ClusterRoleBinding') && isRbacApi(object);
}

function isRbacApi(object: any): boolean {
  return typeof object?.apiVersion !== 'string' || object.apiVersion.startsWith('rbac.authorization.k8s.io/');
}

/** Whether Kubernetes itself writes the object (the default roles and bindings, label `kubernetes.io/bootstrapping: rbac-defaults`). */
export function isBootstrapDefault(object: any): boolean {
  return object?.metadata?.labels?.['kubernetes.io/bootstrapping'] === 'rbac-defaults';
}

/** The rules of a Role or ClusterRole. */
export function rbacRules(role: any): RbacRule[] {
  return (Array.isArray(role?.rules) ? role.rules : []).map((r: any, index: number) => ({
    index,
    apiGroups: strings(r?.apiGroups),
    resources: strings(r?.resources),
    verbs: strings(r?.verbs),
    resourceNames: strings(r?.resourceNames),
    nonResourceURLs: strings(r?.nonResourceURLs),
  }));
}

/** Whether a rule grants `verb` on `resource` (`pods/exec` for a subresource) of API group `group`, as the RBAC authorizer matches them. */
export function ruleGrants(rule: RbacRule, group: string, resource: string, verb: string): boolean {
  const [base, sub] = resource.split('/');
  const resourceMatches = rule.resources.some(r => r === '*' || r === resource || (sub !== undefined && r === `*/${sub}`) || (sub === undefined && r === base));
  return (rule.apiGroups.includes('*') || rule.apiGroups.includes(group)) && resourceMatches
    && (rule.verbs.includes('*') || rule.verbs.includes(verb));
}

/** The verbs of the API's resources: a rule with all of them on everything is as strong as `*`. */
export const STANDARD_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];

/** Whether a rule grants every verb (`*`, or all the standard verbs) on every resource of every API group. */
export function isFullWildcard(rule: RbacRule): boolean {
  return rule.apiGroups.includes('*') && rule.resources.includes('*')
    && (rule.verbs.includes('*') || STANDARD_VERBS.every(v => rule.verbs.includes(v)));
}

/** A short description of a rule: `rules[0] (apiGroups [""], resources [secrets], verbs [get, list])`. */
export function describeRule(rule: RbacRule): string {
  const list = (xs: string[]) => `[${xs.map(x => (x === '' ? '""' : x)).join(', ')}]`;
  return `rules[${rule.index}] (apiGroups ${list(rule.apiGroups)}, resources ${list(rule.resources)}, verbs ${list(rule.verbs)})`;
}

const rolesCache = new WeakMap<PolicyInput, Map<string, KubernetesObject>>();

/** The Role or ClusterRole a binding's `roleRef` names, when it is part of the input. */
export function referencedRole(input: PolicyInput, binding: any): KubernetesObject | undefined {
  let roles = rolesCache.get(input);
  if (!roles) {
    roles = new Map();
    for (const o of input.kubernetes) {
      if (!isRole(o.object)) continue;
      const key = o.object.kind === 'ClusterRole' ? `ClusterRole//${o.object.metadata?.name}` : `Role/${o.object.metadata?.namespace ?? 'default'}/${o.object.metadata?.name}`;
      if (!roles.has(key)) roles.set(key, o);
    }
    rolesCache.set(input, roles);
  }
  const ref = binding?.roleRef;
  if (ref?.kind === 'ClusterRole') return roles.get(`ClusterRole//${ref.name}`);
  if (ref?.kind === 'Role') return roles.get(`Role/${binding.metadata?.namespace ?? 'default'}/${ref.name}`);
  return undefined;
}

/** The subjects of a binding: `ServiceAccount orders/orders`, `Group system:masters`. */
export function subjectsOf(binding: any): string[] {
  return (Array.isArray(binding?.subjects) ? binding.subjects : []).map((s: any) =>
    `${s?.kind} ${s?.kind === 'ServiceAccount' ? `${s.namespace ?? binding.metadata?.namespace ?? 'default'}/` : ''}${s?.name}`);
}
