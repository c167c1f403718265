import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { loadAll } from 'js-yaml';

/**
 * Strict validation of Kubernetes objects against the Kubernetes 1.33 OpenAPI definitions and the
 * upstream CRDs vendored in the repository's `schemas/` (sources, versions and licenses in
 * `schemas/SOURCES.md`).
 *
 * "Strict" means unknown fields are rejected: every object schema that lists its `properties` and
 * says nothing about `additionalProperties` gets `additionalProperties: false`, so a typo or a
 * field from another Kubernetes version fails validation instead of being silently dropped by the
 * API server.
 */

/** The vendored upstream schemas (`schemas/` at the repository root). */
export const REFERENCE_DIR = path.resolve(__dirname, '..', '..', 'schemas');
/** The Kubernetes 1.33 definitions (swagger `definitions` section). */
export const DEFINITIONS_FILE = path.join(REFERENCE_DIR, 'kubernetes', 'v1.33', '_definitions.json');

/** The upstream CRDs (cert-manager, Secrets Store CSI, External Secrets, Istio, Gateway API, ...). */
export const CRDS_DIR = path.join(REFERENCE_DIR, 'crds');

const SCHEMA_ID = 'k8s-v1.33';
const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

interface Gvk {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

interface Compiled {
  readonly ajv: Ajv;
  /** `group/version/kind` to definition name. */
  readonly byGvk: Map<string, string>;
  readonly validators: Map<string, ValidateFunction>;
  /** `group/version/kind` of each served CRD version to its strict schema, compiled on first use. */
  readonly crds: Map<string, () => ValidateFunction>;
}

let compiled: Compiled | undefined;

const gvkKey = (g: Gvk) => `${g.group}/${g.version}/${g.kind}`;

/** Group and version of an `apiVersion` (`v1` is the core group ''). */
export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/**
 * Adds `additionalProperties: false` to `schema` and every sub-schema of type object that has
 * `properties` and no `additionalProperties`. Walks schema positions only (never the keys of a
 * `properties` map, since a field may itself be called "properties").
 */
export function makeStrict(schema: any): void {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return;
  if (schema.type === 'object' && schema.properties && !('additionalProperties' in schema)
    && !schema['x-kubernetes-preserve-unknown-fields']) {
    schema.additionalProperties = false;
  }
  for (const sub of Object.values(schema.properties ?? {})) makeStrict(sub);
  for (const key of ['items', 'additionalProperties', 'not']) {
    const sub = schema[key];
    if (Array.isArray(sub)) sub.forEach(makeStrict);
    else makeStrict(sub);
  }
  for (const key of ['allOf', 'anyOf', 'oneOf']) {
    for (const sub of schema[key] ?? []) makeStrict(sub);
  }
}

/**
 * Rewrites the Go (RE2) inline flag `(?i)` at the start of a CRD pattern, which JavaScript
 * regular expressions do not accept, into letter classes (`abort` becomes `[aA][bB]...`); letters
 * after a backslash are left alone. Prometheus Operator CRDs use it.
 */
export function goPatternsToJs(schema: any): void {
  if (!schema || typeof schema !== 'object') return;
  if (typeof schema.pattern === 'string' && schema.pattern.replace(/^\^/, '').startsWith('(?i)')) {
    const body = schema.pattern.replace('(?i)', '');
    schema.pattern = body.replace(/(\\.)|([a-zA-Z])/g, (_match: string, escaped: string | undefined, letter: string | undefined) =>
      escaped ?? `[${letter!.toLowerCase()}${letter!.toUpperCase()}]`);
  }
  for (const value of Object.values(schema)) {
    if (value && typeof value === 'object') goPatternsToJs(value);
  }
}

/** Loads, strictifies and registers the definitions once per test file (jest module registry). */
function load(): Compiled {
  if (compiled) return compiled;
  if (!fs.existsSync(DEFINITIONS_FILE)) {
    throw new Error(`Kubernetes definitions not found at ${DEFINITIONS_FILE}; they are part of the repository (schemas/)`);
  }
  // A fresh parse is a deep clone: the file on disk is never changed.
  const document = JSON.parse(fs.readFileSync(DEFINITIONS_FILE, 'utf8'));
  const byGvk = new Map<string, string>();
  for (const [name, definition] of Object.entries<any>(document.definitions)) {
    makeStrict(definition);
    for (const gvk of definition['x-kubernetes-group-version-kind'] ?? []) {
      byGvk.set(gvkKey(gvk), name);
    }
  }
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema({ $id: SCHEMA_ID, definitions: document.definitions });
  compiled = { ajv, byGvk, validators: new Map(), crds: loadCrds(ajv) };
  return compiled;
}

/**
 * Compiles the schema of every served version of every CRD in the reference, made strict like the
 * core definitions. CRD schemas leave `metadata` open; it is checked against ObjectMeta instead.
 */
function loadCrds(ajv: Ajv): Map<string, () => ValidateFunction> {
  const crds = new Map<string, () => ValidateFunction>();
  if (!fs.existsSync(CRDS_DIR)) {
    throw new Error(`CRDs not found at ${CRDS_DIR}; they are part of the repository (schemas/)`);
  }
  for (const group of fs.readdirSync(CRDS_DIR).sort()) {
    for (const file of fs.readdirSync(path.join(CRDS_DIR, group)).sort()) {
      // js-yaml reads the CRDs as the `yaml` package does (both YAML 1.2 core), several times faster.
      for (const crd of loadAll(fs.readFileSync(path.join(CRDS_DIR, group, file), 'utf8')) as any[]) {
        if (crd?.kind !== 'CustomResourceDefinition') continue;
        for (const version of crd.spec.versions ?? []) {
          if (!version.served || !version.schema?.openAPIV3Schema) continue;
          const schema = JSON.parse(JSON.stringify(version.schema.openAPIV3Schema));
          makeStrict(schema);
          goPatternsToJs(schema);
          schema.properties.metadata = { $ref: `${SCHEMA_ID}#/definitions/${OBJECT_META}` };
          // Some CRDs (Istio's) list only spec and status; the API server always accepts these two.
          schema.properties.apiVersion ??= { type: 'string' };
          schema.properties.kind ??= { type: 'string' };
          let validate: ValidateFunction | undefined;
          crds.set(gvkKey({ group: crd.spec.group, version: version.name, kind: crd.spec.names.kind }), () => (validate ??= ajv.compile(schema)));
        }
      }
    }
  }
  return crds;
}

/** The name of the definition for `apiVersion`/`kind`, or undefined when the schema has none. */
export function definitionFor(apiVersion: string, kind: string): string | undefined {
  return load().byGvk.get(gvkKey({ ...parseApiVersion(apiVersion), kind }));
}

function validatorFor(definition: string): ValidateFunction {
  const c = load();
  let validate = c.validators.get(definition);
  if (!validate) {
    validate = c.ajv.getSchema(`${SCHEMA_ID}#/definitions/${definition}`);
    if (!validate) throw new Error(`definition ${definition} cannot be compiled`);
    c.validators.set(definition, validate);
  }
  return validate;
}

function describe(o: any): string {
  const ns = o?.metadata?.namespace ? `${o.metadata.namespace}/` : '';
  return `${o?.apiVersion ?? '?'} ${o?.kind ?? '?'} ${ns}${o?.metadata?.name ?? '?'}`;
}

function render(e: ErrorObject): string {
  const extra = e.keyword === 'additionalProperties' ? ` (${(e.params as any).additionalProperty})` : '';
  return `${e.instancePath || '/'} ${e.message}${extra}`;
}

/**
 * The problems of one Kubernetes object: empty when it validates strictly against its
 * definition. An object whose apiVersion/kind has no definition is a problem too.
 */
export function schemaErrors(object: any): string[] {
  if (typeof object?.apiVersion !== 'string' || typeof object?.kind !== 'string') {
    return [`${describe(object)}: no apiVersion/kind`];
  }
  const definition = definitionFor(object.apiVersion, object.kind);
  const crd = load().crds.get(gvkKey({ ...parseApiVersion(object.apiVersion), kind: object.kind }));
  if (!definition && !crd) {
    return [`${describe(object)}: no schema for ${object.apiVersion} ${object.kind} in Kubernetes 1.33 or the reference CRDs`];
  }
  const validate = crd ? crd() : validatorFor(definition!);
  if (validate(object)) return [];
  return (validate.errors ?? []).map(e => `${describe(object)}: ${render(e)}`);
}

/** The problems of every object, in order; empty when all validate. */
export function validateObjects(objects: any[]): string[] {
  return objects.flatMap(schemaErrors);
}
