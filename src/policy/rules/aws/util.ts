import { jsonencodeArgument } from './hcl';
import { IRule, PolicyInput, RuleFinding, Severity, TerraformResource } from '../../model';

/** Metadata of a rule of the AWS pack. */
export interface AwsRuleMeta {
  readonly id: string;
  readonly severity: Severity;
  readonly title: string;
  readonly description: string;
  readonly fix: string;
}

/** Human-readable name of a Terraform resource: `aws_iam_role.orders_Role`. */
export function describeResource(r: TerraformResource): string {
  return `${r.type}.${r.name}`;
}

/** A finding about a Terraform resource. */
export function findingFor(r: TerraformResource, message: string): RuleFinding {
  return { constructPath: r.constructPath, file: r.file, resource: describeResource(r), message };
}

/** A rule over the whole input. */
export function awsRule(meta: AwsRuleMeta, check: (input: PolicyInput) => RuleFinding[]): IRule {
  return { ...meta, pack: 'aws', check };
}

/** A rule that looks at each resource of the given types on its own. */
export function resourceRule(meta: AwsRuleMeta, types: string[],
  check: (r: TerraformResource, input: PolicyInput) => string[]): IRule {
  const wanted = new Set(types);
  return awsRule(meta, input => (wanted.size === 1 ? resourcesOfType(input, types[0]) : input.terraform.filter(r => wanted.has(r.type)))
    .flatMap(r => check(r, input).map(m => findingFor(r, m))));
}

/*
 * Indexes of an input's Terraform resources, built once per input (rules run once per resource, so
 * scanning all resources per resource would be quadratic). The input is not modified while rules
 * run; the arrays returned are shared and must not be modified by callers.
 */

interface TerraformIndex {
  /** Position of each resource in `input.terraform`. */
  readonly position: Map<TerraformResource, number>;
  /** Resources by type, in input order. */
  readonly byType: Map<string, TerraformResource[]>;
  /** Resources by address `type.name`, in input order (stacks may repeat an address). */
  readonly byAddress: Map<string, TerraformResource[]>;
  /** {@link designatingIndex}es built so far, by `type` and `field`. */
  readonly designating: Map<string, DesignatingIndex>;
}

const indexCache = new WeakMap<PolicyInput, TerraformIndex>();
const NONE: TerraformResource[] = [];

