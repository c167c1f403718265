import * as path from 'path';
import { IConstruct } from 'constructs';
import { declaredSuppressions } from './declared-suppressions';
import { evaluate, failingFindings, PolicyReport, PolicySuppression, unmatchedSuppressions } from './engine';
import { withInputIssues } from './input-issues';
import { KnownFile, kubernetesFromManifests, loadDirectory } from './load';
import { PolicyInput, Severity } from './model';
import { Policy, PolicyOptions, rulesOf } from './policy';
import { formatFindings, writeReports } from './report';
import { WrittenManifest } from '../app/kubernetes-writer';
import { fail } from '../core/errors';

/** The suppressions made in code that matched no finding, by report. */
const unmatchedInCode = new WeakMap<PolicyReport, PolicySuppression[]>();

/** Whether `path` is `scope` or below it (`''` is the root). */
function within(scope: string, constructPath: string): boolean {
  return scope === '' || constructPath === scope || constructPath.startsWith(`${scope}/`);
}

/** Where the reports go, below the app's outdir. */
export const POLICY_DIR = 'policy';

/**
 * Runs the library's packs and the app's own rules over what `app` wrote to `outdir`
 * (`kubernetes/` and `terraform/`) and writes the reports to `<outdir>/policy/`. When the
 * manifests synth just wrote are given, their objects are taken from memory instead of parsing the
 * YAML back, and so are the Terraform configurations given in `configurations` (by absolute
 * path). `terraformSubdir` is where the Terraform layout is, relative to `outdir`.
 */
export function runPolicyCheck(app: IConstruct, outdir: string, options: PolicyOptions = {}, manifests?: WrittenManifest[],
  terraformSubdir = 'terraform', configurations: ReadonlyArray<KnownFile & { readonly file: string }> = []): PolicyReport {
  let input: PolicyInput;
  if (manifests) {
    const known = new Map(configurations.map(c => [path.resolve(c.file), c]));
    const terraform = loadDirectory(outdir, [terraformSubdir], known);
    input = { kubernetes: kubernetesFromManifests(outdir, manifests), terraform: terraform.terraform, issues: terraform.issues };
  } else {
    input = loadDirectory(outdir, ['kubernetes', terraformSubdir]);
  }
  // The suppressions as the written output records them (the app's own were written into the
  // objects and resources they concern before synthesis), the same ones `secure-constructs check`
  // reads: both reports are the same.
  const suppressions = declaredSuppressions(input);
  // A file that could not be read is a failing finding (INPUT-001), as in `secure-constructs check`.
  const report = withInputIssues(evaluate(input, { rules: rulesOf(app), suppressions, failOn: options.failOn ?? Severity.ERROR }), input);
  writeReports(path.join(outdir, POLICY_DIR), report, input, {}, options.frameworks ?? []);
  // A suppression in code that accepted no finding is stale.
  unmatchedInCode.set(report, Policy._collect(app)
    .filter(s => !report.findings.some(f => f.suppressed && f.ruleId === s.ruleId && within(s.constructPath, f.constructPath))));
  return report;
}

/**
 * Throws when a suppression matches nothing (ConfigurationError) or an unsuppressed finding
 * reaches the threshold (Error listing the findings).
 */
export function assertPolicyPassed(report: PolicyReport, outdir: string): void {
  const reportDir = path.join(outdir, POLICY_DIR);
  const unmatched = unmatchedInCode.get(report) ?? unmatchedSuppressions(report);
  if (unmatched.length > 0) {
    const s = unmatched[0];
    fail(s.constructPath, `suppress('${s.ruleId}')`, s.reason,
      `the suppression matches no finding${unmatched.length > 1 ? ` (and ${unmatched.length - 1} more: ${unmatched.slice(1).map(u => `${u.ruleId} at ${u.constructPath}`).join(', ')})` : ''}`,
      'remove the suppression: the rule passes for this construct');
  }
  const failing = failingFindings(report);
  if (failing.length > 0) {
    throw new Error(`Policy check failed: ${failing.length} finding${failing.length === 1 ? '' : 's'} at or above "${report.failOn}" `
      + `(details in ${path.join(reportDir, 'report.md')}):\n${formatFindings(failing)}\n`
      + 'Fix the output, or accept a finding with Policy.of(construct).suppress(ruleId, reason).');
  }
}
