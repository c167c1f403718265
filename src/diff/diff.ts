import * as fs from 'fs';
import * as path from 'path';
import { isStateful, SKIP_DESTROY_TYPES, STATEFUL_RESOURCES } from './stateful';

/**
 * Which stateful resources a change of a Terraform configuration destroys or replaces, found by
 * comparing two outputs (for example `dist/` of the main branch and of a pull request) without
 * running Terraform.
 *
 * A configuration is every Terraform JSON file (`cdk.tf.json`, `*.tf.json`) below a directory; the
 * files of one directory form one Terraform configuration (one state), as Terraform reads them, so
 * each cdktf stack (`stacks/<name>/`) is compared with the stack of the same directory. A stateful
 * resource (see `STATEFUL_RESOURCES`) is
 * - destroyed when its address is gone from its configuration and no `moved` block of the new
 *   configuration maps it to a resource that exists (a resource that reappears in another
 *   directory is in another state: Terraform destroys it here and creates it there);
 * - replaced when an argument that forces replacement (a bucket's, table's, queue's, secret's or
 *   log group's name, a table's hash or range key, a queue's `fifo_queue`, a key's spec...)
 *   changes. References (`${aws_kms_key.k.arn}`) are compared after applying the moves, so a moved
 *   key does not make the resources that use it look replaced.
 *
 * Resources inside modules are not seen (their configuration is in the module's source).
 */

/** What happens to a stateful resource. */
export enum DestructionKind {
  /** The resource leaves the configuration: Terraform destroys it. */
  DESTROYED = 'destroyed',
  /** An argument that forces replacement changes: Terraform destroys it and creates a new one. */
  REPLACED = 'replaced',
}

/** A stateful resource that a change destroys or replaces. */
export interface Destruction {
  /** Directory of its configuration, relative to the compared directory (`/` separators). */
  readonly configuration: string;
  /** Its address in the old configuration, `<type>.<name>`. */
  readonly address: string;
  /** Its resource type. */
  readonly type: string;
  /** Destroyed or replaced. */
  readonly kind: DestructionKind;
  /** Why, in words: the address is gone, or which arguments change from what to what. */
  readonly reason: string;
  /** The arguments that force replacement and change (replaced resources only). */
  readonly arguments: string[];
  /** The construct path cdktf recorded for it (`//.metadata.path`), when there is one. */
  readonly constructPath?: string;
  /**
   * Whether the old configuration protects it (`lifecycle.prevent_destroy`): the plan then fails
   * instead of destroying it, which still blocks the change.
   */
  readonly preventDestroy: boolean;
  /** Whether the old configuration has `skip_destroy` (log groups): the remote object and its data are left in place, outside Terraform. */
  readonly skipDestroy: boolean;
}

/** The stateful resources a change destroys or replaces. */
export interface DestructionReport {
  /** Every destruction, by configuration and address. */
  readonly destructions: Destruction[];
  /** The configurations (directories) compared. */
  readonly configurations: string[];
}

/** One Terraform configuration (the JSON files of one directory), as the diff reads it. */
export interface TerraformConfiguration {
  /** Resources by address `<type>.<name>`. */
  readonly resources: Map<string, { type: string; config: any }>;
  /** `moved` blocks: from address to address. */
  readonly moved: Map<string, string>;
}

/** Configurations by directory (relative, `/` separators; `.` for the top directory). */
export type TerraformConfigurations = Map<string, TerraformConfiguration>;

/** An output that cannot be read (not a directory, malformed JSON). */
export class DiffInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DiffInputError';
    Object.setPrototypeOf(this, DiffInputError.prototype);
  }
}

const TF_JSON_FILE = /(^|\/)(cdk\.tf\.json|[^/]+\.tf\.json)$/;
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.terraform']);

/**
 * Reads every Terraform JSON file below `dir`, grouped into one configuration per directory.
 *
 * @throws DiffInputError when `dir` is not a directory or a file is not valid JSON
 */
