import { LocationIndex } from './locations';
import { IRule, KubernetesObject, PolicyInput, RuleFinding, Severity } from './model';
import { fail } from '../core/errors';
import { MIN_REASON_LENGTH } from '../core/opt-out';
import { describeObject, podTemplateOf } from './rules/kubernetes/util';

/** Annotation prefix of opt-outs: `opt-out.secure-constructs.io/<control>: <reason>`. */
export const OPT_OUT_PREFIX = 'opt-out.secure-constructs.io/';

/** Rule ids: upper-case letters, digits and `-`, starting with a letter. */
export const RULE_ID = /^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$/;

/** A suppression of one rule for one construct and everything below it. */
export interface PolicySuppression {
  /** The rule suppressed. */
  readonly ruleId: string;
  /** Path of the construct it applies to (and to its children). */
  readonly constructPath: string;
  /** Why the finding is accepted. */
  readonly reason: string;
}

/** A rule's metadata as it appears in reports. */
export interface PolicyRuleInfo {
  /** Rule id. */
  readonly id: string;
  /** Pack of the rule. */
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
   * Opt-out control that suppresses its findings.
   *
   * @default - none
   */
  readonly optOutControl?: string;
}

/** A finding, with the rule that made it and whether it is suppressed. */
export interface PolicyFinding {
  /** Rule id. */
  readonly ruleId: string;
  /** Pack of the rule. */
  readonly pack: string;
  /** Severity (error for a rule that failed to run). */
  readonly severity: Severity;
  /** Title of the rule. */
  readonly title: string;
  /** Construct path of the offending object or resource. */
  readonly constructPath: string;
  /** Output file, relative to the checked directory. */
  readonly file: string;
  /**
   * 1-based line in `file` of the object or resource (or where the rule located the finding).
   *
   * @default - not known (a finding without a file, or an object not read from a file)
   */
  readonly line?: number;
  /** Human-readable resource. */
  readonly resource: string;
  /** What is wrong. */
  readonly message: string;
  /** Whether a suppression or an opt-out accepted the finding. */
  readonly suppressed: boolean;
  /**
   * Why it is suppressed.
   *
   * @default - not suppressed
   */
  readonly suppressionReason?: string;
  /**
   * What suppressed it: `suppression:<construct path>` or `opt-out:<control>`.
   *
   * @default - not suppressed
   */
  readonly suppressedBy?: string;
  /** Whether the finding fails the check (not suppressed, at or above the threshold). */
  readonly failing: boolean;
}

/** A suppression and how many findings it matched. */
export interface PolicySuppressionResult {
  /** The rule suppressed. */
  readonly ruleId: string;
  /** Path of the construct it applies to. */
  readonly constructPath: string;
  /** Why. */
  readonly reason: string;
  /** Number of findings it suppressed. */
  readonly matched: number;
}

/** The result of running the rules over an output. */
export interface PolicyReport {
  /** The threshold: unsuppressed findings at or above it fail. */
  readonly failOn: Severity;
  /** Every rule that ran, by pack and id. */
  readonly rules: PolicyRuleInfo[];
  /** Every finding, suppressed or not, in a stable order. */
  readonly findings: PolicyFinding[];
  /** Every suppression, by rule and path. */
  readonly suppressions: PolicySuppressionResult[];
}

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /** The rules to run. */
  readonly rules: IRule[];
  /** Suppressions to apply. */
  readonly suppressions?: PolicySuppression[];
  /** Threshold (default ERROR). */
  readonly failOn?: Severity;
}

const RANK: { [s: string]: number } = { [Severity.ERROR]: 3, [Severity.WARNING]: 2, [Severity.INFO]: 1 };

/** Whether `severity` is at or above `threshold`. */
export function atOrAbove(severity: Severity, threshold: Severity): boolean {
  return (RANK[severity] ?? 3) >= (RANK[threshold] ?? 3);
}

