import * as fs from 'fs';
import * as path from 'path';
import { Framework, FRAMEWORKS, parseFramework } from './compliance/framework';
import { declaredSuppressions } from './declared-suppressions';
import { atOrAbove, evaluate, parseSeverity, PolicyFinding } from './engine';
import { hasInputErrors, withInputIssues } from './input-issues';
import { loadDirectory } from './load';
import { Severity } from './model';
import { Packs } from './packs';
import { locationOf, writeReports } from './report';
import { toolVersion } from './version';
import { diffMain } from '../diff/cli';

/** Exit codes of the checker. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

const USAGE = `Usage: secure-constructs check <dir> [--out <dir>] [--fail-on error|warning|info] [--base <dir>] [--framework <id>]...
       secure-constructs --version

Runs the secure-constructs policy packs over every file below <dir> that kubectl apply -R or
Terraform would read: Kubernetes manifests (*.yaml, *.yml, and *.json holding an object with
apiVersion and kind) and Terraform JSON (*.tf.json), following symbolic links. Prints the findings
with file:line and writes report.json, report.sarif and report.md to --out (default <dir>/policy).
Each --framework (${FRAMEWORKS.join(', ')}) adds a section of compliance evidence to report.json and report.md.

  --out <dir>       where the reports go (a directory; created when missing)
  --fail-on <sev>   lowest severity that fails the check (default error)
  --base <dir>      directory the SARIF file paths are relative to, e.g. the repository root for
                    code scanning (default <dir>)

Exit codes: 0 no failing findings, 1 failing findings, 2 usage error, nothing to check, or a file
that could not be read (the other files are still checked and reported).
`;

/** Where the CLI writes; replaceable in tests. */
export interface CliIo {
  /** Whether to colour the output (default: stdout is a terminal and `NO_COLOR` is not set). */
  readonly color?: boolean;
  out(text: string): void;
  err(text: string): void;
}

const processIo: CliIo = {
  out: text => process.stdout.write(text),
  err: text => process.stderr.write(text),
};

/** Colour on a terminal only, and never when `NO_COLOR` is set (https://no-color.org) or TERM is dumb. */
export function colorByDefault(env: NodeJS.ProcessEnv = process.env, isTty: boolean = !!process.stdout.isTTY): boolean {
  return isTty && !(env.NO_COLOR !== undefined && env.NO_COLOR !== '') && env.TERM !== 'dumb';
}

interface CheckArgs {
  readonly dir: string;
  readonly out?: string;
  readonly base?: string;
  readonly failOn: Severity;
  readonly frameworks: Framework[];
}

function parseArgs(argv: string[]): CheckArgs | string {
  const [command, ...rest] = argv;
  if (command !== 'check') return command === undefined ? 'missing command' : `unknown command "${command}"`;
  let dir: string | undefined;
  let out: string | undefined;
  let base: string | undefined;
  let failOn = Severity.ERROR;
  const frameworks: Framework[] = [];
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
    } else if (flag === '--base') {
      base = value();
    } else if (flag === '--fail-on') {
      const v = value();
      const s = parseSeverity(v);
      if (!s) return `--fail-on must be error, warning or info (received "${v}")`;
      failOn = s;
    } else if (flag === '--framework') {
      const v = value();
      const f = parseFramework(v);
      if (!f) return `--framework must be one of ${FRAMEWORKS.join(', ')} (received "${v}")`;
      if (!frameworks.includes(f)) frameworks.push(f);
    } else if (flag.startsWith('-')) {
      return `unknown option "${flag}"`;
    } else if (dir === undefined) {
      dir = arg;
    } else {
      return `unexpected argument "${arg}"`;
    }
  }
  if (dir === undefined) return 'missing <dir>';
  return { dir, out, base, failOn, frameworks };
}

