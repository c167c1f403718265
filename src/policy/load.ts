import { isAscii } from 'buffer';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as jsYaml from 'js-yaml';
import type * as Yaml from 'yaml';
import { asPlatformResources, linkCrossStackReferences } from './cross-stack';
import { KubernetesObject, PolicyInput, PolicyInputIssue, Severity, TerraformResource } from './model';
import { parseOnWorker, PendingParse } from './parallel-parse';
import { WrittenManifest } from '../app/kubernetes-writer';
import { CONSTRUCT_PATH_ANNOTATION } from '../network/labels';

const YAML_FILE = /\.ya?ml$/i;
const TF_JSON_FILE = /\.tf\.json$/i;
const JSON_FILE = /\.json$/i;
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.terraform']);

/**
 * Deepest nesting of a document that is read (mappings and sequences). Kubernetes objects,
 * CRD schemas included, stay far below it; deeper input is refused rather than risking the stack.
 */
export const MAX_DEPTH = 100;

/**
 * A document whose aliases expand it to more nodes than this (and than ten times the nodes it
 * spells out) is refused as a YAML bomb ("billion laughs").
 */
export const MAX_EXPANDED_NODES = 100_000;

/** Every object and resource read, and what could not be read. */
export interface LoadResult extends PolicyInput {
  readonly issues: PolicyInputIssue[];
}

/**
 * Reads every file `kubectl apply -f <dir> -R` and Terraform would read below `dir` (or below its
 * `subdirs` only), in a stable (sorted) order: Kubernetes manifests (`*.yaml`, `*.yml`,
 * multi-document; `*.json` holding an object with `apiVersion` and `kind`, `kind: List`
 * included) and Terraform JSON configurations (`*.tf.json`). Symbolic links to files and
 * directories are followed; a link back to a directory being read is reported, not followed.
 * File names are relative to `dir`, with `/` separators.
 *
 * A file that cannot be read, or a document in it that is not a Kubernetes object, does not stop
 * the others: it is listed in `issues` with its file and line, and the rest is read.
 *
 * `known` gives, by absolute path, the text (and value) of files the caller has just written: they
 * are taken from memory instead of being read back.
 *
 * @throws Error when `dir` is not a directory
 */
export function loadDirectory(dir: string, subdirs?: string[], known: ReadonlyMap<string, KnownFile> = new Map()): LoadResult {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new Error(`${dir}: not a directory`);
  }
  const kubernetes: KubernetesObject[] = [];
  const terraform: TerraformResource[] = [];
  const issues: PolicyInputIssue[] = [];
  const files = subdirs === undefined ? listFiles(dir, '', issues)
    : subdirs.filter(s => fs.existsSync(path.join(dir, s))).flatMap(s => listFiles(dir, s, issues));
  for (const file of files) {
    const isYaml = YAML_FILE.test(file);
    const isTerraform = TF_JSON_FILE.test(file);
    if (!isYaml && !JSON_FILE.test(file)) continue;
    // A file given with its text is not read; a Terraform configuration given as its value and
    // key lines needs no text at all.
    const given = known.get(path.resolve(dir, file));
    const written = given?.text !== undefined || (isTerraform && given?.value !== undefined && given.lines) ? given : undefined;
    let text: string;
    try {
      text = written?.text ?? (written ? '' : readText(path.join(dir, file)));
    } catch (e: any) {
      issues.push({ file, line: 1, severity: Severity.ERROR, message: `cannot be read: ${e?.code ?? e?.message ?? e}` });
      continue;
    }
    const result = isYaml ? readKubernetesYaml(file, text)
      : isTerraform ? readTerraformJson(file, text, written?.value, written?.lines)
        : readJson(file, text);
    kubernetes.push(...result.kubernetes);
    terraform.push(...result.terraform);
    issues.push(...result.issues);
  }
  return { kubernetes, terraform: linkCrossStackReferences(dir, terraform), issues };
}

/**
 * A file the caller has just written: its text, or the value `JSON.parse` reads from it with the
 * line of each resource key (of a Terraform configuration), or both.
 */
export interface KnownFile {
  readonly text?: string;
  readonly value?: unknown;
  readonly lines?: ReadonlyMap<string, number>;
}