function terraformIndex(input: PolicyInput): TerraformIndex {
  let index = indexCache.get(input);
  if (index) return index;
  index = { position: new Map(), byType: new Map(), byAddress: new Map(), designating: new Map() };
  input.terraform.forEach((r, i) => {
    index!.position.set(r, i);
    pushTo(index!.byType, r.type, r);
    pushTo(index!.byAddress, `${r.type}.${r.name}`, r);
  });
  indexCache.set(input, index);
  return index;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The resources of one type, in input order (shared: do not modify). */
export function resourcesOfType(input: PolicyInput, type: string): TerraformResource[] {
  return terraformIndex(input).byType.get(type) ?? NONE;
}

/** Position of a resource in `input.terraform`; undefined when it is not part of the input. */
export function positionOf(input: PolicyInput, r: TerraformResource): number | undefined {
  return terraformIndex(input).position.get(r);
}

/** `resources` (each at most once) in input order. */
export function inInputOrder(input: PolicyInput, resources: Iterable<TerraformResource>): TerraformResource[] {
  const position = terraformIndex(input).position;
  return [...new Set(resources)].sort((a, b) => (position.get(a) ?? -1) - (position.get(b) ?? -1));
}

/**
 * Every address `a` for which `refersTo(value, r)` holds when `${r.type}.${r.name}` is `a`: each `a`
 * such that `${a.` occurs in `value`, and `a` when `value` is `${a}`.
 */
function referencedAddresses(value: any): string[] {
  if (typeof value !== 'string') return [];
  const result: string[] = [];
  if (value.startsWith('${') && value.endsWith('}') && value.length >= 3) result.push(value.slice(2, -1));
  for (let p = value.indexOf('${'); p >= 0; p = value.indexOf('${', p + 1)) {
    for (let q = value.indexOf('.', p + 2); q >= 0; q = value.indexOf('.', q + 1)) result.push(value.slice(p + 2, q));
    // An indexed reference (`aws_s3_bucket.this[each.key].id`, `aws_s3_bucket.logs[0].arn`) names
    // the resource of every instance.
    const indexed = INDEXED_REFERENCE.exec(value.slice(p + 2));
    if (indexed) result.push(indexed[1]);
  }
  return result;
}

const INDEXED_REFERENCE = /^\s*((?:data\.)?[A-Za-z_][\w-]*\.[A-Za-z_][\w-]*)\s*\[/;

/**
 * Whether a value is a whole input variable or local value (`${var.bucket_name}`,
 * `${local.names["logs"]}`): two arguments holding the same such expression hold the same value.
 */
export function isSharedExpression(x: any): boolean {
  return typeof x === 'string' && /^\$\{\s*(var|local)\.[A-Za-z_][\w-]*(\[[^\]]*\]|\.[A-Za-z_][\w-]*)*\s*\}$/.test(x);
}

/**
 * The first resource of `type` (in input order) that `value` refers to: the same as
 * `referencedResource(value, input.terraform.filter(t => t.type === type))`, by index. A
 * Terraform reference names a resource of its own configuration, so pass the referring resource's
 * `stack` to resolve it there (two stacks may hold resources with the same address).
 */
export function referencedResourceOfType(input: PolicyInput, value: any, type: string, stack?: string): TerraformResource | undefined {
  const index = terraformIndex(input);
  let best: TerraformResource | undefined;
  let bestPosition = Infinity;
  for (const address of referencedAddresses(value)) {
    for (const r of index.byAddress.get(address) ?? NONE) {
      const position = index.position.get(r)!;
      if (r.type === type && (stack === undefined || r.stack === stack) && position < bestPosition) {
        best = r;
        bestPosition = position;
      }
    }
  }
  return best;
}

/** Resources of one type by what one of their arguments designates (by reference or by literal value). */
interface DesignatingIndex {
  /** By address referred to (see {@link refersTo}). */
  readonly byAddress: Map<string, TerraformResource[]>;
  /** By literal (non-reference) string value, or by the same `var`/`local` expression. */
  readonly byLiteral: Map<string, TerraformResource[]>;
}

function designatingIndex(input: PolicyInput, type: string, field: string, list: boolean): DesignatingIndex {
  const index = terraformIndex(input);
  const key = `${type}\0${field}\0${list}`;
  let result = index.designating.get(key);
  if (result) return result;
  result = { byAddress: new Map(), byLiteral: new Map() };
  for (const r of index.byType.get(type) ?? NONE) {
    const raw = r.config?.[field];
    for (const value of list ? asList<any>(raw) : [raw]) {
      for (const address of new Set(referencedAddresses(value))) pushTo(result.byAddress, address, r);
      if (typeof value === 'string' && (!isReference(value) || isSharedExpression(value))) pushTo(result.byLiteral, value, r);
    }
  }
  index.designating.set(key, result);
  return result;
}

/**
 * The resources of `type`, in input order, whose argument `field` designates `target` (see
 * {@link designates}); with `list`, whose argument `field` is a list (or a value) with an element
 * that does. The same as filtering `input.terraform` with `designates`, by index.
 */
export function resourcesDesignating(input: PolicyInput, type: string, field: string, target: TerraformResource,
  literalKeys: string[], list = false): TerraformResource[] {
  const index = designatingIndex(input, type, field, list);
  const found: TerraformResource[] = [...index.byAddress.get(`${target.type}.${target.name}`) ?? NONE];
  for (const k of literalKeys) {
    const literal = target.config?.[k];
    if (typeof literal === 'string' && (!isReference(literal) || isSharedExpression(literal))) found.push(...index.byLiteral.get(literal) ?? NONE);
  }
  return found.length === 0 ? NONE : inInputOrder(input, found);
}

/** A value, a list or nothing, as a list. */
export function asList<T = any>(x: T | T[] | undefined | null): T[] {
  return x === undefined || x === null ? [] : Array.isArray(x) ? x : [x];
}

/** A nested block, which cdktf writes as an object or a list of objects, as a list. */
export function blocks(x: any): any[] {
  return asList(x).filter(b => b && typeof b === 'object');
}

/** Whether a Terraform argument is true (`true` or `"true"`). */
export function isTrue(x: any): boolean {
  return x === true || x === 'true';
}

/** Whether a value is a whole Terraform expression such as `${aws_kms_key.x.arn}`. */
export function isReference(x: any): boolean {
  return typeof x === 'string' && /^\$\{[^}]+\}$/.test(x);
}

