import * as path from 'path';
import { declaredSuppressions } from './declared-suppressions';
import { atOrAbove, evaluate, parseSeverity, PolicyFinding } from './engine';
import { loadDirectory } from './load';
import { Severity } from './model';
import { Packs } from './packs';
import { writeReports } from './report';
import { diffMain } from '../diff/cli';

/** Exit codes of the checker. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

const USAGE = `Usage: secure-constructs check <dir> [--out <dir>] [--fail-on error|warning|info]

Runs the secure-constructs policy packs over every Kubernetes manifest (*.yaml, *.yml) and
Terraform JSON configuration (cdk.tf.json, *.tf.json) below <dir>, prints the findings and writes
report.json, report.sarif and report.md to --out (default <dir>/policy).

Exit codes: 0 no failing findings, 1 failing findings, 2 usage or parse error.
`;

/** Where the CLI writes; replaceable in tests. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

const processIo: CliIo = {
  out: text => process.stdout.write(text),
  err: text => process.stderr.write(text),
};

interface CheckArgs {
  readonly dir: string;
  readonly out?: string;
  readonly failOn: Severity;
}

function parseArgs(argv: string[]): CheckArgs | string {
  const [command, ...rest] = argv;
  if (command !== 'check') return command === undefined ? 'missing command' : `unknown command "${command}"`;
  let dir: string | undefined;
  let out: string | undefined;
  let failOn = Severity.ERROR;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? rest[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--out') {
      out = value();
    } else if (flag === '--fail-on') {
      const v = value();
      const s = parseSeverity(v);
      if (!s) return `--fail-on must be error, warning or info (received "${v}")`;
      failOn = s;
    } else if (flag.startsWith('-')) {
      return `unknown option "${flag}"`;
    } else if (dir === undefined) {
      dir = arg;
    } else {
      return `unexpected argument "${arg}"`;
    }
  }
  if (dir === undefined) return 'missing <dir>';
  return { dir, out, failOn };
}

class UsageError {
  constructor(public readonly message: string) {}
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** The findings as an aligned text table. */
export function findingsTable(findings: PolicyFinding[]): string {
  const rows = [['SEVERITY', 'RULE', 'CONSTRUCT', 'RESOURCE', 'MESSAGE'],
    ...findings.map(f => [f.suppressed ? `${f.severity} (suppressed)` : f.severity, f.ruleId, f.constructPath, f.resource, f.message])];
  const widths = [0, 1, 2, 3].map(i => Math.min(60, Math.max(...rows.map(r => r[i].length))));
  return rows.map(r => [...r.slice(0, 4).map((c, i) => pad(c, widths[i])), r[4]].join('  ').trimEnd()).join('\n') + '\n';
}

/**
 * The `secure-constructs` command line.
 *
 * @param argv arguments after the program name, e.g. `['check', 'dist']`
 * @returns the exit code: 0 passed, 1 failing findings, 2 usage or parse error
 */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  if (argv[0] === 'diff') return diffMain(argv.slice(1), io);
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(USAGE);
    return EXIT_OK;
  }
  let args: CheckArgs | string;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) args = e.message;
    else throw e;
  }
  if (typeof args === 'string') {
    io.err(`secure-constructs: ${args}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  let input;
  try {
    input = loadDirectory(args.dir);
  } catch (e: any) {
    io.err(`secure-constructs: ${e?.message ?? e}\n`);
    return EXIT_USAGE;
  }
  // The findings the library's own Terraform resources accept, recorded in their `//` block.
  const report = evaluate(input, { rules: Packs.all(), suppressions: declaredSuppressions(input), failOn: args.failOn });
  const outDir = args.out ?? path.join(args.dir, 'policy');
  writeReports(outDir, report, input);

  const failing = report.findings.filter(f => f.failing);
  io.out(report.findings.length ? findingsTable(report.findings) : 'No findings.\n');
  const counts = [Severity.ERROR, Severity.WARNING, Severity.INFO]
    .map(s => `${report.findings.filter(f => !f.suppressed && f.severity === s).length} ${s}`).join(', ');
  io.out(`\nChecked ${input.kubernetes.length} Kubernetes objects and ${input.terraform.length} Terraform resources with ${report.rules.length} rules: ${counts}`
    + `, ${report.findings.filter(f => f.suppressed).length} suppressed. Reports in ${outDir}.\n`);
  if (failing.length > 0) {
    io.out(`FAILED: ${failing.length} finding${failing.length === 1 ? '' : 's'} at or above ${args.failOn}.\n`);
    return EXIT_FINDINGS;
  }
  io.out(`PASSED (threshold ${args.failOn}${report.findings.some(f => !f.suppressed && atOrAbove(f.severity, Severity.INFO)) ? '; findings below it are listed above' : ''}).\n`);
  return EXIT_OK;
}