const UTF8 = new TextDecoder('utf-8');

/**
 * A file's text, without a leading byte order mark. A file of ASCII only (most manifests) is
 * copied as Latin-1, which gives the same text without decoding UTF-8 (a third faster); reading the
 * bytes and decoding them is twice as fast on large files as `readFileSync(file, 'utf8')` on Node 20.
 */
function readText(file: string): string {
  const bytes = fs.readFileSync(file);
  if (typeof isAscii === 'function' && isAscii(bytes)) return bytes.toString('latin1');
  const text = UTF8.decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function compareNames(a: fs.Dirent, b: fs.Dirent): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** The files below `root/rel`, following symbolic links; links back to an ancestor are reported. */
function listFiles(root: string, rel: string, issues: PolicyInputIssue[]): string[] {
  const files: string[] = [];
  const walk = (relDir: string, ancestors: Map<string, string>) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(root, relDir), { withFileTypes: true }).sort(compareNames);
    } catch (err: any) {
      if (relDir === rel) throw err;
      issues.push({ file: relDir, line: 1, severity: Severity.ERROR, message: `directory cannot be read (${err?.code ?? err?.message ?? err})` });
      return;
    }
    for (const e of entries) {
      const relPath = relDir ? `${relDir}/${e.name}` : e.name;
      const abs = path.join(root, relPath);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        try {
          const st = fs.statSync(abs);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch (err: any) {
          if (err?.code === 'ELOOP') {
            issues.push({ file: relPath, line: 1, severity: Severity.INFO, message: 'symbolic link loop: not followed' });
          } else if (YAML_FILE.test(e.name) || JSON_FILE.test(e.name)) {
            issues.push({ file: relPath, line: 1, severity: Severity.ERROR, message: `symbolic link to a file that cannot be read (${err?.code ?? err?.message ?? err})` });
          }
          continue;
        }
      }
      if (isDir) {
        if (SKIPPED_DIRS.has(e.name)) continue;
        const real = fs.realpathSync(abs);
        const ancestor = ancestors.get(real);
        if (ancestor !== undefined) {
          issues.push({ file: relPath, line: 1, severity: Severity.INFO, message: `symbolic link loop: leads back to ${ancestor === '' ? 'the checked directory' : ancestor}, which is read once; not followed` });
          continue;
        }
        walk(relPath, new Map([...ancestors, [real, relPath]]));
      } else if (isFile) {
        files.push(relPath);
      }
    }
  };
  walk(rel, new Map([[fs.realpathSync(path.join(root, rel)), rel]]));
  return files;
}

/** `<kind>/<namespace>/<name>` of an object (namespace `-` when it has none). */
function objectId(object: any): string {
  return `${object.kind}/${object.metadata?.namespace ?? '-'}/${object.metadata?.name ?? '-'}`;
}

/** One document of a YAML stream: where its text is and where its content starts. */
export interface YamlDocumentSpan {
  /** Offset of its first character (a `---` marker, directive or comment included). */
  readonly start: number;
  /** Offset after its last character. */
  readonly end: number;
  /** 1-based line of `start`. */
  readonly startLine: number;
  /** 1-based line of its first content (undefined for an empty document). */
  readonly contentLine?: number;
}

/**
 * Splits a YAML stream into its documents at `---` and `...` lines. A document marker at the
 * start of a line (followed by a space, a tab or the line end) cannot occur inside a document's
 * content (YAML 1.2, `c-forbidden`), so this split is exact; it lets every document be parsed on
 * its own and located by line, in time linear in the text.
 */
