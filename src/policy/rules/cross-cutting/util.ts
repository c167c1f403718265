import { IRule, KubernetesObject, PolicyInput, RuleFinding, Severity, TerraformResource } from '../../model';
import { selects } from '../../selectors';
import { findingFor as terraformFinding, asList, blocks, designates, inInputOrder, positionOf, referencedResourceOfType, resourcesDesignating, resourcesOfType, Statement, statementsOf } from '../aws/util';
import { isWebIdentityTrust } from '../aws/web-identity-trust-scoped';
import { podSpecs } from '../kubernetes/util';

export { selects };

export { asList, terraformFinding };

/** Metadata of a rule of the cross-cutting pack. */
export interface CrossRuleMeta {
  readonly id: string;
  readonly severity: Severity;
  readonly title: string;
  readonly description: string;
  readonly fix: string;
}

/** A rule of the cross-cutting pack. */
export function crossRule(meta: CrossRuleMeta, check: (input: PolicyInput) => RuleFinding[]): IRule {
  return { ...meta, pack: 'cross-cutting', check };
}

/** Human-readable name of an object: `Deployment orders/orders`. */
export function describeObject(object: any): string {
  const ns = object?.metadata?.namespace;
  return `${object?.kind} ${ns ? `${ns}/` : ''}${object?.metadata?.name ?? '<unnamed>'}`;
}

/** A finding about a Kubernetes object. */
export function objectFinding(o: KubernetesObject, message: string): RuleFinding {
  return { constructPath: o.constructPath, file: o.file, resource: describeObject(o.object), message };
}

/** Namespace of a namespaced object (`default` when unset). */
export function namespaceOf(object: any): string {
  return object?.metadata?.namespace ?? 'default';
}

/** A workload's pod template. */
export interface Workload {
  readonly owner: KubernetesObject;
  readonly namespace: string;
  readonly labels: { [key: string]: string };
  readonly spec: any;
}

/**
 * Every object that makes pods (Pod, ReplicaSet, ReplicationController, Deployment, StatefulSet,
 * DaemonSet, Job, CronJob) with its pod template, from the pod-template extractor all pod rules share.
 */
export function workloads(input: PolicyInput): Workload[] {
  return podSpecs(input).map(p => ({
    owner: p.owner,
    namespace: namespaceOf(p.owner.object),
    labels: p.metadata?.labels ?? {},
    spec: p.spec ?? {},
  }));
}

const kindCache = new WeakMap<PolicyInput, Map<unknown, KubernetesObject[]>>();

/** Objects of one kind, in input order (computed once per input; shared: do not modify). */
export function objectsOfKind(input: PolicyInput, kind: string): KubernetesObject[] {
  let byKind = kindCache.get(input);
  if (!byKind) {
    byKind = new Map();
    for (const o of input.kubernetes) {
      const k = o.object?.kind;
      const list = byKind.get(k);
      if (list) list.push(o);
      else byKind.set(k, [o]);
    }
    kindCache.set(input, byKind);
  }
  return byKind.get(kind) ?? [];
}


/** Whether a selector is empty (selects every pod). */
export function isEmptySelector(selector: any): boolean {
  return !!selector && typeof selector === 'object'
    && Object.keys(selector.matchLabels ?? {}).length === 0 && asList(selector.matchExpressions).length === 0;
}

/** `system:serviceaccount:<ns>:<sa>` parsed. */
export function parseSubject(sub: string): { namespace: string; serviceAccount: string } | undefined {
  const m = /^system:serviceaccount:([^:*?]+):([^:*?]+)$/.exec(sub);
  return m ? { namespace: m[1], serviceAccount: m[2] } : undefined;
}

/** An IAM role bound to a Kubernetes service account. */
export interface RoleBinding {
  readonly role: TerraformResource;
  /** The resource that states the binding: the Pod Identity association or the role itself (IRSA). */
  readonly source: TerraformResource;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly mode: 'pod-identity' | 'irsa';
}

