import * as fs from 'fs';
import * as path from 'path';
import { PolicyFinding, PolicyReport } from './engine';
import { serviceGraph, ServiceGraph } from './graph';
import { PolicyInput, Severity } from './model';
import { writeOutputFile } from '../app/output-manifest';

/** Name and URL of the tool in SARIF output. */
export const TOOL_NAME = 'secure-constructs';
export const TOOL_URI = 'https://github.com/maintainers/secure-constructs';
/** SARIF base id of artifact locations: the checked (output) directory. */
export const OUTDIR_BASE_ID = 'OUTDIR';

/** JSON with object keys sorted at every level, two-space indented, newline-terminated. */
export function stableStringify(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: { [k: string]: unknown } = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as any)[k];
      if (v !== undefined) out[k] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** Counts of one pack. */
export interface PackCounts {
  pack: string;
  rules: number;
  error: number;
  warning: number;
  info: number;
  suppressed: number;
}

/** Counts per pack: rules, findings by severity (unsuppressed), suppressed findings. */
export function packSummary(report: PolicyReport): PackCounts[] {
  const packs = new Map<string, PackCounts>();
  const get = (pack: string) => {
    let p = packs.get(pack);
    if (!p) packs.set(pack, p = { pack, rules: 0, error: 0, warning: 0, info: 0, suppressed: 0 });
    return p;
  };
  for (const r of report.rules) get(r.pack).rules++;
  for (const f of report.findings) {
    const p = get(f.pack);
    if (f.suppressed) p.suppressed++; else p[f.severity]++;
  }
  return [...packs.values()].sort((a, b) => (a.pack < b.pack ? -1 : a.pack > b.pack ? 1 : 0));
}

/** The JSON report: stable (sorted keys, sorted findings, no timestamps) for diffs and snapshots. */
export function renderJson(report: PolicyReport): string {
  const failing = report.findings.filter(f => f.failing).length;
  return stableStringify({
    tool: TOOL_NAME,
    version: 1,
    failOn: report.failOn,
    passed: failing === 0,
    summary: {
      findings: report.findings.length,
      failing,
      suppressed: report.findings.filter(f => f.suppressed).length,
      packs: packSummary(report),
    },
    rules: report.rules,
    findings: report.findings,
    suppressions: report.suppressions,
  });
}

const SARIF_LEVEL: { [s: string]: string } = { [Severity.ERROR]: 'error', [Severity.WARNING]: 'warning', [Severity.INFO]: 'note' };