export function readConfigurations(dir: string): TerraformConfigurations {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new DiffInputError(`${dir}: not a directory`);
  const result: TerraformConfigurations = new Map();
  for (const file of listFiles(dir, '')) {
    if (!TF_JSON_FILE.test(file)) continue;
    let json: any;
    try {
      json = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    } catch (e: any) {
      throw new DiffInputError(`${path.join(dir, file)}: not valid JSON (${e?.message ?? e})`);
    }
    const key = path.posix.dirname(file);
    let configuration = result.get(key);
    if (!configuration) result.set(key, configuration = { resources: new Map(), moved: new Map() });
    addConfiguration(configuration, json);
  }
  return result;
}

function listFiles(root: string, rel: string): string[] {
  const entries = fs.readdirSync(path.join(root, rel), { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const e of entries) {
    const relPath = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) {
      if (!SKIPPED_DIRS.has(e.name)) files.push(...listFiles(root, relPath));
    } else if (e.isFile()) {
      files.push(relPath);
    }
  }
  return files;
}

/** Terraform's JSON syntax allows a list of objects wherever a block map is expected. */
function objectsOf(value: unknown): any[] {
  if (Array.isArray(value)) return value.filter(v => v && typeof v === 'object');
  return value && typeof value === 'object' ? [value] : [];
}

/** `aws_s3_bucket.a` from `aws_s3_bucket.a` or `${aws_s3_bucket.a}`. */
function addressOf(expression: unknown): string | undefined {
  if (typeof expression !== 'string') return undefined;
  const m = /^\$\{(.+)\}$/.exec(expression.trim());
  return (m ? m[1] : expression).trim();
}

/** Adds the resources and `moved` blocks of one Terraform JSON document to `into`. */
export function addConfiguration(into: TerraformConfiguration, json: any): void {
  for (const byType of objectsOf(json?.resource)) {
    for (const [type, byName] of Object.entries(byType)) {
      for (const named of objectsOf(byName)) {
        for (const [name, config] of Object.entries(named)) {
          into.resources.set(`${type}.${name}`, { type, config: Array.isArray(config) ? config[0] : config });
        }
      }
    }
  }
  for (const block of objectsOf(json?.moved)) {
    const from = addressOf(block.from);
    const to = addressOf(block.to);
    if (from && to) into.moved.set(from, to);
  }
}

/** Where `address` ends up after following the `moved` chain (a cycle stops where it closes). */
function follow(moved: Map<string, string>, address: string): string {
  const seen = new Set<string>([address]);
  let current = address;
  for (let next = moved.get(current); next !== undefined && !seen.has(next); next = moved.get(current)) {
    seen.add(next);
    current = next;
  }
  return current;
}

/** `value` with every reference to a moved address rewritten to its target. */
function applyMoves(value: any, moved: Map<string, string>): any {
  if (moved.size === 0) return value;
  if (typeof value === 'string') {
    return value.replace(/\$\{([^}]*)\}/g, (_whole, inner: string) => `\${${inner.replace(/\b[A-Za-z0-9_]+\.[A-Za-z0-9_-]+/g, (ref: string) =>
      (moved.has(ref) ? follow(moved, ref) : ref))}}`);
  }
  if (Array.isArray(value)) return value.map(v => applyMoves(v, moved));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, applyMoves(v, moved)]));
  return value;
}

