import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Framework } from './compliance/framework';
import { complianceJson, complianceMarkdown } from './compliance/report-section';
import { PolicyFinding, PolicyReport, PolicyRuleInfo } from './engine';
import { serviceGraph } from './graph';
import { INPUT_PACK } from './input-issues';
import { renderServiceGraphSection } from './mermaid';
import { PolicyInput, Severity } from './model';
import { Packs } from './packs';
import { toolVersion } from './version';
import { writeAll, writeOutputFile, writeOutputFileWith } from '../app/output-manifest';

/** Name and URL of the tool in SARIF output. */
export const TOOL_NAME = 'secure-constructs';
export const TOOL_URI = 'https://github.com/maintainers/secure-constructs';
/** The rule catalog in the repository; each rule has a section whose anchor is its id in lower case. */
export const RULE_DOCS_URI = `${TOOL_URI}/blob/main/docs/policies.md`;
/** The checker's documentation in the repository (input errors and remarks). */
export const CHECKER_DOCS_URI = `${TOOL_URI}/blob/main/docs/checker.md`;
/**
 * SARIF base id of artifact locations: the base directory (the checked directory unless another
 * base is given), mapped by code scanning to the repository root when the base is the checkout.
 */
export const SRCROOT_BASE_ID = '%SRCROOT%';

let builtInIds: Set<string> | undefined;

/**
 * The documentation of a rule: its section of docs/policies.md for the library's rules, the
 * checker's docs for the input checks, none for an app's own rules.
 */
export function ruleDocsUri(rule: { readonly id: string; readonly pack: string }): string | undefined {
  if (rule.pack === INPUT_PACK) return `${CHECKER_DOCS_URI}#input-errors-and-remarks`;
  builtInIds ??= new Set(Packs.all().map(r => r.id));
  return builtInIds.has(rule.id) ? `${RULE_DOCS_URI}#${rule.id.toLowerCase()}` : undefined;
}

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
export function renderJson(report: PolicyReport, frameworks: readonly Framework[] = []): string {
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
    compliance: complianceJson(report, frameworks),
  });
}

const SARIF_LEVEL: { [s: string]: string } = { [Severity.ERROR]: 'error', [Severity.WARNING]: 'warning', [Severity.INFO]: 'note' };

/**
 * `security-severity` of a rule for code scanning (a number as a string: 9.0 and above critical,
 * 7.0 high, 4.0 medium, 0.1 low): errors are high, warnings medium, info low.
 */
export const SECURITY_SEVERITY: { [s: string]: string } = { [Severity.ERROR]: '8.0', [Severity.WARNING]: '5.0', [Severity.INFO]: '2.0' };

/** The `automationDetails.id` of the SARIF run: the category code scanning files the results under. */
export const SARIF_AUTOMATION_ID = `${TOOL_NAME}/`;

/** Options of the SARIF report. */
export interface SarifOptions {
  /**
   * Path of the checked directory relative to the base directory (`/`-separated), prefixed to
   * every file in artifact locations; e.g. `dist` when the base is the repository root and the
   * output is in `dist/`.
   *
   * @default '' (the base is the checked directory)
   */
  readonly uriPrefix?: string;
}

function sarifRuleName(title: string): string {
  return title.replace(/[^A-Za-z0-9]+/g, ' ').trim().split(' ').filter(w => w !== '').map(w => w[0].toUpperCase() + w.slice(1)).join('');
}

/** A fingerprint of a finding that does not move with its line: rule, file, construct, resource, message. */
export function findingFingerprint(f: PolicyFinding): string {
  return createHash('sha256').update([f.ruleId, f.file, f.constructPath, f.resource, f.message].join('\u0000')).digest('hex').slice(0, 32);
}

/** The SARIF 2.1.0 report, ready for code-scanning upload. */
export function renderSarif(report: PolicyReport, options: SarifOptions = {}): string {
  const { head, rules, tail } = sarifDocument(report, options);
  return rules ? head + rules.text + tail : head;
}

/** The SARIF report written to `file`: the rule descriptors from their encoded copy. */
function writeSarif(file: string, report: PolicyReport, options: SarifOptions): void {
  const { head, rules, tail } = sarifDocument(report, options);
  writeOutputFileWith(file, fd => {
    writeAll(fd, Buffer.from(head, 'utf8'));
    if (rules) {
      writeAll(fd, rules.bytes());
      writeAll(fd, Buffer.from(tail, 'utf8'));
    }
  });
}

/**
 * The SARIF document in three parts: the text before the rule descriptors, the descriptors (when
 * there are rules) and the text after them.
 */
