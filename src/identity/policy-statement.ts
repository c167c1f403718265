import { IConstruct } from 'constructs';
import { fail } from '../core/errors';

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

  constructor(props: PolicyStatementProps) {
    this.sid = props.sid;
    this.effect = props.effect ?? Effect.ALLOW;
    this.actions = [...(props.actions ?? [])];
    this.resources = [...(props.resources ?? [])];
    this.conditions = props.conditions;
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

/** Refuses statements that are not least-privilege by construction. */
export function validateStatement(scope: IConstruct, property: string, statement: PolicyStatement): void {
  if (!(statement instanceof PolicyStatement)) {
    fail(scope, property, statement, 'not a PolicyStatement', 'pass `new PolicyStatement({ actions, resources })`');
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
}