/**
 * Whether `value` refers to the resource `type.name`: `${type.name.attr}` anywhere in it, or an
 * indexed `${type.name[<index>]...}`.
 */
export function refersTo(value: any, r: { type: string; name: string }): boolean {
  if (typeof value !== 'string') return false;
  return value.includes(`\${${r.type}.${r.name}.`) || value === `\${${r.type}.${r.name}}`
    || referencedAddresses(value).includes(`${r.type}.${r.name}`);
}

/** The resource `value` refers to (`${<type>.<name>.<attr>}`), among `candidates`. */
export function referencedResource(value: any, candidates: TerraformResource[]): TerraformResource | undefined {
  return candidates.find(c => refersTo(value, c));
}

/** Whether a resource-scoped value (bucket, role, queue) designates `target` by reference or by literal name. */
export function designates(value: any, target: TerraformResource, literalKeys: string[]): boolean {
  if (refersTo(value, target)) return true;
  if (typeof value !== 'string' || (isReference(value) && !isSharedExpression(value))) return false;
  return literalKeys.some(k => typeof target.config?.[k] === 'string' && target.config[k] === value);
}

/**
 * The nested blocks `name` of a resource or block: written directly (an object or a list of
 * objects) or generated by a `dynamic "<name>"` block (its `content`).
 */
export function nestedBlocks(config: any, name: string): any[] {
  const dynamic = blocks(config?.dynamic).flatMap(d => blocks(d[name])).flatMap(d => blocks(d.content));
  return [...blocks(config?.[name]), ...dynamic];
}

/** One IAM statement as JSON. */
export type Statement = { [key: string]: any };

/** What a policy document is for. */
export enum DocumentKind {
  /** An identity policy attached to a role, user or group. */
  IDENTITY = 'identity',
  /** A resource policy (key, bucket, queue, topic, secret...). */
  RESOURCE = 'resource',
  /** A role's trust policy. */
  TRUST = 'trust',
}

/** A parsed policy document and where it is. */
export interface FoundDocument {
  readonly resource: TerraformResource;
  /** The argument it was read from, e.g. `assume_role_policy`, `inline_policy[0].policy`. */
  readonly argument: string;
  readonly kind: DocumentKind;
  readonly statements: Statement[];
}

/** Where policy documents live in Terraform resources: type -> [argument, kind]. */
const DOCUMENT_ARGUMENTS: { [type: string]: Array<[string, DocumentKind]> } = {
  aws_iam_role: [['assume_role_policy', DocumentKind.TRUST]],
  aws_iam_role_policy: [['policy', DocumentKind.IDENTITY]],
  aws_iam_policy: [['policy', DocumentKind.IDENTITY]],
  aws_iam_user_policy: [['policy', DocumentKind.IDENTITY]],
  aws_iam_group_policy: [['policy', DocumentKind.IDENTITY]],
  aws_kms_key: [['policy', DocumentKind.RESOURCE]],
  aws_kms_key_policy: [['policy', DocumentKind.RESOURCE]],
  aws_s3_bucket_policy: [['policy', DocumentKind.RESOURCE]],
  aws_s3_bucket: [['policy', DocumentKind.RESOURCE]],
  aws_sqs_queue_policy: [['policy', DocumentKind.RESOURCE]],
  aws_sqs_queue: [['policy', DocumentKind.RESOURCE]],
  aws_sns_topic_policy: [['policy', DocumentKind.RESOURCE]],
  aws_sns_topic: [['policy', DocumentKind.RESOURCE]],
  aws_secretsmanager_secret_policy: [['policy', DocumentKind.RESOURCE]],
  aws_secretsmanager_secret: [['policy', DocumentKind.RESOURCE]],
  aws_ecr_repository_policy: [['policy', DocumentKind.RESOURCE]],
  aws_cloudwatch_log_resource_policy: [['policy_document', DocumentKind.RESOURCE]],
};

/** What reading a policy argument gave: its statements, why it cannot be a policy, or nothing to read. */
export type DocumentRead = { readonly statements: Statement[] } | { readonly problem: string } | undefined;