/** Stable JSON for comparison (object keys sorted). */
function canonical(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object') {
    return `{${Object.keys(value as object).sort().map(k => `${JSON.stringify(k)}:${canonical((value as any)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function show(value: unknown): string {
  return value === undefined || value === null ? 'unset' : JSON.stringify(value);
}

function lifecycleOf(config: any): any {
  return objectsOf(config?.lifecycle)[0] ?? {};
}

const isTrue = (x: unknown) => x === true || x === 'true';

/**
 * The stateful resources that going from the `before` configurations to the `after` ones destroys
 * or replaces, by configuration and address.
 */
export function diffConfigurations(before: TerraformConfigurations, after: TerraformConfigurations): DestructionReport {
  const destructions: Destruction[] = [];
  const elsewhere = (address: string, except: string) => [...after.entries()]
    .filter(([k, c]) => k !== except && c.resources.has(address)).map(([k]) => k);
  for (const [key, old] of [...before.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const now = after.get(key);
    for (const [address, { type, config }] of [...old.resources.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (!isStateful(type)) continue;
      const base = {
        configuration: key,
        address,
        type,
        constructPath: typeof config?.['//']?.metadata?.path === 'string' ? config['//'].metadata.path : undefined,
        preventDestroy: isTrue(lifecycleOf(config).prevent_destroy),
        skipDestroy: SKIP_DESTROY_TYPES.includes(type) && isTrue(config?.skip_destroy),
      };
      if (!now) {
        const there = elsewhere(address, key);
        destructions.push({
          ...base,
          kind: DestructionKind.DESTROYED,
          arguments: [],
          reason: `its configuration ${key} is gone from the output${there.length ? ` (the address reappears in ${there.join(', ')}: another state)` : ''}`,
        });
        continue;
      }
      const target = follow(now.moved, address);
      const successor = now.resources.get(target);
      if (!successor || successor.type !== type) {
        const there = elsewhere(address, key);
        const why = target !== address
          ? `a moved block maps it to ${target}, which ${successor ? `is of type ${successor.type}` : 'is not in the configuration'}`
          : there.length
            ? `it leaves this configuration for ${there.join(', ')} (another state)`
            : 'the address is gone and no moved block maps it';
        destructions.push({ ...base, kind: DestructionKind.DESTROYED, arguments: [], reason: why });
        continue;
      }
      const changed: string[] = [];
      const details: string[] = [];
      for (const arg of STATEFUL_RESOURCES[type]) {
        const was = applyMoves(config?.[arg], now.moved);
        const is = successor.config?.[arg];
        if (canonical(was) !== canonical(is)) {
          changed.push(arg);
          details.push(`${arg} changes from ${show(config?.[arg])} to ${show(is)}`);
        }
      }
      if (changed.length > 0) {
        destructions.push({
          ...base,
          kind: DestructionKind.REPLACED,
          arguments: changed,
          reason: `${details.join('; ')}${target !== address ? ` (moved to ${target})` : ''}`,
        });
      }
    }
  }
  return { destructions, configurations: [...new Set([...before.keys(), ...after.keys()])].sort() };
}

/**
 * The stateful resources that going from the output in `beforeDir` to the one in `afterDir`
 * destroys or replaces. This is the function behind `secure-constructs diff` and the one a test
 * matcher calls.
 *
 * @throws DiffInputError when a directory cannot be read
 */
export function diffOutputs(beforeDir: string, afterDir: string): DestructionReport {
  return diffConfigurations(readConfigurations(beforeDir), readConfigurations(afterDir));
}

/** One line per destruction, for the CLI and for test failure messages. */
export function formatDestructions(report: DestructionReport): string {
  if (report.destructions.length === 0) return 'No stateful resource is destroyed or replaced.\n';
  const lines = report.destructions.map(d => {
    const guard = d.preventDestroy ? ' [prevent_destroy: the plan fails]' : d.skipDestroy ? ' [skip_destroy: the remote object is left in place]' : '';
    return `${d.kind.toUpperCase().padEnd(9)} ${d.configuration}: ${d.address}${d.constructPath ? ` (${d.constructPath})` : ''}: ${d.reason}${guard}`;
  });
  const n = report.destructions.length;
  return `${lines.join('\n')}\n\n${n} stateful resource${n === 1 ? '' : 's'} destroyed or replaced.\n`;
}
