import * as net from 'node:net';
import { IConstruct } from 'constructs';
import { parseCidr } from '../core/cidr';
import { checkProps, failProp as fail, isPlainObject, propKeys } from '../core/props';
import { isWildcardOnlyAction } from '../policy/rules/aws/wildcard-only-actions';

/** Whether a statement allows or denies. */
export enum Effect {
  /** Allows the actions. */
  ALLOW = 'Allow',
  /** Denies the actions. */
  DENY = 'Deny',
}

/**
 * Properties of a {@link PolicyStatement}.
 */
export interface PolicyStatementProps {
  /**
   * Statement id.
   *
   * @default - none
   */
  readonly sid?: string;
  /**
   * Allow or deny.
   *
   * @default Effect.ALLOW
   */
  readonly effect?: Effect;
  /** Exact IAM actions, e.g. `secretsmanager:GetSecretValue`. Wildcards are refused. */
  readonly actions: string[];
  /** Exact resource ARNs (or Terraform references to them). */
  readonly resources: string[];
  /**
   * Conditions, keyed by operator then condition key, e.g.
   * `{ StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } }`.
   *
   * @default - none
   */
  readonly conditions?: { [operator: string]: any };
}

const ACTION = /^[a-z0-9-]+:[A-Za-z0-9]+$/;
const SID = /^[A-Za-z0-9]+$/;
/** A condition key: `aws:SourceIp`, `s3:prefix`, `kms:EncryptionContext:aws:dynamodb:tableName`, `aws:RequestTag/team`. */
const CONDITION_KEY = /^[A-Za-z0-9-]+:[^\s]+$/;

/** IAM condition operators (without the `IfExists` suffix and the set prefixes). */
const CONDITION_OPERATORS = [
  'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike',
  'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals',
  'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals',
  'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike', 'Null',
];

const STATEMENT_KEYS = propKeys<PolicyStatementProps>({ sid: true, effect: true, actions: true, resources: true, conditions: true });

/**
 * One statement of an IAM identity policy: exact actions on exact resources.
 */
export class PolicyStatement {
  /** Statement id. */
  public readonly sid?: string;
  /** Allow or deny. */
  public readonly effect: Effect;
  /** The actions. */
  public readonly actions: string[];
  /** The resources. */
  public readonly resources: string[];
  /** The conditions. */
  public readonly conditions?: { [operator: string]: any };

  /** The props as given, for the shape check at the construct the statement is added to. */
  private readonly given: unknown;

  constructor(props: PolicyStatementProps) {
    // Plain-JavaScript callers may pass anything; nothing is coerced here (a string of actions
    // is not spread into characters), and validateStatement reports what was given.
    this.given = props;
    const p: Partial<PolicyStatementProps> = isPlainObject(props) ? props : {};
    this.sid = p.sid;
    this.effect = p.effect ?? Effect.ALLOW;
    this.actions = Array.isArray(p.actions) ? [...p.actions] : [];
    this.resources = Array.isArray(p.resources) ? [...p.resources] : [];
    this.conditions = p.conditions;
  }

  /**
   * The props as given to the constructor.
   * @internal
   */
  public get _given(): unknown {
    return this.given;
  }

  /** The statement in IAM JSON form, keys in a fixed order. */
  public toJson(): any {
    return {
      ...(this.sid ? { Sid: this.sid } : {}),
      Effect: this.effect,
      Action: [...this.actions].sort(),
      Resource: [...this.resources].sort(),
      ...(this.conditions ? { Condition: this.conditions } : {}),
    };
  }
}

/**
 * Refuses statements that are not least-privilege by construction or that IAM would refuse:
 * props of the wrong shape (unknown names, a string where a list is expected, `null`), an
 * `effect` other than Allow or Deny, a `sid` that is not alphanumeric, actions not of the form
 * `service:Action` or with wildcards, no resource, and conditions that are not
 * operator → condition key → string or list of strings with a known operator.
 */