export function splitYamlDocuments(text: string): YamlDocumentSpan[] {
  const docs: YamlDocumentSpan[] = [];
  let start = 0;
  let startLine = 1;
  let contentLine: number | undefined;
  let marker = false;
  let pos = 0;
  let line = 1;
  const close = (end: number) => {
    docs.push({ start, end, startLine, ...(contentLine !== undefined ? { contentLine } : {}) });
  };
  while (pos < text.length) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = text.length;
    const c = text.charCodeAt(pos);
    const isMarker = (c === 45 /* - */ || c === 46 /* . */) && text.charCodeAt(pos + 1) === c && text.charCodeAt(pos + 2) === c
      && (pos + 3 >= eol || text[pos + 3] === ' ' || text[pos + 3] === '\t' || text[pos + 3] === '\r');
    if (isMarker && c === 45) {
      if (marker || contentLine !== undefined) {
        close(pos);
        start = pos;
        startLine = line;
        contentLine = undefined;
      }
      marker = true;
      const rest = text.slice(pos + 3, eol).trim();
      if (rest !== '' && !rest.startsWith('#') && contentLine === undefined) contentLine = line;
    } else if (isMarker) {
      // `...` ends the document; what follows starts the next one.
      close(eol < text.length ? eol + 1 : eol);
      start = eol + 1;
      startLine = line + 1;
      contentLine = undefined;
      marker = false;
    } else if (contentLine === undefined) {
      let i = pos;
      while (i < eol && (text[i] === ' ' || text[i] === '\t' || text[i] === '\r')) i++;
      const ch = text[i];
      if (i < eol && ch !== '#' && !(ch === '%' && i === pos && !marker)) contentLine = line;
    }
    pos = eol + 1;
    line++;
  }
  if (start < text.length || docs.length === 0 || marker) close(text.length);
  return docs;
}

/** The result of reading one file. */
interface FileResult {
  readonly kubernetes: KubernetesObject[];
  readonly terraform: TerraformResource[];
  readonly issues: PolicyInputIssue[];
}

/**
 * Reads a (multi-document) Kubernetes manifest. Empty documents are skipped; `kind: List`
 * documents are expanded into their items (null items are skipped, with a remark). A document
 * that does not parse or is not a Kubernetes object is reported with its line; the others are
 * read.
 *
 * Documents are parsed with js-yaml (YAML 1.2 core schema), which accepts what kubectl's parser
 * accepts, e.g. a multi-line double-quoted scalar whose continuation lines are not indented past
 * their key (the `yaml` package refuses those as YAML 1.2 requires, with no option to relax it).
 * A document js-yaml refuses (an application tag such as `!!binary`) is given to the `yaml`
 * package, and refused only when both refuse it.
 */
export function readKubernetesYaml(file: string, text: string, options: ReadOptions = {}): FileResult {
  const kubernetes: KubernetesObject[] = [];
  const issues: PolicyInputIssue[] = [];
  const error = (line: number, message: string) => issues.push({ file, line, severity: Severity.ERROR, message });
  const spans = splitYamlDocuments(text);
  // A large file: the documents of its second half are parsed on a worker thread meanwhile.
  const threshold = options.parallelFromBytes ?? PARALLEL_FROM_BYTES;
  let firstOnWorker = spans.length;
  let pending: PendingParse | undefined;
  if (text.length >= threshold && spans.length > 1 && availableParallelism() > 1) {
    const half = text.length / 2;
    firstOnWorker = spans.findIndex(s => s.start >= half);
    if (firstOnWorker > 0) {
      pending = parseOnWorker(spans.slice(firstOnWorker).map(s => text.slice(s.start, s.end)), MAX_DEPTH);
    }
    if (!pending) firstOnWorker = spans.length;
  }
  let fromWorker: Array<string | null> | undefined;
  for (let docIndex = 0; docIndex < spans.length; docIndex++) {
    const span = spans[docIndex];
    if (span.contentLine === undefined) continue;
    const docText = text.slice(span.start, span.end);
    let parsed: ParsedDocument;
    if (docIndex >= firstOnWorker) {
      fromWorker ??= pending!.take();
      const json = fromWorker[docIndex - firstOnWorker];
      parsed = json !== null ? { value: JSON.parse(json), checked: JS_YAML_LIMITS_DEPTH } : parseYamlDocument(docText);
    } else {
      parsed = parseYamlDocument(docText);
    }
    if ('error' in parsed) {
      error(span.startLine - 1 + parsed.line, parsed.error);
      continue;
    }
    const value = parsed.value;
    const line = span.contentLine;
    if (value === null || value === undefined) continue;
    const problem = parsed.checked && !docText.includes('&') ? undefined : shapeProblem(value, docText.includes('&'));
    if (problem) {
      error(line, `document ${docIndex} refused: ${problem}`);
      continue;
    }
    if (typeof value !== 'object' || Array.isArray(value)) {
      error(line, `document ${docIndex} is not a Kubernetes object (expected a mapping with apiVersion and kind)`);
      continue;
    }
    const items = listItems(value);
    const itemLines = items ? listItemLines(docText, items.length) : undefined;
    for (const [i, object] of (items ?? [value]).entries()) {
      const itemLine = itemLines ? span.startLine - 1 + itemLines[i] : line;
      const what = items ? `item ${i} of the List in document ${docIndex}` : `document ${docIndex}`;
      if (items && object === null) {
        issues.push({ file, line: itemLine, severity: Severity.INFO, message: `${what} is null: skipped` });
      } else if (!isObject(object)) {
        error(itemLine, `${what} is not a Kubernetes object (apiVersion and kind are required)`);
      } else {
        kubernetes.push(kubernetesObject(file, docIndex, object, itemLine));
      }
    }
  }
  return { kubernetes, terraform: [], issues };
}