function sarifDocument(report: PolicyReport, options: SarifOptions): { head: string; rules?: RulesText; tail: string } {
  const prefix = (options.uriPrefix ?? '').replace(/\\/g, '/').replace(/^\.\/?/, '').replace(/\/+$/, '');
  const uriOf = (file: string) => encodeURI(prefix ? `${prefix}/${file}` : file);
  const ruleIndex = new Map(report.rules.map((r, i) => [r.id, i]));
  const rules = report.rules;
  const results = report.findings.map(f => ({
    ruleId: f.ruleId,
    ...(ruleIndex.has(f.ruleId) ? { ruleIndex: ruleIndex.get(f.ruleId) } : {}),
    level: SARIF_LEVEL[f.severity],
    message: { text: `${f.resource}: ${f.message}` },
    locations: [{
      ...(f.file ? {
        physicalLocation: {
          artifactLocation: { uri: uriOf(f.file), uriBaseId: SRCROOT_BASE_ID },
          ...(f.line ? { region: { startLine: f.line } } : {}),
        },
      } : {}),
      logicalLocations: [{ fullyQualifiedName: f.constructPath, name: f.resource, kind: 'resource' }],
    }],
    partialFingerprints: { 'secureConstructsFinding/v1': findingFingerprint(f) },
    ...(f.suppressed ? { suppressions: [{ kind: 'external', justification: `${f.suppressionReason} (${f.suppressedBy})` }] } : {}),
  }));
  const text = stableStringify({
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: TOOL_NAME, version: toolVersion(), informationUri: TOOL_URI, rules: rules.length ? [RULES_PLACEHOLDER] : [] } },
      automationDetails: { id: SARIF_AUTOMATION_ID },
      originalUriBaseIds: {
        [SRCROOT_BASE_ID]: { description: { text: prefix ? `The base directory; the checked output is ${prefix}/ below it.` : 'The checked (output) directory.' } },
      },
      results,
    }],
  });
  if (!rules.length) return { head: text, tail: '' };
  // The rule descriptors take the placeholder's line, each indented as the placeholder was. With
  // sorted keys, `tool` comes after `results`, and nothing after `rules` holds text from the
  // input: the last occurrence is the placeholder, even when a finding's text is the same string.
  const at = text.lastIndexOf(`"${RULES_PLACEHOLDER}"`);
  const lineStart = text.lastIndexOf('\n', at) + 1;
  const indent = text.slice(lineStart, at);
  return { head: text.slice(0, lineStart), rules: sarifRulesText(rules, indent), tail: text.slice(at + RULES_PLACEHOLDER.length + 2) };
}

/** The rule descriptors' text, and its UTF-8 encoding (made on first use, then kept with the text). */
interface RulesText {
  readonly text: string;
  bytes(): Buffer;
}

/** Stands for the rule descriptors in the SARIF document until their text is put in its place. */
const RULES_PLACEHOLDER = 'secure-constructs:rules';

/**
 * The SARIF descriptor of each rule, as the JSON text of its place in the document (sorted keys,
 * two-space indented, each line indented as the placeholder was). Every report of a process
 * describes the same rules with the same frozen entries (see `ruleInfo`), so each is rendered once.
 */
const ruleTexts = new WeakMap<PolicyRuleInfo, { readonly indent: string; readonly text: string }>();

/**
 * The last rule list described and its text. Joining the descriptors (about 250 KB for the
 * library's rules) costs about as much again as the rest of the report, and the reports of one
 * process describe the same list.
 */
let lastRules: { readonly rules: readonly PolicyRuleInfo[]; readonly indent: string; readonly text: RulesText } | undefined;

/**
 * The descriptors of `rules` as the SARIF document's `rules` array holds them (without brackets).
 * Their encoding is kept too: encoding text that joins pieces of this size costs more than
 * rendering it (about 1 ms per report here).
 */
function sarifRulesText(rules: readonly PolicyRuleInfo[], indent: string): RulesText {
  const last = lastRules;
  if (last && last.indent === indent && last.rules.length === rules.length && last.rules.every((r, i) => r === rules[i])) return last.text;
  const text = rules.map(r => {
    const known = ruleTexts.get(r);
    if (known?.indent === indent) return known.text;
    const descriptor = indent + JSON.stringify(sortKeys(sarifRule(r)), null, 2).replace(/\n/g, `\n${indent}`);
    ruleTexts.set(r, { indent, text: descriptor });
    return descriptor;
  }).join(',\n');
  let bytes: Buffer | undefined;
  const rulesText = { text, bytes: () => (bytes ??= Buffer.from(text, 'utf8')) };
  lastRules = { rules: [...rules], indent, text: rulesText };
  return rulesText;
}