export function validateStatement(scope: IConstruct, property: string, statement: PolicyStatement): void {
  if (!(statement instanceof PolicyStatement)) {
    fail(scope, property, statement, isPlainObject(statement) ? 'a plain object is not a PolicyStatement' : 'not a PolicyStatement',
      'pass `new PolicyStatement({ actions, resources })`');
  }
  checkProps(scope, property, statement._given, {
    knownKeys: STATEMENT_KEYS,
    required: ['actions', 'resources'],
    strings: ['sid'],
    stringLists: ['actions', 'resources'],
    objects: ['conditions'],
    enums: { effect: { name: 'Effect', values: Effect } },
    hints: { actions: "e.g. actions: ['sqs:SendMessage']", resources: 'name the exact ARNs the actions apply to' },
  });
  if (statement.sid !== undefined && !SID.test(statement.sid)) {
    fail(scope, `${property}.sid`, statement.sid, 'IAM statement ids hold only ASCII letters and digits', `use a Sid such as ${JSON.stringify((statement.sid.replace(/[^A-Za-z0-9]/g, '') || 'ReadOrders'))}`);
  }
  if (statement.actions.length === 0) {
    fail(scope, `${property}.actions`, statement.actions, 'a statement needs at least one action', "name the exact actions, e.g. ['sqs:SendMessage']");
  }
  for (const action of statement.actions) {
    if (typeof action !== 'string' || !ACTION.test(action)) {
      fail(scope, `${property}.actions`, action, action?.includes?.('*')
        ? 'wildcard actions grant more than the service declares'
        : 'not an IAM action of the form "service:Action"',
      "name each exact action, e.g. 's3:GetObject'");
    }
  }
  if (statement.resources.length === 0) {
    fail(scope, `${property}.resources`, statement.resources, 'a statement needs at least one resource', 'name the exact ARNs the actions apply to');
  }
  for (const resource of statement.resources) {
    if (typeof resource !== 'string' || resource.length === 0) {
      fail(scope, `${property}.resources`, resource, 'not a resource ARN', 'pass an ARN or a Terraform reference to one');
    }
  }
  // "*" is only for actions that support no resource-level permissions (the IAM catalog's list).
  const scoped = statement.resources.includes('*') ? statement.actions.filter(a => !isWildcardOnlyAction(a)) : [];
  if (scoped.length > 0) {
    fail(scope, `${property}.resources`, '*', `"*" grants ${scoped.join(', ')} on every resource of the account, and ${scoped.length === 1 ? 'that action supports' : 'those actions support'} resource-level permissions`,
      'name the exact ARNs, e.g. the queue\'s queueArn or the bucket\'s bucketArn; "*" is accepted only for actions that support no resource (e.g. ecr:GetAuthorizationToken)');
  }
  if (statement.conditions !== undefined) validateConditions(scope, `${property}.conditions`, statement.conditions);
}

/** The base operator of `name` (`ForAnyValue:StringLikeIfExists` → `StringLike`), or undefined when unknown. */
export function conditionOperator(name: string): string | undefined {
  const m = /^(ForAnyValue:|ForAllValues:)?([A-Za-z]+?)(IfExists)?$/.exec(name);
  if (!m || !CONDITION_OPERATORS.includes(m[2])) return undefined;
  if (m[2] === 'Null' && (m[1] || m[3])) return undefined;
  return m[2];
}

/** A Terraform reference, resolved at apply time: its form is not known here. */
function isReference(v: string): boolean {
  return v.includes('${');
}

function valueProblem(operator: string, v: string): string | undefined {
  if (isReference(v)) return undefined;
  if (operator === 'Bool' || operator === 'Null') return v === 'true' || v === 'false' ? undefined : `${operator} compares with "true" or "false"`;
  if (operator.startsWith('Numeric')) return /^-?\d+(\.\d+)?$/.test(v) ? undefined : `${operator} compares with a number`;
  if (operator.startsWith('Date')) return /^\d+$/.test(v) || !Number.isNaN(Date.parse(v)) ? undefined : `${operator} compares with an ISO 8601 date or epoch seconds`;
  if (operator.endsWith('IpAddress')) return net.isIP(v) || parseCidr(v).ok ? undefined : `${operator} compares with an IP address or CIDR`;
  if (operator.startsWith('Arn')) return v.startsWith('arn:') || v === '*' ? undefined : `${operator} compares with an ARN`;
  return undefined;
}

/** Checks the shape of a Condition block: operator → condition key → string or list of strings. */
function validateConditions(scope: IConstruct, property: string, conditions: unknown): void {
  if (!isPlainObject(conditions) || Object.keys(conditions).length === 0) {
    fail(scope, property, conditions, 'a condition block maps operators to condition keys and values, and is not empty',
      "use e.g. { StringEquals: { 'aws:SourceAccount': '111122223333' } }, or leave conditions out");
  }
  for (const [name, block] of Object.entries(conditions)) {
    const operator = conditionOperator(name);
    if (!operator) {
      fail(scope, `${property}.${name}`, name, 'not an IAM condition operator',
        `use one of ${CONDITION_OPERATORS.join(', ')} (with an optional ForAnyValue:/ForAllValues: prefix or IfExists suffix, not on Null)`);
    }
    if (!isPlainObject(block) || Object.keys(block).length === 0) {
      fail(scope, `${property}.${name}`, block, 'an operator maps condition keys to values, and is not empty', "use e.g. { 'aws:SourceAccount': '111122223333' }");
    }
    for (const [key, value] of Object.entries(block)) {
      const at = `${property}.${name}.${key}`;
      if (!CONDITION_KEY.test(key)) {
        fail(scope, at, key, 'not a condition key of the form "service:key"', "use a key such as 'aws:SourceAccount' or 's3:prefix'");
      }
      const values = Array.isArray(value) ? value : [value];
      if (values.length === 0) fail(scope, at, value, 'an empty list of values matches nothing', 'list the values, or drop the key');
      for (const v of values) {
        if (typeof v !== 'string') {
          fail(scope, at, v, 'condition values are strings (or lists of strings)',
            typeof v === 'number' || typeof v === 'boolean' ? `quote it: "${v}"` : 'pass a string or a list of strings');
        }
        const problem = valueProblem(operator, v);
        if (problem) fail(scope, at, v, problem, 'write the value in the form the operator compares');
      }
    }
  }
}