/**
 * Parses a (multi-document) Kubernetes manifest. Like {@link readKubernetesYaml}, but the first
 * problem is thrown.
 *
 * @throws Error naming the file and line of malformed YAML or of a document that is not a
 * Kubernetes object
 */
export function parseKubernetesYaml(file: string, text: string): KubernetesObject[] {
  const result = readKubernetesYaml(file, text);
  const first = result.issues.find(i => i.severity === Severity.ERROR);
  if (first) throw new Error(`${first.file}:${first.line}: ${first.message}`);
  return result.kubernetes;
}

/** Options of {@link readKubernetesYaml}. */
export interface ReadOptions {
  /**
   * Files of at least this many characters have half their documents parsed on a worker thread.
   *
   * @default PARALLEL_FROM_BYTES
   */
  readonly parallelFromBytes?: number;
}

/**
 * Size from which a manifest's documents are parsed on two threads: below it, starting a worker
 * costs more than it saves.
 */
export const PARALLEL_FROM_BYTES = 4 * 1024 * 1024;

function availableParallelism(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

const JS_YAML_OPTIONS: jsYaml.LoadOptions = { schema: jsYaml.CORE_SCHEMA, maxDepth: MAX_DEPTH } as jsYaml.LoadOptions;

/** Whether this js-yaml refuses documents nested past `maxDepth` (4.3 and later do; older ones ignore the option). */
const JS_YAML_LIMITS_DEPTH = (() => {
  try {
    jsYaml.load('a: [[[1]]]', { maxDepth: 2 } as jsYaml.LoadOptions);
    return false;
  } catch {
    return true;
  }
})();

let yamlModule: typeof Yaml | undefined;

/** The `yaml` package, loaded on first use: only documents js-yaml refuses need it. */
function yamlPackage(): typeof Yaml {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (yamlModule ??= require('yaml') as typeof Yaml);
}

/** A parsed document (`checked`: its depth is known to be within MAX_DEPTH), or why it does not parse. */
type ParsedDocument = { value: unknown; checked?: boolean } | { error: string; line: number };

/** Parses one YAML document; `line` of an error is 1-based within `text`. */
function parseYamlDocument(text: string): ParsedDocument {
  let refusal: jsYaml.YAMLException;
  try {
    return { value: jsYaml.load(text, JS_YAML_OPTIONS), checked: JS_YAML_LIMITS_DEPTH };
  } catch (e: any) {
    if (e instanceof RangeError) return { error: `refused: nested too deeply (more than ${MAX_DEPTH} levels)`, line: 1 };
    if (!(e instanceof jsYaml.YAMLException)) throw e;
    if (/maxDepth/.test(e.reason ?? '')) return { error: `refused: nested more than ${MAX_DEPTH} levels deep`, line: (e.mark?.line ?? 0) + 1 };
    refusal = e;
  }
  try {
    const doc = yamlPackage().parseDocument(text, { uniqueKeys: true });
    const error = doc.errors[0];
    if (error) {
      // The message's own position is within the document: the line returned is within the file.
      return { error: `malformed YAML: ${error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`, line: error.linePos?.[0]?.line ?? (refusal.mark?.line ?? 0) + 1 };
    }
    return { value: doc.toJSON() };
  } catch (e: any) {
    if (e instanceof RangeError) return { error: `refused: nested too deeply (more than ${MAX_DEPTH} levels)`, line: 1 };
    if (e instanceof ReferenceError && /alias/i.test(e.message)) {
      return { error: `refused: its aliases expand too far (a YAML bomb): ${e.message}`, line: 1 };
    }
    return { error: `malformed YAML: ${refusal.reason}`, line: (refusal.mark?.line ?? 0) + 1 };
  }
}

function isObject(value: unknown): value is { [k: string]: any } {
  return !!value && typeof value === 'object' && !Array.isArray(value)
    && typeof (value as any).kind === 'string' && typeof (value as any).apiVersion === 'string';
}

/** The items of a `kind: List` document, else undefined. */
function listItems(value: any): any[] | undefined {
  return value.kind === 'List' && Array.isArray(value.items) ? value.items : undefined;
}

/**
 * The 1-based lines (within the document) where the items of its top-level `items:` block
 * sequence start, when they can be told apart (`count` of them); else undefined.
 */
function listItemLines(text: string, count: number): number[] | undefined {
  const lines = text.split('\n');
  const itemsAt = lines.findIndex(l => /^items:\s*(#.*)?$/.test(l.trimEnd()));
  if (itemsAt < 0) return undefined;
  let indent: number | undefined;
  const result: number[] = [];
  for (let i = itemsAt + 1; i < lines.length; i++) {
    const l = lines[i];
    const trimmed = l.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const lead = l.length - trimmed.length;
    const isItem = trimmed === '-' || trimmed.startsWith('- ');
    if (indent === undefined) {
      if (!isItem) return undefined;
      indent = lead;
    }
    if (lead < indent || (lead === indent && !isItem)) break;
    if (lead === indent) result.push(i + 1);
  }
  return result.length === count ? result : undefined;
}

/**
 * Why a parsed document is refused: nested more than {@link MAX_DEPTH} levels, or (when it may
 * hold aliases, which parse to shared values) expanded by them past {@link MAX_EXPANDED_NODES}.
 */
function shapeProblem(value: unknown, mayShare: boolean): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  if (!mayShare) return depthOf(value, 0) > MAX_DEPTH ? `nested more than ${MAX_DEPTH} levels deep` : undefined;
  // Shared values are measured once each: linear in the distinct values, however far they expand.
  const size = new Map<object, number>();
  const depth = new Map<object, number>();
  const visit = (v: object, level: number): boolean => {
    if (size.has(v)) return true;
    if (level > MAX_DEPTH) return false;
    size.set(v, -1);
    let s = 1;
    let d = 1;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (child && typeof child === 'object') {
        if (!visit(child, level + 1)) return false;
        const cs = size.get(child)!;
        if (cs < 0) return false; // a cycle
        s += cs;
        d = Math.max(d, depth.get(child)! + 1);
      } else {
        s += 1;
      }
    }
    size.set(v, s);
    depth.set(v, d);
    return true;
  };
  if (!visit(value, 1) || depth.get(value)! > MAX_DEPTH) return `nested more than ${MAX_DEPTH} levels deep (or an alias refers to itself)`;
  const expanded = size.get(value)!;
  if (expanded > MAX_EXPANDED_NODES && expanded > 10 * distinctNodes(size)) {
    return `its aliases expand it to ${expanded} nodes (a YAML bomb; at most ${MAX_EXPANDED_NODES} are read)`;
  }
  return undefined;
}

function distinctNodes(size: Map<object, number>): number {
  let n = 0;
  for (const v of size.keys()) n += 1 + (Array.isArray(v) ? v.length : Object.keys(v).length);
  return n;
}

/** Depth of a value without shared parts, counting at most `MAX_DEPTH + 1` levels. */
function depthOf(value: any, level: number): number {
  if (!value || typeof value !== 'object') return level;
  if (level > MAX_DEPTH) return level + 1;
  let max = level + 1;
  for (const child of Array.isArray(value) ? value : Object.values(value)) {
    if (child && typeof child === 'object') max = Math.max(max, depthOf(child, level + 1));
  }
  return max;
}

/**
 * Reads a `*.json` file that is not Terraform: an object with `apiVersion` and `kind` (or a
 * `kind: List`) is a Kubernetes object, as `kubectl apply -f` reads it; other JSON is not input.
 */
function readJson(file: string, text: string): FileResult {
  const issues: PolicyInputIssue[] = [];
  let json: any;
  try {
    json = JSON.parse(text);
  } catch (e: any) {
    issues.push({ file, line: jsonErrorLine(text, String(e?.message ?? e)), severity: Severity.ERROR, message: `malformed JSON: ${e?.message ?? e}` });
    return { kubernetes: [], terraform: [], issues };
  }
  if (!json || typeof json !== 'object' || Array.isArray(json) || typeof json.kind !== 'string' || typeof json.apiVersion !== 'string') {
    return { kubernetes: [], terraform: [], issues };
  }
  const line = lineAt(text, text.search(/\S/));
  if (depthOf(json, 0) > MAX_DEPTH) {
    issues.push({ file, line, severity: Severity.ERROR, message: `refused: nested more than ${MAX_DEPTH} levels deep` });
    return { kubernetes: [], terraform: [], issues };
  }
  const items = listItems(json);
  const kubernetes: KubernetesObject[] = [];
  for (const [i, object] of (items ?? [json]).entries()) {
    const what = items ? `item ${i} of the List` : 'the document';
    if (items && object === null) {
      issues.push({ file, line, severity: Severity.INFO, message: `${what} is null: skipped` });
    } else if (!isObject(object)) {
      issues.push({ file, line, severity: Severity.ERROR, message: `${what} is not a Kubernetes object (apiVersion and kind are required)` });
    } else {
      kubernetes.push(kubernetesObject(file, 0, object, line));
    }
  }
  return { kubernetes, terraform: [], issues };
}

function kubernetesObject(file: string, index: number, object: any, line?: number): KubernetesObject {
  const annotated = object.metadata?.annotations?.[CONSTRUCT_PATH_ANNOTATION];
  return {
    file,
    index,
    ...(line !== undefined ? { line } : {}),
    object,
    constructPath: typeof annotated === 'string' && annotated !== '' ? annotated : `${file}#${objectId(object)}`,
  };
}

/**
 * The Kubernetes objects of manifests synth just wrote, taken from memory: the same result as
 * parsing the files back, without the YAML parse (a JSON round trip drops `undefined` values as
 * the YAML emitter does, and keeps rules from sharing objects with the constructs), each with the
 * line the writer recorded. Files are named relative to `dir`.
 */
export function kubernetesFromManifests(dir: string, manifests: WrittenManifest[]): KubernetesObject[] {
  const files = manifests
    .map(m => ({ file: path.relative(dir, m.file).split(path.sep).join('/'), objects: m.objects, lines: m.lines }))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return files.flatMap(m => (isJsonData(m.objects) ? m.objects : JSON.parse(JSON.stringify(m.objects)) as any[])
    .map((object, index) => kubernetesObject(m.file, index, object, m.lines[index])));
}

/** `target` with a `line` property computed on first read. */
function withLazyLine<T extends object>(target: T, compute: () => number | undefined): T & { readonly line?: number } {
  let known = false;
  let value: number | undefined;
  return Object.defineProperty(target, 'line', {
    enumerable: true,
    get: () => {
      if (!known) {
        value = compute();
        known = true;
      }
      return value;
    },
  });
}

/**
 * Whether a JSON round trip would give back an equal value: only plain objects, arrays, strings,
 * finite numbers, booleans and null, and no `undefined`. Resolved manifests nearly always are, and
 * are then used as they are instead of being copied (the copy took as long as the rules and
 * doubled the objects held in memory).
 */
function isJsonData(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object': {
      if (value === null) return true;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          if (!(i in value) || !isJsonData(value[i])) return false;
        }
        return true;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      if (typeof (value as any).toJSON === 'function') return false;
      for (const key in value) {
        if (!Object.prototype.hasOwnProperty.call(value, key) || key === '__proto__' || !isJsonData((value as any)[key])) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

/** Reads a Terraform JSON configuration; a file that does not parse is reported. */
function readTerraformJson(file: string, text: string, value?: unknown, lines?: ReadonlyMap<string, number>): FileResult {
  try {
    return { kubernetes: [], terraform: parseTerraformJson(file, text, value, lines), issues: [] };
  } catch (e: any) {
    const m = /^[^:]*:(\d+): (.*)$/s.exec(String(e?.message ?? e));
    const issue = { file, line: m ? Number(m[1]) : 1, severity: Severity.ERROR, message: m ? m[2] : String(e?.message ?? e) };
    return { kubernetes: [], terraform: [], issues: [issue] };
  }
}

/**
 * Parses a Terraform JSON configuration into one entry per resource and data source. Data sources
 * get the type `data.<type>`. The line of a resource (of its name's key) is found in the text when
 * it is first asked for. `parsed`, when given, is what `JSON.parse(text)` returns (the text is then
 * only searched for lines), and `keyLines` the line of each resource key (`<type>.<name>`,
 * `data.<type>.<name>`; the text is then not read at all).
 *
 * @throws Error naming the file and line of malformed JSON
 */
export function parseTerraformJson(file: string, text: string, parsed?: unknown, keyLines?: ReadonlyMap<string, number>): TerraformResource[] {
  let json: any = parsed;
  if (json === undefined) {
    try {
      json = JSON.parse(text);
    } catch (e: any) {
      throw new Error(`${file}:${jsonErrorLine(text, String(e?.message ?? e))}: malformed JSON: ${e?.message ?? e}`);
    }
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    throw new Error(`${file}:1: not a Terraform JSON configuration (expected an object)`);
  }
  const stack = stackOf(file, json);
  // A few lines are found by searching for their keys; once the searches have read as much text
  // as the file holds, one pass finds them all.
  let lines: ReadonlyMap<string, number> | undefined = parsed !== undefined ? keyLines : undefined;
  let searched = 0;
  const lineOf = (prefix: string, type: string, name: string) => {
    if (!lines && searched < text.length) {
      const found = searchKeyLine(text, prefix === 'data.' ? 'data' : 'resource', type, name);
      searched += found.scanned;
      if (found.line !== undefined) return found.line;
    }
    return (lines ??= terraformKeyLines(text)).get(`${prefix}${type}.${name}`);
  };
  const result: TerraformResource[] = [];
  const add = (prefix: string, block: any) => {
    for (const [type, byName] of entriesOf(block)) {
      for (const [name, config] of entriesOf(byName)) {
        const fullType = `${prefix}${type}`;
        const metaPath = config?.['//']?.metadata?.path;
        const resource = {
          file,
          stack,
          type: fullType,
          name,
          config,
          constructPath: typeof metaPath === 'string' && metaPath !== '' ? metaPath : `${file}#${fullType}.${name}`,
        };
        // Lines given up front are set; otherwise each is found when first asked for.
        result.push(lines ? { ...resource, line: lines.get(`${prefix}${type}.${name}`) } : withLazyLine(resource, () => lineOf(prefix, type, name)));
      }
    }
  };
  add('', json.resource);
  add('data.', json.data);
  return asPlatformResources(json, result);
}

/**
 * The line of `"<name>":` after `"<block>":` and `"<type>":` in a Terraform JSON text, when the three
 * keys are found in that order and the name key is in the type's object: undefined otherwise (the
 * caller then reads the text's structure). `scanned` is about how many characters the search read.
 */
function searchKeyLine(text: string, block: string, type: string, name: string): { line?: number; scanned: number } {
  const found = searchKeyOffset(text, block, type, name);
  return found === undefined ? { scanned: text.length } : { line: lineAt(text, found), scanned: 2 * found };
}

/** The offset of the name key {@link searchKeyLine} looks for. */
function searchKeyOffset(text: string, block: string, type: string, name: string): number | undefined {
  const key = (k: string, from: number) => {
    const re = new RegExp(`"${k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"\\s*:\\s*[{[]`, 'g');
    re.lastIndex = from;
    return re.exec(text);
  };
  const b = key(block, 0);
  const t = b && key(type, b.index);
  const n = t && key(name, t.index + t[0].length);
  if (!n) return undefined;
  // Only structure between the type's opening and the name key: the name must be one level in.
  let depth = 0;
  for (let i = t.index + t[0].length; i < n.index; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < n.index && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++;
    } else if (c === 123 || c === 91) {
      depth++;
    } else if (c === 125 || c === 93) {
      if (--depth < 0) return undefined;
    }
  }
  return depth === 0 || (depth === 1 && text[t.index + t[0].length - 1] === '[') ? n.index : undefined;
}

/**
 * The line of every resource and data source key (`<type>.<name>`, data sources `data.<type>.<name>`)
 * of a Terraform JSON text, by one pass over its structure (object keys at the depths of
 * `resource.<type>.<name>`, arrays of blocks allowed).
 */
export function terraformKeyLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  const keys: Array<string | undefined> = [];
  const containers: string[] = [];
  let line = 1;
  let expectKey = false;
  const token = /["{}[\],:\n]/g;
  let m: RegExpExecArray | null;
  while ((m = token.exec(text)) !== null) {
    const ch = m[0];
    if (ch === '\n') {
      line++;
    } else if (ch === '"') {
      let end = m.index + 1;
      for (;;) {
        const q = text.indexOf('"', end);
        if (q < 0) {
          end = text.length;
          break;
        }
        let bs = 0;
        while (text.charCodeAt(q - 1 - bs) === 92) bs++;
        end = q;
        if (bs % 2 === 0) break;
        end = q + 1;
      }
      const raw = text.slice(m.index, end + 1);
      for (let i = raw.indexOf('\n'); i >= 0; i = raw.indexOf('\n', i + 1)) line++;
      if (expectKey && containers[containers.length - 1] === '{') {
        let key: string;
        try {
          key = JSON.parse(raw);
        } catch {
          key = raw.slice(1, -1);
        }
        keys[keys.length - 1] = key;
        const at = keys.filter((k): k is string => k !== undefined);
        if (at.length === 3 && (at[0] === 'resource' || at[0] === 'data')) {
          const id = `${at[0] === 'data' ? 'data.' : ''}${at[1]}.${at[2]}`;
          if (!lines.has(id)) lines.set(id, line);
        }
        expectKey = false;
      }
      token.lastIndex = end + 1;
    } else if (ch === '{') {
      containers.push('{');
      keys.push(undefined);
      expectKey = true;
    } else if (ch === '[') {
      containers.push('[');
      keys.push(undefined);
    } else if (ch === '}' || ch === ']') {
      containers.pop();
      keys.pop();
      expectKey = false;
    } else if (ch === ',') {
      if (containers[containers.length - 1] === '{') {
        keys[keys.length - 1] = undefined;
        expectKey = true;
      }
    }
  }
  return lines;
}

/** Entries of a Terraform JSON block, which may be an object or an array of objects. */
function entriesOf(block: any): Array<[string, any]> {
  if (!block || typeof block !== 'object') return [];
  if (Array.isArray(block)) return block.flatMap(entriesOf);
  return Object.entries(block);
}

/** The cdktf stack name, else the directory holding the file, else the file name. */
function stackOf(file: string, json: any): string {
  const fromMeta = json?.['//']?.metadata?.stackName;
  if (typeof fromMeta === 'string' && fromMeta !== '') return fromMeta;
  const parts = file.split('/');
  return parts.length > 1 ? parts[parts.length - 2] : file.replace(/\.tf\.json$/i, '');
}

/** 1-based line number of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  const end = Math.min(offset, text.length);
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** The line of a JSON.parse error, from its position or its `(line N column M)`. */
function jsonErrorLine(text: string, message: string): number {
  const lineCol = /line (\d+) column \d+/.exec(message);
  if (lineCol) return Number(lineCol[1]);
  const position = /position (\d+)/.exec(message);
  if (position) return lineAt(text, Number(position[1]));
  // "Unexpected end of JSON input": the problem is at the end.
  return lineAt(text, text.length);
}