/** The role's trust statements. */
export function trustStatements(input: PolicyInput, role: TerraformResource): Statement[] {
  return statementsOf(input, role, role.config?.assume_role_policy) ?? [];
}

const bindingsCache = new WeakMap<PolicyInput, RoleBinding[]>();

/** Every role/service-account binding: Pod Identity associations and IRSA trust `:sub` conditions. */
export function roleBindings(input: PolicyInput): RoleBinding[] {
  // Rules ask once per object; the bindings of an input are computed once.
  const cached = bindingsCache.get(input);
  if (cached) return cached;
  const roles = resourcesOfType(input, 'aws_iam_role');
  const result: RoleBinding[] = [];
  bindingsCache.set(input, result);
  for (const a of resourcesOfType(input, 'aws_eks_pod_identity_association')) {
    // By index: the first role referred to, else the first role named by a literal ARN.
    const role = referencedResourceOfType(input, a.config?.role_arn, 'aws_iam_role', a.stack) ?? rolesNamed(input, roleNameOfArn(a.config?.role_arn))[0];
    if (role && typeof a.config?.namespace === 'string' && typeof a.config?.service_account === 'string') {
      result.push({ role, source: a, namespace: a.config.namespace, serviceAccount: a.config.service_account, mode: 'pod-identity' });
    }
  }
  for (const role of roles) {
    for (const s of trustStatements(input, role).filter(st => st.Effect === 'Allow' && isWebIdentityTrust(st))) {
      for (const op of ['StringEquals', 'StringLike']) {
        for (const [k, v] of Object.entries(s.Condition?.[op] ?? {})) {
          if (!k.toLowerCase().endsWith(':sub')) continue;
          for (const sub of asList(v as any)) {
            const parsed = typeof sub === 'string' ? parseSubject(sub) : undefined;
            if (parsed) result.push({ role, source: role, ...parsed, mode: 'irsa' });
          }
        }
      }
    }
  }
  return result;
}

/** The role name in a role ARN (`arn:<p>:iam::<acct>:role/<path>/<name>`). */
export function roleNameOfArn(arn: unknown): string | undefined {
  if (typeof arn !== 'string') return undefined;
  const m = /^arn:[a-z-]+:iam::\d{12}:role\/(?:.*\/)?([^/]+)$/.exec(arn);
  return m?.[1];
}

/** Whether a literal role ARN designates `role` (by its `name`). */
export function roleArnMatches(arn: unknown, role: TerraformResource): boolean {
  const name = roleNameOfArn(arn);
  return name !== undefined && role.config?.name === name;
}

const rolesByNameCache = new WeakMap<PolicyInput, Map<string, TerraformResource[]>>();

/** The `aws_iam_role`s whose `name` is `name`, in input order (those a literal ARN with that name matches). */
export function rolesNamed(input: PolicyInput, name: string | undefined): TerraformResource[] {
  if (name === undefined) return [];
  let byName = rolesByNameCache.get(input);
  if (!byName) {
    byName = new Map();
    for (const r of resourcesOfType(input, 'aws_iam_role')) {
      const n = r.config?.name;
      if (typeof n !== 'string') continue;
      const list = byName.get(n);
      if (list) list.push(r);
      else byName.set(n, [r]);
    }
    rolesByNameCache.set(input, byName);
  }
  return byName.get(name) ?? [];
}

/** Per input: bindings by namespace and service account, and the first ServiceAccount object of each. */
interface ServiceAccountIndex {
  readonly bindings: Map<string, Map<string, RoleBinding[]>>;
  readonly accounts: Map<unknown, Map<unknown, KubernetesObject>>;
}

const accountIndexCache = new WeakMap<PolicyInput, ServiceAccountIndex>();