class UsageError {
  constructor(public readonly message: string) {}
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

const COLORS: { [severity: string]: string } = { [Severity.ERROR]: '\u001b[31m', [Severity.WARNING]: '\u001b[33m', [Severity.INFO]: '\u001b[36m' };
const DIM = '\u001b[2m';
const BOLD = '\u001b[1m';
const RESET = '\u001b[0m';

/** The findings as an aligned text table, each with its `file:line`; severities coloured when `color`. */
export function findingsTable(findings: PolicyFinding[], color = false): string {
  const rows = [['SEVERITY', 'RULE', 'LOCATION', 'CONSTRUCT', 'RESOURCE', 'MESSAGE'],
    ...findings.map(f => [f.suppressed ? `${f.severity} (suppressed)` : f.severity, f.ruleId, locationOf(f), f.constructPath, f.resource, f.message])];
  const widths = [0, 1, 2, 3, 4].map(i => Math.min(60, Math.max(...rows.map(r => r[i].length))));
  return rows.map((r, row) => {
    const cells = [...r.slice(0, 5).map((c, i) => pad(c, widths[i])), r[5]];
    if (color) {
      if (row === 0) return `${BOLD}${cells.join('  ').trimEnd()}${RESET}`;
      const f = findings[row - 1];
      cells[0] = `${f.suppressed ? DIM : COLORS[f.severity] ?? ''}${cells[0]}${RESET}`;
    }
    return cells.join('  ').trimEnd();
  }).join('\n') + '\n';
}

/** An error message for a path that exists but is not a directory, or cannot be one. */
function outDirProblem(out: string): string | undefined {
  for (let p = path.resolve(out); ; p = path.dirname(p)) {
    if (fs.existsSync(p)) {
      if (!fs.statSync(p).isDirectory()) {
        return p === path.resolve(out) ? `--out ${out}: is a file, not a directory; give a directory for the reports (it is created when missing)`
          : `--out ${out}: ${p} is a file, so the directory cannot be created`;
      }
      return undefined;
    }
    if (path.dirname(p) === p) return undefined;
  }
}

/**
 * The `secure-constructs` command line.
 *
 * @param argv arguments after the program name, e.g. `['check', 'dist']`
 * @returns the exit code: 0 passed, 1 failing findings, 2 usage error, nothing to check or an
 * unreadable file
 */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  if (argv[0] === 'diff') return diffMain(argv.slice(1), io);
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(USAGE);
    return EXIT_OK;
  }
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v' || argv[0] === 'version')) {
    io.out(`${toolVersion()}\n`);
    return EXIT_OK;
  }
  const color = io.color ?? (io === processIo && colorByDefault());
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
  const outDir = args.out ?? path.join(args.dir, 'policy');
  const outProblem = outDirProblem(outDir);
  if (outProblem) {
    io.err(`secure-constructs: ${outProblem}\n`);
    return EXIT_USAGE;
  }
  let uriPrefix = '';
  if (args.base !== undefined) {
    if (!fs.existsSync(args.base) || !fs.statSync(args.base).isDirectory()) {
      io.err(`secure-constructs: --base ${args.base}: not a directory\n`);
      return EXIT_USAGE;
    }
    uriPrefix = path.relative(fs.realpathSync(args.base), fs.existsSync(args.dir) ? fs.realpathSync(args.dir) : path.resolve(args.dir)).split(path.sep).join('/');
    if (uriPrefix === '..' || uriPrefix.startsWith('../') || path.isAbsolute(uriPrefix)) {
      io.err(`secure-constructs: --base ${args.base}: must contain ${args.dir}, so that report paths are relative to it\n`);
      return EXIT_USAGE;
    }
  }
  let input;
  try {
    input = loadDirectory(args.dir);
  } catch (e: any) {
    io.err(`secure-constructs: ${e?.message ?? e}\n`);
    return EXIT_USAGE;
  }
  const issues = input.issues ?? [];
  for (const i of issues) io.err(`secure-constructs: ${i.file}:${i.line}: ${i.severity === Severity.ERROR ? 'not checked: ' : ''}${i.message}\n`);
  if (input.kubernetes.length === 0 && input.terraform.length === 0 && !issues.some(i => i.severity === Severity.ERROR)) {
    io.err(`secure-constructs: nothing to check in ${args.dir}: no Kubernetes manifest (*.yaml, *.yml, *.json with apiVersion and kind) `
      + 'and no Terraform JSON (*.tf.json) below it. Check the path.\n');
    return EXIT_USAGE;
  }
  // The findings the library's own Terraform resources accept, recorded in their `//` block.
  const evaluated = evaluate(input, { rules: Packs.all(), suppressions: declaredSuppressions(input), failOn: args.failOn });
  const report = withInputIssues(evaluated, input);
  writeReports(outDir, report, input, { uriPrefix }, args.frameworks);

  const failing = report.findings.filter(f => f.failing);
  io.out(report.findings.length ? findingsTable(report.findings, color) : 'No findings.\n');
  const counts = [Severity.ERROR, Severity.WARNING, Severity.INFO]
    .map(s => `${report.findings.filter(f => !f.suppressed && f.severity === s).length} ${s}`).join(', ');
  io.out(`\nChecked ${input.kubernetes.length} Kubernetes objects and ${input.terraform.length} Terraform resources with ${evaluated.rules.length} rules: ${counts}`
    + `, ${report.findings.filter(f => f.suppressed).length} suppressed. Reports in ${outDir}.\n`);
  const paint = (text: string, code: string) => (color ? `${code}${BOLD}${text}${RESET}` : text);
  if (hasInputErrors(input)) {
    const unread = issues.filter(i => i.severity === Severity.ERROR);
    io.out(`${paint('FAILED', COLORS[Severity.ERROR])}: ${unread.length} input problem${unread.length === 1 ? '' : 's'} (INPUT-001): `
      + `not everything could be checked${failing.length > unread.length ? `; and ${failing.length - unread.length} failing finding${failing.length - unread.length === 1 ? '' : 's'}` : ''}.\n`);
    return EXIT_USAGE;
  }
  if (failing.length > 0) {
    io.out(`${paint('FAILED', COLORS[Severity.ERROR])}: ${failing.length} finding${failing.length === 1 ? '' : 's'} at or above ${args.failOn}.\n`);
    return EXIT_FINDINGS;
  }
  io.out(`${paint('PASSED', '\u001b[32m')} (threshold ${args.failOn}${report.findings.some(f => !f.suppressed && atOrAbove(f.severity, Severity.INFO)) ? '; findings below it are listed above' : ''}).\n`);
  return EXIT_OK;
}
