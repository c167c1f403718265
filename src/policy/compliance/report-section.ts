import { CatalogControl, FrameworkCatalog } from './catalog';
import { CATALOGS } from './catalogs';
import { Framework } from './framework';
import { mappedRuleIds as allMappedRuleIds, mappingsOf } from './mappings';
import { PolicyFinding, PolicyReport } from '../engine';

/** What a report shows for one rule or control. */
export type EvidenceStatus = 'passed' | 'failed' | 'suppressed' | 'not-run';

/** Said at the top of every compliance section, in JSON and Markdown. */
export const NO_CLAIM = 'Evidence from the synthesized infrastructure code only; this is not a compliance assessment or attestation. '
  + 'A passed rule shows that the written output meets the rule, not that the running system or the organisation meets the control.';

/** A suppression reason, and how many of the rule's findings it accepted. */
export interface SuppressionEvidence {
  readonly reason: string;
  readonly by: string;
  readonly findings: number;
}

/** One rule's result as evidence for one control. */
export interface RuleEvidence {
  readonly ruleId: string;
  readonly title: string;
  readonly rationale: string;
  readonly status: EvidenceStatus;
  /** Unsuppressed findings. */
  readonly open: number;
  /** Suppressed findings. */
  readonly suppressed: number;
  readonly suppressions: SuppressionEvidence[];
}

/** One control and the rules that evidence it. */
export interface ControlEvidence {
  readonly id: string;
  readonly title: string;
  readonly group: string;
  readonly status: EvidenceStatus;
  readonly rules: RuleEvidence[];
}

/** A control or group that the library does not evidence, and why. */
export interface OutOfScopeEntry {
  readonly id: string;
  readonly title: string;
  readonly reason: string;
}

/** The section of one framework in report.json. */
export interface ComplianceSection {
  readonly framework: Framework;
  readonly name: string;
  readonly version: string;
  readonly source: string;
  readonly notice: string;
  readonly summary: { readonly [status: string]: number };
  readonly controls: ControlEvidence[];
  /** Groups (families, sections, articles) and controls the library does not evidence. */
  readonly notEvidenced: OutOfScopeEntry[];
}

const ORDER: EvidenceStatus[] = ['failed', 'suppressed', 'passed', 'not-run'];

function worst(statuses: EvidenceStatus[]): EvidenceStatus {
  // A control fails when one of its rules fails; it is "not run" only when none of its rules ran.
  const ran: EvidenceStatus[] = statuses.filter(s => s !== 'not-run');
  if (ran.length === 0) return 'not-run';
  return ORDER.find(s => ran.includes(s))!;
}

function ruleEvidence(ruleId: string, rationale: string, report: PolicyReport, byRule: Map<string, PolicyFinding[]>): RuleEvidence {
  const info = report.rules.find(r => r.id === ruleId);
  const findings = byRule.get(ruleId) ?? [];
  const open = findings.filter(f => !f.suppressed).length;
  const suppressedFindings = findings.filter(f => f.suppressed);
  const reasons = new Map<string, SuppressionEvidence>();
  for (const f of suppressedFindings) {
    const key = `${f.suppressionReason}\u0000${f.suppressedBy}`;
    const prev = reasons.get(key);
    reasons.set(key, { reason: f.suppressionReason ?? '', by: f.suppressedBy ?? '', findings: (prev?.findings ?? 0) + 1 });
  }
  const status: EvidenceStatus = !info ? 'not-run' : open > 0 ? 'failed' : suppressedFindings.length > 0 ? 'suppressed' : 'passed';
  return {
    ruleId,
    title: info?.title ?? '',
    rationale,
    status,
    open,
    suppressed: suppressedFindings.length,
    suppressions: [...reasons.values()].sort((a, b) => (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : a.by < b.by ? -1 : a.by > b.by ? 1 : 0)),
  };
}

/** The rules (by id, sorted) that map to each control of `catalog`. */
function mappingIndex(catalog: FrameworkCatalog, ruleIds: string[]): Map<string, Array<{ ruleId: string; rationale: string }>> {
  const index = new Map<string, Array<{ ruleId: string; rationale: string }>>();
  for (const ruleId of [...ruleIds].sort()) {
    for (const m of mappingsOf(ruleId)) {
      if (m.framework !== catalog.framework) continue;
      const list = index.get(m.control) ?? [];
      list.push({ ruleId, rationale: m.rationale });
      index.set(m.control, list);
    }
  }
  return index;
}

/**
 * The controls of `catalog` that `ruleIds` evidence, and the groups and controls they do not,
 * independent of any result (docs/compliance.md uses the same).
 */