/**
 * Reads a policy document held as a string: IAM JSON, or a plain `${jsonencode({...})}` (what
 * cdktf's `Fn.jsonencode` writes). Undefined for other Terraform expressions (resolved elsewhere,
 * or not readable without applying); a problem for text that is not a policy document.
 */
export function readDocument(text: any): DocumentRead {
  if (typeof text !== 'string') return undefined;
  let json = text;
  if (isReference(text) || /^\$\{[\s\S]*\}$/.test(text.trim())) {
    const encoded = jsonencodeArgument(text.trim());
    if (encoded === undefined) return undefined;
    json = encoded;
  }
  let doc: any;
  try {
    doc = JSON.parse(json);
  } catch (e: any) {
    return { problem: `is not valid JSON (${e?.message ?? e})` };
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return { problem: 'is not a policy document (expected a JSON object)' };
  const raw = doc.Statement;
  if (raw === undefined) return { problem: 'has no Statement' };
  const list = asList<any>(raw);
  if (list.some(s => !s || typeof s !== 'object' || Array.isArray(s))) return { problem: 'has a Statement that is not an object' };
  return { statements: list };
}

/** Parses a policy JSON string (or plain jsonencode); undefined for other expressions and malformed documents. */
export function parseDocument(text: any): Statement[] | undefined {
  const read = readDocument(text);
  return read && 'statements' in read ? read.statements : undefined;
}

/** The type of Terraform's policy document data source, as the loader names it. */
export const POLICY_DOCUMENT_DATA = 'data.aws_iam_policy_document';

/** The `data.aws_iam_policy_document` a whole `${data.aws_iam_policy_document.<name>.json}` designates, in `stack`. */
export function referencedPolicyDocument(input: PolicyInput, value: any, stack: string): TerraformResource | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^\$\{\s*data\.aws_iam_policy_document\.([A-Za-z_][A-Za-z0-9_-]*)\.(json|minified_json)\s*\}$/.exec(value);
  if (!m) return undefined;
  return resourcesOfType(input, POLICY_DOCUMENT_DATA).find(r => r.name === m[1] && r.stack === stack);
}

/**
 * The statements of a policy argument of `r`: the document itself, or the data source it refers
 * to; undefined when it cannot be read.
 */
export function statementsOf(input: PolicyInput, r: TerraformResource, value: any): Statement[] | undefined {
  const data = referencedPolicyDocument(input, value, r.stack);
  return data ? dataDocumentStatements(data.config) : parseDocument(value);
}

/**
 * Converts the statement blocks of a `data.aws_iam_policy_document` into IAM JSON statements, so
 * that documents written with the data source are checked too.
 */
export function dataDocumentStatements(config: any): Statement[] {
  return blocks(config?.statement).map(s => {
    const principals = (key: string) => {
      const list = blocks(s[key]);
      if (list.length === 0) return undefined;
      const result: { [type: string]: string[] } = {};
      for (const p of list) result[p.type] = [...(result[p.type] ?? []), ...asList(p.identifiers)];
      return result;
    };
    const condition: { [op: string]: { [key: string]: string[] } } = {};
    for (const c of blocks(s.condition)) {
      condition[c.test] = { ...(condition[c.test] ?? {}), [c.variable]: asList(c.values) };
    }
    const out: Statement = { Effect: s.effect ?? 'Allow' };
    if (s.sid !== undefined) out.Sid = s.sid;
    if (s.actions !== undefined) out.Action = s.actions;
    if (s.not_actions !== undefined) out.NotAction = s.not_actions;
    if (s.resources !== undefined) out.Resource = s.resources;
    if (s.not_resources !== undefined) out.NotResource = s.not_resources;
    const principal = principals('principals');
    if (principal) out.Principal = principal;
    const notPrincipal = principals('not_principals');
    if (notPrincipal) out.NotPrincipal = notPrincipal;
    if (Object.keys(condition).length > 0) out.Condition = condition;
    return out;
  });
}

/** A policy argument that holds no readable policy document. */
export interface UnreadableDocument {
  readonly resource: TerraformResource;
  readonly argument: string;
  /** Why, e.g. `is not valid JSON (...)`. */
  readonly problem: string;
}

interface DocumentIndex {
  readonly documents: FoundDocument[];
  readonly unreadable: UnreadableDocument[];
}

const documentCache = new WeakMap<PolicyInput, DocumentIndex>();

