import { atOrAbove, compareFindings, PolicyFinding, PolicyReport, PolicyRuleInfo } from './engine';
import { PolicyInput, Severity } from './model';

/** The pack of the checks on the input itself. */
export const INPUT_PACK = 'input';

/** A file (or a document in it) that could not be read: never suppressible, always failing. */
export const INPUT_ERROR_RULE: PolicyRuleInfo = {
  id: 'INPUT-001',
  pack: INPUT_PACK,
  severity: Severity.ERROR,
  title: 'Every input file is read',
  description: 'A file that kubectl or Terraform would read could not be read, or a document in it is not a Kubernetes object, or it was refused '
    + '(a YAML bomb, nesting deeper than 100 levels). Its objects were not checked, so the check cannot pass; the other files were checked.',
  fix: 'Fix the file at the line given (or remove it from the directory), then check again.',
};

/** A remark on the input: read, with something left out on purpose. */
export const INPUT_NOTE_RULE: PolicyRuleInfo = {
  id: 'INPUT-002',
  pack: INPUT_PACK,
  severity: Severity.INFO,
  title: 'Input read with a remark',
  description: 'The input was read with a remark: a null item of a `kind: List` was skipped, or a symbolic link that leads back to a directory '
    + 'already being read was not followed (its files are read once, through the directory itself).',
  fix: 'Nothing to fix for the check; remove the null item or the looping link to silence the remark.',
};

/**
 * The report with the input's issues added as findings of `INPUT-001` (errors, failing at any
 * threshold) and `INPUT-002` (remarks), and those rules listed when they have findings. A report
 * of an input without issues is returned as it is.
 */
export function withInputIssues(report: PolicyReport, input: PolicyInput): PolicyReport {
  const issues = input.issues ?? [];
  if (issues.length === 0) return report;
  const findings: PolicyFinding[] = issues.map(i => {
    const rule = i.severity === Severity.ERROR ? INPUT_ERROR_RULE : INPUT_NOTE_RULE;
    return {
      ruleId: rule.id,
      pack: rule.pack,
      severity: rule.severity,
      title: rule.title,
      constructPath: i.file,
      file: i.file,
      line: i.line,
      resource: i.file,
      message: i.message,
      suppressed: false,
      failing: atOrAbove(rule.severity, report.failOn),
    };
  });
  const used = [INPUT_ERROR_RULE, INPUT_NOTE_RULE].filter(r => findings.some(f => f.ruleId === r.id));
  const rules = [...report.rules.filter(r => !used.some(u => u.id === r.id)), ...used]
    .sort((a, b) => (a.pack < b.pack ? -1 : a.pack > b.pack ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { ...report, rules, findings: [...report.findings, ...findings].sort(compareFindings) };
}

/** Whether the input has an error-level issue (a file or document not checked). */
export function hasInputErrors(input: PolicyInput): boolean {
  return (input.issues ?? []).some(i => i.severity === Severity.ERROR);
}