export function coverage(catalog: FrameworkCatalog, ruleIds: string[]): {
  evidenced: Array<{ control: CatalogControl; rules: Array<{ ruleId: string; rationale: string }> }>;
  notEvidenced: OutOfScopeEntry[];
} {
  const index = mappingIndex(catalog, ruleIds);
  const evidenced = catalog.controls.filter(c => index.has(c.id)).map(control => ({ control, rules: index.get(control.id)! }));
  const notEvidenced: OutOfScopeEntry[] = [];
  for (const group of catalog.groups) {
    const controls = catalog.controls.filter(c => c.group === group.id);
    const anyEvidenced = controls.some(c => index.has(c.id));
    if (!anyEvidenced) {
      notEvidenced.push({ id: group.id, title: group.title, reason: group.outOfScope ?? 'no rule of the library evidences this group' });
      continue;
    }
    for (const c of controls.filter(x => !index.has(x.id))) {
      notEvidenced.push({ id: c.id, title: c.title, reason: c.outOfScope ?? 'no rule of the library evidences this control' });
    }
    if (!catalog.complete) {
      notEvidenced.push({
        id: `${group.id} (other)`,
        title: group.title,
        reason: `the other ${catalog.name} controls of this ${catalog.framework === Framework.NIST_800_53_R5 ? 'family' : 'section'} are not evidenced by the library`,
      });
    }
  }
  return { evidenced, notEvidenced };
}

/** The compliance section of one framework, from a report's findings and suppressions. */
export function complianceSection(report: PolicyReport, framework: Framework): ComplianceSection {
  const catalog = CATALOGS[framework];
  const byRule = new Map<string, PolicyFinding[]>();
  for (const f of report.findings) {
    const list = byRule.get(f.ruleId) ?? [];
    list.push(f);
    byRule.set(f.ruleId, list);
  }
  // Every rule the table maps, whether or not it ran: a mapped rule that did not run is "not-run".
  const ruleIds = [...new Set([...report.rules.map(r => r.id), ...allMappedRuleIds()])];
  const { evidenced, notEvidenced } = coverage(catalog, ruleIds);
  const controls = evidenced.map(({ control, rules }) => {
    const evidence = rules.map(r => ruleEvidence(r.ruleId, r.rationale, report, byRule));
    return { id: control.id, title: control.title, group: control.group, status: worst(evidence.map(e => e.status)), rules: evidence };
  });
  const summary: { [status: string]: number } = { controls: controls.length, notEvidenced: notEvidenced.length };
  for (const s of ORDER) summary[s] = controls.filter(c => c.status === s).length;
  return {
    framework,
    name: catalog.name,
    version: catalog.version,
    source: catalog.source,
    notice: NO_CLAIM,
    summary,
    controls,
    notEvidenced,
  };
}

/** The `compliance` member of report.json: one section per framework, or undefined for none. */
export function complianceJson(report: PolicyReport, frameworks: readonly Framework[] = []): ComplianceSection[] | undefined {
  return frameworks.length === 0 ? undefined : frameworks.map(f => complianceSection(report, f));
}

function cell(text: string): string {
  return String(text).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function ruleCell(r: RuleEvidence): string {
  const counts = r.status === 'failed' ? ` (${r.open} open${r.suppressed ? `, ${r.suppressed} suppressed` : ''})`
    : r.status === 'suppressed' ? ` (${r.suppressed})` : '';
  return `${r.ruleId} ${r.status}${counts}`;
}

/**
 * The compliance sections of report.md: for each framework a blank line and the section (whose
 * last line is not blank); no lines at all for no frameworks.
 */
export function complianceMarkdown(report: PolicyReport, frameworks: readonly Framework[] = []): string[] {
  const all: string[] = [];
  for (const s of complianceJson(report, frameworks) ?? []) {
    const out: string[] = [];
    out.push(`## Compliance evidence: ${s.name} ${s.version}`, '', `> ${NO_CLAIM}`, '',
      `${s.summary.controls} controls evidenced by rules: ${s.summary.failed} failed, ${s.summary.suppressed} suppressed, ${s.summary.passed} passed`
        + `${s.summary['not-run'] ? `, ${s.summary['not-run']} not run` : ''}. Source of the ids: ${s.source}.`, '');
    if (s.controls.length > 0) {
      out.push('| Control | Title | Status | Rules | Why the rules are evidence |', '| --- | --- | --- | --- | --- |');
      for (const c of s.controls) {
        out.push(`| ${cell(c.id)} | ${cell(c.title)} | ${c.status} | ${cell(c.rules.map(ruleCell).join(', '))} | ${cell(c.rules.map(r => `${r.ruleId}: ${r.rationale}`).join('; '))} |`);
      }
      out.push('');
    }
    const suppressed = s.controls.flatMap(c => c.rules.filter(r => r.suppressions.length > 0).map(r => ({ c, r })));
    if (suppressed.length > 0) {
      out.push('Suppressed findings behind these controls:', '', '| Control | Rule | Findings | Reason | By |', '| --- | --- | ---: | --- | --- |');
      for (const { c, r } of suppressed) {
        for (const x of r.suppressions) out.push(`| ${cell(c.id)} | ${r.ruleId} | ${x.findings} | ${cell(x.reason)} | ${cell(x.by)} |`);
      }
      out.push('');
    }
    out.push('Not evidenced by this library (outside what infrastructure code can show, or not covered by a rule):', '',
      '| Control or group | Title | Why |', '| --- | --- | --- |',
      ...s.notEvidenced.map(n => `| ${cell(n.id)} | ${cell(n.title)} | ${cell(n.reason)} |`));
    all.push('', ...out);
  }
  return all;
}