/** Parses a severity name (`error`, `warning`, `info`). */
export function parseSeverity(value: string): Severity | undefined {
  return [Severity.ERROR, Severity.WARNING, Severity.INFO].find(s => s === String(value).toLowerCase());
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Stable order: severity (highest first), rule, construct path, resource, message, file. */
export function compareFindings(a: PolicyFinding, b: PolicyFinding): number {
  return (RANK[b.severity] ?? 0) - (RANK[a.severity] ?? 0)
    || compare(a.ruleId, b.ruleId) || compare(a.constructPath, b.constructPath)
    || compare(a.resource, b.resource) || compare(a.message, b.message) || compare(a.file, b.file);
}

/** Checks that rules have valid, unique ids and the metadata reports need. */
export function validateRules(rules: IRule[]): void {
  const seen = new Set<string>();
  for (const rule of rules) {
    if (!rule || typeof rule.check !== 'function') {
      fail('policy', 'rules', rule?.id ?? rule, 'not a rule (it has no check() method)', 'pass objects implementing IRule');
    }
    if (typeof rule.id !== 'string' || !RULE_ID.test(rule.id)) {
      fail('policy', 'rules', rule.id, 'a rule id is upper-case letters, digits and "-", starting with a letter', "use an id such as 'ACME-001'");
    }
    if (seen.has(rule.id)) {
      fail('policy', 'rules', rule.id, 'two rules have this id', 'give every rule a unique id (prefix your own rules, e.g. ACME-001)');
    }
    if (!Object.values(Severity).includes(rule.severity)) {
      fail('policy', `rules[${rule.id}].severity`, rule.severity, 'not a Severity', 'use Severity.ERROR, Severity.WARNING or Severity.INFO');
    }
    seen.add(rule.id);
  }
}

/** Validates a suppression's rule id and reason against the known rule ids. */
export function validateSuppression(constructPath: string, ruleId: string, reason: string, known: Set<string>): void {
  if (typeof ruleId !== 'string' || /[*?]/.test(ruleId) || ruleId.trim() === '') {
    fail(constructPath, 'suppress(ruleId)', ruleId, 'a suppression names exactly one rule; wildcards are not allowed', 'suppress each rule by its id, e.g. Policy.of(service).suppress(\'K8S-021\', reason)');
  }
  if (!known.has(ruleId)) {
    const close = [...known].filter(id => id.toUpperCase() === ruleId.toUpperCase());
    fail(constructPath, 'suppress(ruleId)', ruleId, 'no rule has this id',
      close.length ? `did you mean "${close[0]}"? Rule ids are case-sensitive` : 'use an id from docs/policies.md (or from your own rules passed in SecureApp props `policy.rules`)');
  }
  if (typeof reason !== 'string' || reason.trim().length < MIN_REASON_LENGTH) {
    fail(constructPath, `suppress('${ruleId}', reason)`, reason, `a suppression needs a reason of at least ${MIN_REASON_LENGTH} characters`,
      'say why the finding is acceptable and where that was decided, e.g. "batch job, no traffic; SEC-142"');
  }
}

/** Whether a finding at `path` is at or below a construct at `scope`. */
export function isAtOrBelow(path: string, scope: string): boolean {
  return scope === '' || path === scope || path.startsWith(`${scope}/`);
}

/**
 * Runs rules over an output: every rule runs (a rule that throws or returns garbage yields an
 * error-level finding), suppressions and opt-outs are applied, and findings are sorted.
 */
export function evaluate(input: PolicyInput, options: EvaluateOptions): PolicyReport {
  const rules = options.rules;
  validateRules(rules);
  const failOn = options.failOn ?? Severity.ERROR;
  const suppressions = options.suppressions ?? [];
  const byPath = new Map<string, Array<{ s: PolicySuppression; matched: number }>>();
  const records = suppressions.map(s => ({ s, matched: 0 }));
  for (const r of records) {
    const list = byPath.get(r.s.constructPath) ?? [];
    list.push(r);
    byPath.set(r.s.constructPath, list);
  }
  const optOuts = new OptOutIndex(input);
  const locations = new LocationIndex(input);

  const findings: PolicyFinding[] = [];
  for (const rule of rules) {
    for (const raw of runRule(rule, input)) {
      const base = {
        ruleId: rule.id,
        pack: rule.pack,
        title: rule.title,
        severity: raw.severity,
        constructPath: raw.finding.constructPath,
        file: raw.finding.file,
        resource: raw.finding.resource,
        message: raw.finding.message,
      };
      const line = raw.finding.line ?? locations.lineOf(base.file, base.resource, base.constructPath);
      let suppressedBy: string | undefined;
      let reason: string | undefined;
      if (!raw.broken) {
        const match = findSuppression(byPath, rule.id, base.constructPath);
        if (match) {
          match.matched++;
          suppressedBy = `suppression:${match.s.constructPath}`;
          reason = match.s.reason;
        } else if (rule.optOutControl) {
          const optOut = optOuts.reason(base.file, base.resource, rule.optOutControl);
          if (optOut !== undefined) {
            suppressedBy = `opt-out:${rule.optOutControl}`;
            reason = optOut;
          }
        }
      }
      const suppressed = suppressedBy !== undefined;
      findings.push({
        ...base,
        ...(line !== undefined ? { line } : {}),
        suppressed,
        ...(suppressed ? { suppressionReason: reason, suppressedBy } : {}),
        failing: !suppressed && atOrAbove(base.severity, failOn),
      });
    }
  }
  findings.sort(compareFindings);

  return {
    failOn,
    rules: rules.map(ruleInfo).sort((a, b) => compare(a.pack, b.pack) || compare(a.id, b.id)),
    findings,
    suppressions: records
      .map(r => ({ ruleId: r.s.ruleId, constructPath: r.s.constructPath, reason: r.s.reason, matched: r.matched }))
      .sort((a, b) => compare(a.ruleId, b.ruleId) || compare(a.constructPath, b.constructPath)),
  };
}

/** The metadata of a rule. */
export function ruleInfo(rule: IRule): PolicyRuleInfo {
  const known = ruleInfos.get(rule);
  if (known && known.id === rule.id && known.pack === rule.pack && known.severity === rule.severity && known.title === rule.title
    && known.description === rule.description && known.fix === rule.fix && known.optOutControl === (rule.optOutControl || undefined)) {
    return known;
  }
  const info: PolicyRuleInfo = Object.freeze({
    id: rule.id,
    pack: rule.pack,
    severity: rule.severity,
    title: rule.title,
    description: rule.description,
    fix: rule.fix,
    ...(rule.optOutControl ? { optOutControl: rule.optOutControl } : {}),
  });
  ruleInfos.set(rule, info);
  return info;
}

/**
 * The report entry of each rule, made once (and again when the rule's fields change): every
 * report of a process describes the same rules with the same, frozen, objects, so the reports
 * can reuse what they derived from them (the SARIF rule descriptors).
 */
const ruleInfos = new WeakMap<IRule, PolicyRuleInfo>();

/** Findings that fail the check. */
export function failingFindings(report: PolicyReport): PolicyFinding[] {
  return report.findings.filter(f => f.failing);
}

/** Suppressions that matched no finding. */
export function unmatchedSuppressions(report: PolicyReport): PolicySuppressionResult[] {
  return report.suppressions.filter(s => s.matched === 0);
}

interface RawFinding {
  readonly finding: RuleFinding;
  readonly severity: Severity;
  /** The rule failed to run: never suppressed. */
  readonly broken: boolean;
}

function runRule(rule: IRule, input: PolicyInput): RawFinding[] {
  const broken = (message: string): RawFinding[] => [{
    severity: Severity.ERROR,
    broken: true,
    finding: { constructPath: `(rule ${rule.id})`, file: '', resource: `rule ${rule.id}`, message },
  }];
  let result: unknown;
  try {
    result = rule.check(input);
  } catch (e: any) {
    return broken(`the rule failed to run, which counts as a failure: ${e?.message ?? String(e)}`);
  }
  if (!Array.isArray(result)) {
    return broken(`the rule returned ${result === null ? 'null' : typeof result} instead of an array of findings, which counts as a failure`);
  }
  const out: RawFinding[] = [];
  for (const f of result as any[]) {
    if (!f || typeof f !== 'object' || typeof f.constructPath !== 'string' || typeof f.message !== 'string') {
      return broken('the rule returned a finding without constructPath or message, which counts as a failure');
    }
    out.push({
      severity: rule.severity,
      broken: false,
      finding: {
        constructPath: f.constructPath,
        file: String(f.file ?? ''),
        resource: String(f.resource ?? ''),
        message: f.message,
        ...(Number.isInteger(f.line) && f.line > 0 ? { line: f.line } : {}),
      },
    });
  }
  return out;
}

function findSuppression(byPath: Map<string, Array<{ s: PolicySuppression; matched: number }>>, ruleId: string, path: string) {
  if (byPath.size === 0) return undefined;
  let p = path;
  for (;;) {
    const hit = byPath.get(p)?.find(r => r.s.ruleId === ruleId);
    if (hit) return hit;
    if (p === '') return undefined;
    const slash = p.lastIndexOf('/');
    p = slash < 0 ? '' : p.slice(0, slash);
  }
}

/**
 * Finds the opt-out annotations that apply to a finding: on the object, on its pod template, and,
 * for a Pod, on the workload that owns it.
 */
class OptOutIndex {
  private objects?: Map<string, KubernetesObject>;
  private byKindName?: Map<string, KubernetesObject>;

  constructor(private readonly input: PolicyInput) {}

  public reason(file: string, resource: string, control: string): string | undefined {
    if (!this.objects) {
      this.objects = new Map();
      this.byKindName = new Map();
      for (const o of this.input.kubernetes) {
        this.objects.set(`${o.file}\u0000${describeObject(o.object)}`, o);
        this.byKindName.set(`${o.object.kind}/${o.object.metadata?.namespace ?? ''}/${o.object.metadata?.name}`, o);
      }
    }
    const o = this.objects.get(`${file}\u0000${resource}`);
    if (!o) return undefined;
    const key = `${OPT_OUT_PREFIX}${control}`;
    const sources = [o.object.metadata?.annotations, podTemplateOf(o.object)?.metadata?.annotations];
    for (const ref of o.object.metadata?.ownerReferences ?? []) {
      const owner = this.byKindName!.get(`${ref?.kind}/${o.object.metadata?.namespace ?? ''}/${ref?.name}`);
      if (owner) sources.push(owner.object.metadata?.annotations);
    }
    for (const annotations of sources) {
      const value = annotations?.[key];
      if (typeof value === 'string' && value.trim().length >= MIN_REASON_LENGTH) return value;
    }
    return undefined;
  }
}
