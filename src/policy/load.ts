import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { asPlatformResources, linkCrossStackReferences } from './cross-stack';
import { KubernetesObject, PolicyInput, TerraformResource } from './model';
import { WrittenManifest } from '../app/kubernetes-writer';
import { CONSTRUCT_PATH_ANNOTATION } from '../network/labels';

const YAML_FILE = /\.ya?ml$/i;
const TF_JSON_FILE = /(^|\/)(cdk\.tf\.json|[^/]+\.tf\.json)$/i;
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.terraform']);

/**
 * Reads every Kubernetes manifest (`*.yaml`, `*.yml`, multi-document) and every Terraform JSON
 * configuration (`cdk.tf.json`, `*.tf.json`) below `dir` (or below its `subdirs` only), in a
 * stable (sorted) order. File names are relative to `dir`, with `/` separators.
 *
 * @throws Error naming the file and line of malformed YAML or JSON
 */
export function loadDirectory(dir: string, subdirs?: string[]): PolicyInput {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new Error(`${dir}: not a directory`);
  }
  const kubernetes: KubernetesObject[] = [];
  const terraform: TerraformResource[] = [];
  const files = subdirs === undefined ? listFiles(dir, '')
    : subdirs.filter(s => fs.existsSync(path.join(dir, s))).flatMap(s => listFiles(dir, s));
  for (const file of files) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    if (YAML_FILE.test(file)) {
      kubernetes.push(...parseKubernetesYaml(file, text));
    } else if (TF_JSON_FILE.test(file)) {
      terraform.push(...parseTerraformJson(file, text));
    }
  }
  return { kubernetes, terraform: linkCrossStackReferences(dir, terraform) };
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

/** `<kind>/<namespace>/<name>` of an object (namespace `-` when it has none). */
function objectId(object: any): string {
  return `${object.kind}/${object.metadata?.namespace ?? '-'}/${object.metadata?.name ?? '-'}`;
}

/**
 * Parses a (multi-document) Kubernetes manifest. Empty documents are skipped; `kind: List`
 * documents are expanded into their items.
 *
 * @throws Error naming the file and line of malformed YAML or of a document that is not a
 * Kubernetes object
 */
export function parseKubernetesYaml(file: string, text: string): KubernetesObject[] {
  const objects: KubernetesObject[] = [];
  const docs = parseAllDocuments(text, { uniqueKeys: true });
  const list = Array.isArray(docs) ? docs : [docs];
  let index = 0;
  for (const doc of list) {
    const error = doc.errors[0];
    if (error) {
      const line = error.linePos?.[0]?.line ?? lineAt(text, error.pos?.[0] ?? 0);
      throw new Error(`${file}:${line}: malformed YAML: ${error.message.split('\n')[0]}`);
    }
    const docIndex = index++;
    const value = doc.toJSON();
    if (value === null || value === undefined) continue;
    // Computed only for errors: scanning the text for every document would be quadratic.
    const line = () => lineAt(text, doc.contents?.range?.[0] ?? doc.range?.[0] ?? 0);
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new Error(`${file}:${line()}: document ${docIndex} is not a Kubernetes object (expected a mapping with apiVersion and kind)`);
    }
    const items = value.kind === 'List' && Array.isArray(value.items) ? value.items : [value];
    for (const object of items) {
      if (!object || typeof object !== 'object' || typeof object.kind !== 'string' || typeof object.apiVersion !== 'string') {
        throw new Error(`${file}:${line()}: document ${docIndex} is not a Kubernetes object (apiVersion and kind are required)`);
      }
      objects.push(kubernetesObject(file, docIndex, object));
    }
  }
  return objects;
}

function kubernetesObject(file: string, index: number, object: any): KubernetesObject {
  const annotated = object.metadata?.annotations?.[CONSTRUCT_PATH_ANNOTATION];
  return { file, index, object, constructPath: typeof annotated === 'string' && annotated !== '' ? annotated : `${file}#${objectId(object)}` };
}

/**
 * The Kubernetes objects of manifests synth just wrote, taken from memory: the same result as
 * parsing the files back, without the YAML parse (a JSON round trip drops `undefined` values as
 * the YAML emitter does, and keeps rules from sharing objects with the constructs). Files are
 * named relative to `dir`.
 */
export function kubernetesFromManifests(dir: string, manifests: WrittenManifest[]): KubernetesObject[] {
  const files = manifests
    .map(m => ({ file: path.relative(dir, m.file).split(path.sep).join('/'), objects: m.objects }))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return files.flatMap(m => (isJsonData(m.objects) ? m.objects : JSON.parse(JSON.stringify(m.objects)) as any[])
    .map((object, index) => kubernetesObject(m.file, index, object)));
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

/**
 * Parses a Terraform JSON configuration into one entry per resource and data source. Data sources
 * get the type `data.<type>`.
 *
 * @throws Error naming the file and line of malformed JSON
 */
export function parseTerraformJson(file: string, text: string): TerraformResource[] {
  let json: any;
  try {
    json = JSON.parse(text);
  } catch (e: any) {
    throw new Error(`${file}:${jsonErrorLine(text, String(e?.message ?? e))}: malformed JSON: ${e?.message ?? e}`);
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    throw new Error(`${file}:1: not a Terraform JSON configuration (expected an object)`);
  }
  const stack = stackOf(file, json);
  const result: TerraformResource[] = [];
  const add = (prefix: string, block: any) => {
    for (const [type, byName] of entriesOf(block)) {
      for (const [name, config] of entriesOf(byName)) {
        const fullType = `${prefix}${type}`;
        const metaPath = config?.['//']?.metadata?.path;
        result.push({
          file,
          stack,
          type: fullType,
          name,
          config,
          constructPath: typeof metaPath === 'string' && metaPath !== '' ? metaPath : `${file}#${fullType}.${name}`,
        });
      }
    }
  };
  add('', json.resource);
  add('data.', json.data);
  return asPlatformResources(json, result);
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
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 10) line++;
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