/** The SARIF 2.1.0 report, ready for code-scanning upload. */
export function renderSarif(report: PolicyReport): string {
  const ruleIndex = new Map(report.rules.map((r, i) => [r.id, i]));
  const rules = report.rules.map(r => ({
    id: r.id,
    name: r.title.replace(/[^A-Za-z0-9]+/g, ' ').trim().split(' ').map(w => w[0].toUpperCase() + w.slice(1)).join(''),
    shortDescription: { text: r.title },
    fullDescription: { text: r.description },
    help: {
      text: `${r.description}\n\nFix: ${r.fix}\n\nSuppress: Policy.of(construct).suppress('${r.id}', '<reason>')${r.optOutControl ? ` or the opt-out annotation opt-out.secure-constructs.io/${r.optOutControl}` : ''}.`,
      markdown: `${r.description}\n\n**Fix:** ${r.fix}\n\n**Suppress:** \`Policy.of(construct).suppress('${r.id}', '<reason>')\`${r.optOutControl ? ` or the opt-out annotation \`opt-out.secure-constructs.io/${r.optOutControl}\`` : ''}.`,
    },
    defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
    properties: { pack: r.pack, tags: ['security', r.pack] },
  }));
  const results = report.findings.map(f => ({
    ruleId: f.ruleId,
    ...(ruleIndex.has(f.ruleId) ? { ruleIndex: ruleIndex.get(f.ruleId) } : {}),
    level: SARIF_LEVEL[f.severity],
    message: { text: `${f.resource}: ${f.message}` },
    locations: [{
      ...(f.file ? { physicalLocation: { artifactLocation: { uri: f.file, uriBaseId: OUTDIR_BASE_ID } } } : {}),
      logicalLocations: [{ fullyQualifiedName: f.constructPath, name: f.resource, kind: 'resource' }],
    }],
    ...(f.suppressed ? { suppressions: [{ kind: 'external', justification: `${f.suppressionReason} (${f.suppressedBy})` }] } : {}),
  }));
  return stableStringify({
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: TOOL_NAME, informationUri: TOOL_URI, rules } },
      originalUriBaseIds: { [OUTDIR_BASE_ID]: { description: { text: 'The synthesized output directory that was checked.' } } },
      results,
    }],
  });
}

/** Escapes a Markdown table cell. */
function cell(text: string): string {
  return String(text).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** A Mermaid label: no quotes or angle brackets. */
function label(text: string): string {
  return text.replace(/["<>]/g, '\'').replace(/[[\]{}]/g, '');
}

/** The Mermaid `graph LR` of the service graph. */
export function renderMermaid(graph: ServiceGraph): string {
  const ids = new Map(graph.nodes.map((n, i) => [n.id, `s${i}`]));
  const lines = ['graph LR'];
  for (const n of graph.nodes) {
    const marks = [n.tls, n.awsRole ? 'AWS role' : undefined].filter(m => m !== undefined);
    lines.push(`  ${ids.get(n.id)}["${label(n.id)}${marks.length ? `<br/>${label(marks.join(' · '))}` : ''}"]`);
  }
  for (const e of graph.edges) {
    lines.push(`  ${ids.get(e.from)} -->|${label(e.ports.join(', '))}| ${ids.get(e.to)}`);
  }
  return lines.join('\n');
}

function findingRow(f: PolicyFinding): string {
  return `| ${f.severity} | ${f.ruleId} | \`${cell(f.constructPath)}\` | ${cell(f.resource)} | ${cell(f.message)} |`;
}

/** The Markdown report: summary per pack, findings, suppressions and the service graph. */
export function renderMarkdown(report: PolicyReport, input: PolicyInput): string {
  const failing = report.findings.filter(f => f.failing);
  const open = report.findings.filter(f => !f.suppressed);
  const suppressed = report.findings.filter(f => f.suppressed);
  const out: string[] = ['# Policy report', ''];
  out.push(failing.length === 0
    ? `**Passed**: no unsuppressed finding at or above \`${report.failOn}\`.`
    : `**Failed**: ${failing.length} unsuppressed finding${failing.length === 1 ? '' : 's'} at or above \`${report.failOn}\`.`, '');
  out.push('## Summary', '', '| Pack | Rules | Errors | Warnings | Info | Suppressed |', '| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const p of packSummary(report)) out.push(`| ${cell(p.pack)} | ${p.rules} | ${p.error} | ${p.warning} | ${p.info} | ${p.suppressed} |`);
  out.push('', '## Findings', '');
  if (open.length === 0) {
    out.push('No findings.');
  } else {
    out.push('| Severity | Rule | Construct | Resource | Message |', '| --- | --- | --- | --- | --- |', ...open.map(findingRow));
  }
  out.push('', '## Suppressions', '');
  if (suppressed.length === 0) {
    out.push('None.');
  } else {
    out.push('| Rule | Construct | Resource | Reason | By |', '| --- | --- | --- | --- | --- |');
    for (const f of suppressed) {
      out.push(`| ${f.ruleId} | \`${cell(f.constructPath)}\` | ${cell(f.resource)} | ${cell(f.suppressionReason ?? '')} | ${cell(f.suppressedBy ?? '')} |`);
    }
  }
  out.push('', '## Service graph', '', 'Edges are the egress rules of the NetworkPolicies; every other flow is denied when a default-deny policy applies.', '');
  out.push('```mermaid', renderMermaid(serviceGraph(input)), '```', '');
  return out.join('\n');
}

/** Writes `report.json`, `report.sarif` and `report.md` into `dir`. */
export function writeReports(dir: string, report: PolicyReport, input: PolicyInput): void {
  fs.mkdirSync(dir, { recursive: true });
  writeOutputFile(path.join(dir, 'report.json'), renderJson(report));
  writeOutputFile(path.join(dir, 'report.sarif'), renderSarif(report));
  writeOutputFile(path.join(dir, 'report.md'), renderMarkdown(report, input));
}

/** A plain-text list of findings, for error messages and the CLI. */
export function formatFindings(findings: PolicyFinding[]): string {
  return findings.map(f => `- [${f.severity}] ${f.ruleId} ${f.constructPath} (${f.resource}): ${f.message}`).join('\n');
}
