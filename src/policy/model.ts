/**
 * The policy engine's data model: rules are pure functions over synthesized output.
 */

/** How serious a finding is. */
export enum Severity {
  /** Fails synth by default. */
  ERROR = 'error',
  /** Reported; fails synth only when the threshold is lowered to warnings. */
  WARNING = 'warning',
  /** Reported for information. */
  INFO = 'info',
}

/** One Kubernetes object read from a manifest file. */
export interface KubernetesObject {
  /** Path of the manifest file, relative to the checked directory. */
  readonly file: string;
  /** Index of the YAML document in the file (0-based). */
  readonly index: number;
  /**
   * 1-based line of the document (or `kind: List` item) in the file: its first line of content.
   *
   * @default - not known
   */
  readonly line?: number;
  /** The object as parsed JSON. */
  readonly object: any;
  /**
   * Logical construct path (from the `secure-constructs.io/construct-path` annotation), or
   * `<file>#<kind>/<namespace>/<name>` for objects the library did not write.
   */
  readonly constructPath: string;
}

/** One Terraform resource (or data source) read from a cdk.tf.json file. */
export interface TerraformResource {
  /** Path of the cdk.tf.json file, relative to the checked directory. */
  readonly file: string;
  /** The stack (cdktf stack name or directory). */
  readonly stack: string;
  /** Resource type, e.g. `aws_iam_role`. */
  readonly type: string;
  /** Logical name in the configuration. */
  readonly name: string;
  /** The resource's arguments as JSON. */
  readonly config: any;
  /**
   * 1-based line of the resource's key (its logical name) in the file.
   *
   * @default - not known
   */
  readonly line?: number;
  /**
   * Logical construct path (from cdktf's `//` metadata, stack-relative paths prefixed by the
   * stack), or `<file>#<type>.<name>`.
   */
  readonly constructPath: string;
}

/** Everything a rule can look at. */
export interface PolicyInput {
  /** Every Kubernetes object, in file order. */
  readonly kubernetes: KubernetesObject[];
  /** Every Terraform resource, in file order. */
  readonly terraform: TerraformResource[];
  /**
   * What could not be read (error), or was read with a remark (info): a file that does not
   * parse, a document that is not a Kubernetes object, a YAML bomb, a symlink loop, a skipped
   * null item. Reports list them; an error among them fails the check.
   *
   * @default - none
   */
  readonly issues?: PolicyInputIssue[];
}

/** A problem met while reading the input. */
export interface PolicyInputIssue {
  /** The file, relative to the checked directory. */
  readonly file: string;
  /** 1-based line (1 when the problem concerns the whole file). */
  readonly line: number;
  /** `error`: (part of) the file was not checked; `info`: read, with a remark. */
  readonly severity: Severity;
  /** What is wrong and what was done. */
  readonly message: string;
}

/** What a rule reports about one object or resource. */
export interface RuleFinding {
  /** The construct path of the offending object or resource. */
  readonly constructPath: string;
  /** The output file it is in. */
  readonly file: string;
  /** Human-readable resource, e.g. `Deployment orders/orders` or `aws_iam_role.orders_Role`. */
  readonly resource: string;
  /** What is wrong, specifically. */
  readonly message: string;
  /**
   * 1-based line in `file`. Findings on an object or resource get its line when the rule gives
   * none.
   *
   * @default - the line of the object or resource named by `file` and `resource`
   */
  readonly line?: number;
}

/**
 * A policy rule. Implement this interface to add your own rules.
 */
export interface IRule {
  /** Unique id, e.g. `K8S-POD-001`. Upper-case letters, digits and `-`. */
  readonly id: string;
  /** Pack the rule belongs to, e.g. `kubernetes`, `aws`, `cross-cutting`. */
  readonly pack: string;
  /** Severity of its findings. */
  readonly severity: Severity;
  /** One-line title. */
  readonly title: string;
  /** What it checks and why. */
  readonly description: string;
  /** How to fix a finding. */
  readonly fix: string;
  /**
   * The `OptOut` control (annotation `opt-out.secure-constructs.io/<control>`) that, when present
   * on the object, turns a finding into a suppressed one carrying the opt-out's reason.
   *
   * @default - no opt-out applies
   */
  readonly optOutControl?: string;
  /** Returns the findings over the whole output. Must not throw; a throw counts as a failure. */
  check(input: PolicyInput): RuleFinding[];
}