function documentIndex(input: PolicyInput): DocumentIndex {
  let cached = documentCache.get(input);
  if (cached) return cached;
  const documents: FoundDocument[] = [];
  const unreadable: UnreadableDocument[] = [];
  const used = new Set<TerraformResource>();
  const read = (r: TerraformResource, argument: string, kind: DocumentKind, value: any) => {
    const data = referencedPolicyDocument(input, value, r.stack);
    if (data) {
      used.add(data);
      documents.push({ resource: r, argument: `${argument} (${data.type}.${data.name})`, kind, statements: dataDocumentStatements(data.config) });
      return;
    }
    const result = readDocument(value);
    if (result && 'statements' in result) documents.push({ resource: r, argument, kind, statements: result.statements });
    else if (result) unreadable.push({ resource: r, argument, problem: result.problem });
  };
  for (const r of input.terraform) {
    for (const [argument, kind] of DOCUMENT_ARGUMENTS[r.type] ?? []) read(r, argument, kind, r.config?.[argument]);
    if (r.type === 'aws_iam_role') {
      blocks(r.config?.inline_policy).forEach((p, i) => read(r, `inline_policy[${i}].policy`, DocumentKind.IDENTITY, p.policy));
    }
  }
  // A data source no argument uses (or one used elsewhere, e.g. by a module) is read as an identity policy.
  for (const r of resourcesOfType(input, POLICY_DOCUMENT_DATA)) {
    if (!used.has(r)) documents.push({ resource: r, argument: 'statement', kind: DocumentKind.IDENTITY, statements: dataDocumentStatements(r.config) });
  }
  cached = { documents, unreadable };
  documentCache.set(input, cached);
  return cached;
}

/**
 * Every policy document in the Terraform configuration that can be read without applying it. A
 * `data.aws_iam_policy_document` counts where it is used: as a trust policy in a role's
 * `assume_role_policy`, as a resource policy in a bucket, queue, key or topic policy, as an
 * identity policy in a role, user or group policy; one used nowhere counts as an identity policy.
 */
export function policyDocuments(input: PolicyInput): FoundDocument[] {
  return documentIndex(input).documents;
}

/** The policy arguments that hold text which is not a policy document (malformed JSON, no Statement). */
export function unreadableDocuments(input: PolicyInput): UnreadableDocument[] {
  return documentIndex(input).unreadable;
}

/** A rule over the statements of policy documents of some kinds. */
export function statementRule(meta: AwsRuleMeta, kinds: DocumentKind[],
  check: (s: Statement, doc: FoundDocument) => string | undefined): IRule {
  return awsRule(meta, input => policyDocuments(input)
    .filter(d => kinds.includes(d.kind))
    .flatMap(d => d.statements.flatMap((s, i) => {
      const problem = check(s, d);
      return problem === undefined ? [] : [findingFor(d.resource, `${d.argument} statement ${s.Sid ? `"${s.Sid}"` : i}: ${problem}`)];
    })));
}

/** Whether a statement allows. */
export function isAllow(s: Statement): boolean {
  return s.Effect === 'Allow';
}

/** The principals of a statement as `[type, value]` pairs (`['*', '*']` for `Principal: "*"`). */
export function principalsOf(s: Statement): Array<[string, string]> {
  const p = s.Principal;
  if (p === undefined) return [];
  if (typeof p === 'string') return [['*', p]];
  return Object.entries(p).flatMap(([type, v]) => asList(v as any).map(x => [type, String(x)] as [string, string]));
}

/** Condition values of `key` under any of `operators` (keys compared case-insensitively). */
export function conditionValues(s: Statement, operators: string[], key: string): string[] {
  const result: string[] = [];
  for (const op of operators) {
    for (const [k, v] of Object.entries(s.Condition?.[op] ?? {})) {
      if (k.toLowerCase() === key.toLowerCase()) result.push(...asList(v as any).map(String));
    }
  }
  return result;
}

/** Condition keys (lower case) used under any of `operators`. */
export function conditionKeys(s: Statement, operators: string[]): string[] {
  return operators.flatMap(op => Object.keys(s.Condition?.[op] ?? {}).map(k => k.toLowerCase()));
}

/** Whether an IAM pattern with `*` and `?` matches `value` (case-insensitive, as for actions). */
export function globMatches(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.split('').map(c => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('')}$`, 'i');
  return re.test(value);
}
