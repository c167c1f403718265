import { diffOutputs, DiffInputError, formatDestructions } from './diff';

/** Where the command writes (the checker's `CliIo`). */
interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const DIFF_USAGE = `Usage: secure-constructs diff <old-dir> <new-dir> [--format text|json]

Lists the stateful resources (KMS keys, secrets, buckets, tables, queues, log groups, databases...)
that going from the Terraform JSON configurations (cdk.tf.json, *.tf.json) below <old-dir> to those
below <new-dir> would destroy or replace: an address that disappears without a moved block that maps
it, a resource that leaves its directory (its state), or an argument that forces replacement that
changes. The files of one directory are one configuration; directories are compared by their path.

Exit codes: 0 nothing destroyed or replaced, 1 something is, 2 usage or read error.
`;

/**
 * `secure-constructs diff <old-dir> <new-dir> [--format text|json]`.
 *
 * @param args the arguments after `diff`
 * @returns 0 when no stateful resource is destroyed or replaced, 1 when one is, 2 on a usage or
 * read error
 */
export function diffMain(args: string[], io: Io): number {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(DIFF_USAGE);
    return 0;
  }
  const dirs: string[] = [];
  let format = 'text';
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--format' || arg.startsWith('--format=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[++i];
      if (value !== 'text' && value !== 'json') return usage(io, `--format must be text or json (received ${value === undefined ? 'nothing' : `"${value}"`})`);
      format = value;
    } else if (arg.startsWith('-')) {
      return usage(io, `unknown option "${arg}"`);
    } else {
      dirs.push(arg);
    }
  }
  if (dirs.length !== 2) return usage(io, dirs.length < 2 ? 'diff needs <old-dir> and <new-dir>' : `unexpected argument "${dirs[2]}"`);
  let report;
  try {
    report = diffOutputs(dirs[0], dirs[1]);
  } catch (e) {
    if (e instanceof DiffInputError) {
      io.err(`secure-constructs: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  io.out(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatDestructions(report));
  return report.destructions.length > 0 ? 1 : 0;
}

function usage(io: Io, problem: string): number {
  io.err(`secure-constructs: ${problem}\n\n${DIFF_USAGE}`);
  return 2;
}
