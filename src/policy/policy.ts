import { IConstruct } from 'constructs';
import { Framework } from './compliance/framework';
import { PolicySuppression, validateSuppression } from './engine';
import { IRule, Severity } from './model';
import { Packs } from './packs';
import { fail, pathOf } from '../core/errors';

/**
 * Policy settings of a {@link SecureApp}.
 *
 * @example
 * const noLatest: IRule = {
 *   id: 'ACME-001', pack: 'acme', severity: Severity.ERROR,
 *   title: 'Teams label their Deployments', description: 'Every Deployment carries a team label, so alerts reach an owner.',
 *   fix: 'Add the label acme.com/team.',
 *   check: input => input.kubernetes
 *     .filter(o => o.object.kind === 'Deployment' && !o.object.metadata?.labels?.['acme.com/team'])
 *     .map(o => ({ constructPath: o.constructPath, file: o.file, resource: `Deployment ${o.object.metadata.name}`, message: 'has no team label' })),
 * };
 * new SecureApp({ outdir: 'dist', policy: { rules: [noLatest], failOn: Severity.WARNING } });
 */
export interface PolicyOptions {
  /**
   * Your own rules (or packs: pass `[...myPack]`), run after the library's packs. Rule ids must
   * be unique and may be suppressed like built-in ones.
   *
   * @default - only the library's packs
   */
  readonly rules?: IRule[];
  /**
   * Unsuppressed findings at or above this severity fail `synth()`.
   *
   * @default Severity.ERROR
   */
  readonly failOn?: Severity;
  /**
   * Compliance frameworks to list evidence for: `report.json` and `report.md` get one section per
   * framework, with the rules that evidence each control and their status (passed, failed,
   * suppressed with the reason), and the framework's controls the library does not evidence. No
   * claim of compliance is made (see docs/compliance.md).
   *
   * @default - no compliance sections
   */
  readonly frameworks?: Framework[];
}

const appRules = new WeakMap<IConstruct, IRule[]>();
const policies = new WeakMap<IConstruct, Policy>();

/**
 * Records the user rules of the app rooted at `root`, so suppressions can name them.
 * @internal
 */
export function registerRules(root: IConstruct, rules: IRule[]): void {
  appRules.set(root, rules);
}

/** Every rule the app rooted at `scope`'s root runs: the packs, then user rules. */
export function rulesOf(scope: IConstruct): IRule[] {
  return [...Packs.all(), ...(appRules.get(scope.node.root) ?? [])];
}

/**
 * Policy settings of one construct: the rules whose findings it accepts, with a reason.
 *
 * @example
 * Policy.of(batch).suppress('K8S-021', 'nightly batch job; one replica is enough (SEC-142)');
 */
export class Policy {
  /** The policy settings of `scope` (created on first use). */
  public static of(scope: IConstruct): Policy {
    if (!scope || typeof scope !== 'object' || typeof (scope as IConstruct).node?.path !== 'string') {
      fail('<none>', 'Policy.of(scope)', scope, 'not a construct: suppressions are scoped to a construct and everything below it',
        'pass a construct of the app, e.g. Policy.of(service) or Policy.of(platform)');
    }
    let policy = policies.get(scope);
    if (!policy) {
      policy = new Policy(scope);
      policies.set(scope, policy);
    }
    return policy;
  }

  /**
   * Every suppression of a tree, from all its constructs.
   * @internal
   */
  public static _collect(root: IConstruct): PolicySuppression[] {
    const all: PolicySuppression[] = [];
    for (const c of root.node.findAll()) {
      const p = policies.get(c);
      if (p) all.push(...p.suppressions);
    }
    return all;
  }

  private readonly entries = new Map<string, PolicySuppression>();

  private constructor(private readonly scope: IConstruct) {}

  /**
   * Accepts the findings of one rule for this construct and everything below it. The reason is
   * listed in the policy report. A suppression that matches no finding fails synth, so stale
   * suppressions do not accumulate.
   *
   * @param ruleId exact id of the rule (no wildcards)
   * @param reason why the finding is acceptable (at least 10 characters)
   * @throws ConfigurationError for an unknown or wildcard rule id, or a missing or short reason
   */
  public suppress(ruleId: string, reason: string): void {
    const constructPath = this.scope.node.path;
    validateSuppression(pathOf(this.scope), ruleId, reason, new Set(rulesOf(this.scope).map(r => r.id)));
    this.entries.set(ruleId, { ruleId, constructPath, reason: reason.trim() });
  }

  /** The suppressions of this construct, by rule id. */
  public get suppressions(): PolicySuppression[] {
    return [...this.entries.keys()].sort().map(k => this.entries.get(k)!);
  }
}