function serviceAccountIndex(input: PolicyInput): ServiceAccountIndex {
  let index = accountIndexCache.get(input);
  if (index) return index;
  index = { bindings: new Map(), accounts: new Map() };
  for (const b of roleBindings(input)) {
    let byName = index.bindings.get(b.namespace);
    if (!byName) index.bindings.set(b.namespace, byName = new Map());
    const list = byName.get(b.serviceAccount);
    if (list) list.push(b);
    else byName.set(b.serviceAccount, [b]);
  }
  for (const o of objectsOfKind(input, 'ServiceAccount')) {
    const ns = namespaceOf(o.object);
    let byName = index.accounts.get(ns);
    if (!byName) index.accounts.set(ns, byName = new Map());
    const name = o.object?.metadata?.name;
    if (!byName.has(name)) byName.set(name, o);
  }
  accountIndexCache.set(input, index);
  return index;
}

/** The roles a ServiceAccount's workloads assume: by Pod Identity or IRSA trust, and by its role-arn annotation. */
export function rolesOfServiceAccount(input: PolicyInput, namespace: string, serviceAccount: string): TerraformResource[] {
  const index = serviceAccountIndex(input);
  const roles = new Set<TerraformResource>();
  for (const b of index.bindings.get(namespace)?.get(serviceAccount) ?? []) roles.add(b.role);
  const sa = index.accounts.get(namespace)?.get(serviceAccount);
  const arn = sa?.object?.metadata?.annotations?.[ROLE_ARN_ANNOTATION];
  if (arn) {
    for (const r of rolesNamed(input, roleNameOfArn(arn))) roles.add(r);
  }
  return [...roles];
}

/** The IRSA annotation on a ServiceAccount. */
export const ROLE_ARN_ANNOTATION = 'eks.amazonaws.com/role-arn';

/** An identity policy attached to a role, parsed. */
export interface AttachedPolicy {
  readonly resource: TerraformResource;
  readonly statements: Statement[];
}

/** The identity policies of a role that can be read from the configuration (inline, role policies, attached customer policies). */
export function identityPoliciesOf(input: PolicyInput, role: TerraformResource): AttachedPolicy[] {
  const result: AttachedPolicy[] = [];
  for (const p of blocks(role.config?.inline_policy)) {
    const statements = statementsOf(input, role, p.policy);
    if (statements) result.push({ resource: role, statements });
  }
  const attachesRole = (value: any) => designates(value, role, ['name']);
  // By index: only the resources that can attach a policy to the role (and the role itself), in
  // input order, instead of every resource of the stack.
  const candidates = [
    ...resourcesDesignating(input, 'aws_iam_role_policy', 'role', role, ['name']),
    ...resourcesDesignating(input, 'aws_iam_role_policy_attachment', 'role', role, ['name']),
    ...resourcesDesignating(input, 'aws_iam_policy_attachment', 'roles', role, ['name'], true),
    ...(positionOf(input, role) !== undefined ? [role] : []),
  ];
  for (const r of inInputOrder(input, candidates).filter(t => t.stack === role.stack)) {
    if (r.type === 'aws_iam_role_policy' && attachesRole(r.config?.role)) {
      const statements = statementsOf(input, r, r.config?.policy);
      if (statements) result.push({ resource: r, statements });
    }
    const attached: any[] = r.type === 'aws_iam_role_policy_attachment' && attachesRole(r.config?.role) ? [r.config?.policy_arn]
      : r.type === 'aws_iam_policy_attachment' && asList(r.config?.roles).some(attachesRole) ? [r.config?.policy_arn]
        : [];
    if (r === role) attached.push(...asList(role.config?.managed_policy_arns));
    for (const arn of attached) {
      const policy = referencedResourceOfType(input, arn, 'aws_iam_policy', r.stack);
      const statements = policy ? statementsOf(input, policy, policy.config?.policy) : undefined;
      if (policy && statements) result.push({ resource: policy, statements });
    }
  }
  return result;
}
