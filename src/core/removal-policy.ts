import { IConstruct } from 'constructs';
import { fail } from './errors';
import { MIN_REASON_LENGTH } from './opt-out';

/**
 * The rule of the AWS pack that flags stateful resources Terraform may destroy (no
 * `lifecycle.prevent_destroy`; for log groups also no `skip_destroy`). A resource written with
 * `RemovalPolicy.destroy(reason)` declares its exception to this rule, with the reason, in its
 * `//` block.
 */
export const REMOVAL_POLICY_RULE_ID = 'AWS-033';

/**
 * What happens to a stateful resource (KMS key, secret, bucket, table, queue, log group) when it
 * leaves the configuration, modelled on AWS CDK's `RemovalPolicy`.
 *
 * The default, `retain()`, writes `lifecycle { prevent_destroy = true }` on the resource (log
 * groups also `skip_destroy = true`): a plan that would destroy or replace it fails, so renaming a
 * construct or changing a name that forces replacement cannot delete data. `destroy(reason)` is
 * for throw-away environments: the resource is written without those guards (a table also without
 * deletion protection, so `terraform destroy` can remove it), and the reason is recorded in the
 * resource's `//` block, from where synth's policy report and `secure-constructs check` list it.
 *
 * @example
 * new Platform(app, 'preview', { ..., removalPolicy: RemovalPolicy.destroy('per-pull-request environment, torn down on merge') });
 * new SecureTable(platform, 'scratch', { partitionKey: { name: 'id', type: AttributeType.STRING },
 *   removalPolicy: RemovalPolicy.destroy('cache rebuilt from orders on every deploy') });
 */
export class RemovalPolicy {
  /** Keep the resource: Terraform refuses to destroy or replace it (the default). */
  public static retain(): RemovalPolicy {
    return new RemovalPolicy(false, undefined);
  }

  /**
   * Let Terraform destroy the resource (and everything in it) when it leaves the configuration
   * or must be replaced.
   *
   * @param reason why losing the data is acceptable (at least 10 characters); written into the
   * output and the policy report
   */
  public static destroy(reason: string): RemovalPolicy {
    return new RemovalPolicy(true, typeof reason === 'string' ? reason.trim() : reason);
  }

  /** Whether Terraform may destroy the resource. */
  public readonly destroyAllowed: boolean;
  /**
   * Why the resource may be destroyed.
   *
   * @default - none: the resource is retained
   */
  public readonly reason?: string;

  private constructor(destroyAllowed: boolean, reason: string | undefined) {
    this.destroyAllowed = destroyAllowed;
    this.reason = reason;
  }
}

/** A resolved removal policy, as the AWS layer takes it. */
export interface RemovalSettings {
  /** Whether Terraform may destroy the resource. */
  readonly destroy: boolean;
  /** Why (set when `destroy` is). */
  readonly reason?: string;
}

const RETAIN: RemovalSettings = { destroy: false };

/** Platform-wide defaults, registered on the platform and on its Terraform stack. */
const defaults = new WeakMap<IConstruct, RemovalSettings>();

/**
 * Validates a `removalPolicy` value received from a caller (also from plain JavaScript) and returns
 * it resolved, or undefined when it was not given.
 */
export function validateRemovalPolicy(scope: IConstruct, property: string, value: unknown): RemovalSettings | undefined {
  if (value === undefined) return undefined;
  if (!(value instanceof RemovalPolicy)) {
    fail(scope, property, value, 'not a RemovalPolicy', "use RemovalPolicy.retain() (the default) or RemovalPolicy.destroy('<reason>')");
  }
  if (!value.destroyAllowed) return RETAIN;
  if (typeof value.reason !== 'string' || value.reason.length < MIN_REASON_LENGTH) {
    fail(scope, `${property}.reason`, value.reason, `letting Terraform destroy stateful resources needs a reason of at least ${MIN_REASON_LENGTH} characters; it is written into the output and the policy report`,
      "say why losing the data is acceptable, e.g. RemovalPolicy.destroy('preview environment, deleted with its pull request (OPS-31)')");
  }
  return { destroy: true, reason: value.reason };
}

/**
 * Records a platform's default removal policy (validated) for the platform's logical tree and for
 * its Terraform stack, so that resources created under either without a policy of their own get it.
 */
export function registerDefaultRemovalPolicy(platform: IConstruct, terraformStack: IConstruct, property: string, value: unknown): void {
  const settings = validateRemovalPolicy(platform, property, value) ?? RETAIN;
  defaults.set(platform, settings);
  defaults.set(terraformStack, settings);
}

/** Gives `to` (another Terraform stack of a platform) the default removal policy of `from`. */
export function inheritRemovalPolicy(from: IConstruct, to: IConstruct): void {
  const settings = defaults.get(from);
  if (settings) defaults.set(to, settings);
}

/**
 * The removal policy of a resource created under `scope`: `own` when given, else the default of
 * the nearest platform (or Terraform stack) above `scope`, else retain.
 */
export function resolveRemovalPolicy(scope: IConstruct, own?: RemovalSettings): RemovalSettings {
  if (own) return own;
  for (let s: IConstruct | undefined = scope; s; s = s.node.scope) {
    const found = defaults.get(s);
    if (found) return found;
  }
  return RETAIN;
}