/** The SARIF `reportingDescriptor` of a rule. */
function sarifRule(r: PolicyRuleInfo): object {
  const docs = ruleDocsUri(r);
  const suppress = r.pack === INPUT_PACK ? 'Not suppressible: fix or remove the file.'
    : `Policy.of(construct).suppress('${r.id}', '<reason>')${r.optOutControl ? ` or the opt-out annotation opt-out.secure-constructs.io/${r.optOutControl}` : ''}.`;
  return {
    id: r.id,
    name: sarifRuleName(r.title),
    shortDescription: { text: r.title },
    fullDescription: { text: r.description },
    ...(docs ? { helpUri: docs } : {}),
    help: {
      text: `${r.description}\n\nFix: ${r.fix}\n\nSuppress: ${suppress}${docs ? `\n\nDocumentation: ${docs}` : ''}`,
      markdown: `${r.description}\n\n**Fix:** ${r.fix}\n\n**Suppress:** ${r.pack === INPUT_PACK ? suppress
        : `\`Policy.of(construct).suppress('${r.id}', '<reason>')\`${r.optOutControl ? ` or the opt-out annotation \`opt-out.secure-constructs.io/${r.optOutControl}\`` : ''}.`}${docs ? `\n\n[Documentation](${docs})` : ''}`,
    },
    defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
    properties: {
      'pack': r.pack,
      'tags': ['security', r.pack, r.severity],
      'precision': 'high',
      'problem.severity': r.severity === Severity.INFO ? 'recommendation' : r.severity,
      'security-severity': SECURITY_SEVERITY[r.severity],
    },
  };
}

/** Escapes a Markdown table cell. */
function cell(text: string): string {
  return String(text).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** `file:line` of a finding (`file` alone when the line is not known). */
export function locationOf(f: { readonly file: string; readonly line?: number }): string {
  return f.file ? (f.line ? `${f.file}:${f.line}` : f.file) : '';
}

function ruleLink(id: string, rules: Map<string, PolicyRuleInfo>): string {
  const rule = rules.get(id);
  const docs = rule ? ruleDocsUri(rule) : undefined;
  return docs ? `[${id}](${docs})` : id;
}

function findingRow(f: PolicyFinding, rules: Map<string, PolicyRuleInfo>): string {
  const location = locationOf(f);
  return `| ${f.severity} | ${ruleLink(f.ruleId, rules)} | ${location ? `\`${cell(location)}\`` : ''} | \`${cell(f.constructPath)}\` | ${cell(f.resource)} | ${cell(f.message)} | ${cell(rules.get(f.ruleId)?.fix ?? '')} |`;
}

/** The Markdown report: summary per pack, findings, suppressions and the service graph. */
export function renderMarkdown(report: PolicyReport, input: PolicyInput, frameworks: readonly Framework[] = []): string {
  const failing = report.findings.filter(f => f.failing);
  const open = report.findings.filter(f => !f.suppressed);
  const suppressed = report.findings.filter(f => f.suppressed);
  const rules = new Map(report.rules.map(r => [r.id, r]));
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
    out.push('| Severity | Rule | Location | Construct | Resource | Message | Fix |', '| --- | --- | --- | --- | --- | --- | --- |',
      ...open.map(f => findingRow(f, rules)));
  }
  out.push('', '## Suppressions', '');
  if (suppressed.length === 0) {
    out.push('None.');
  } else {
    out.push('| Rule | Location | Construct | Resource | Reason | By |', '| --- | --- | --- | --- | --- | --- |');
    for (const f of suppressed) {
      const location = locationOf(f);
      out.push(`| ${ruleLink(f.ruleId, rules)} | ${location ? `\`${cell(location)}\`` : ''} | \`${cell(f.constructPath)}\` | ${cell(f.resource)} | ${cell(f.suppressionReason ?? '')} | ${cell(f.suppressedBy ?? '')} |`);
    }
  }
  out.push(...complianceMarkdown(report, frameworks));
  out.push('', '## Service graph', '');
  out.push(...renderServiceGraphSection(serviceGraph(input)));
  return out.join('\n');
}

/** Writes `report.json`, `report.sarif` and `report.md` into `dir`. */
export function writeReports(dir: string, report: PolicyReport, input: PolicyInput, sarif: SarifOptions = {},
  frameworks: readonly Framework[] = []): void {
  fs.mkdirSync(dir, { recursive: true });
  writeOutputFile(path.join(dir, 'report.json'), renderJson(report, frameworks));
  writeSarif(path.join(dir, 'report.sarif'), report, sarif);
  writeOutputFile(path.join(dir, 'report.md'), renderMarkdown(report, input, frameworks));
}

/** A plain-text list of findings, for error messages and the CLI. */
export function formatFindings(findings: PolicyFinding[]): string {
  return findings.map(f => `- [${f.severity}] ${f.ruleId} ${f.constructPath} (${f.resource}${f.file ? ` at ${locationOf(f)}` : ''}): ${f.message}`).join('\n');
}
