import * as fs from 'fs';
import * as path from 'path';
import Ajv2019 from 'ajv/dist/2019';
import { parse, parseAllDocuments } from 'yaml';
import { renderGoTemplate } from './go-template';

/**
 * Polaris' checks, run without the Polaris binary: the check definitions and the default
 * configuration vendored under test/fixtures/scanners/polaris (see SOURCES.md there), evaluated
 * the way Polaris' validator does it (pkg/validator/schema.go, pkg/config/checks.go):
 *
 * - each check's `schema` (JSON-encoded first) or `schemaString`, and each of its
 *   `additionalSchemaStrings`, is a Go template rendered per test case with the resource's fields
 *   and `.Polaris.{PodSpec,PodTemplate,Container}`; an empty rendering is skipped;
 * - `target` selects what is validated: `Controller` (the whole workload object, for the kinds
 *   in `controllers.include`/not in `controllers.exclude`), `PodSpec`, `PodTemplate`, `Container`
 *   (each container, init containers per `containers.exclude`; with `schemaTarget: PodSpec` the
 *   pod spec holding only that container), or a kind (`policy/PodDisruptionBudget`, `/ConfigMap`:
 *   every object of that kind, matched on the kind as Polaris does);
 * - an additional schema for a kind passes when some object of that kind in the same namespace
 *   validates against it, and is evaluated only when the main schema passed;
 * - exemptions: the object's `polaris.fairwinds.com/exempt` or `polaris.fairwinds.com/<check>-exempt`
 *   annotation set to "true", and the configuration's `exemptions` (namespace, controller name
 *   prefix, rules);
 * - Go's regular expressions' `(?i)` becomes JavaScript's `i` flag; a null keyword value (YAML
 *   `required:` with nothing after it), which Polaris' validator ignores, is dropped.
 *
 * Checks implemented in Go rather than in YAML are implemented below, from Polaris' Go source.
 */

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'scanners', 'polaris');

/** A check's result on one object (and container). */
export interface PolarisResult {
  readonly check: string;
  readonly severity: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly container?: string;
  readonly success: boolean;
  readonly message: string;
}

interface CheckDefinition {
  readonly id: string;
  readonly target: string;
  readonly schemaTarget?: string;
  readonly controllers?: { include?: string[]; exclude?: string[] };
  readonly containers?: { include?: string[]; exclude?: string[] };
  readonly schemaString: string;
  readonly additionalSchemaStrings: { [groupKind: string]: string };
  readonly successMessage: string;
  readonly failureMessage: string;
}

interface Exemption {
  readonly namespace?: string;
  readonly controllerNames?: string[];
  readonly rules?: string[];
}

/** Polaris' default configuration: checks with their severity, and exemptions. */
export interface PolarisConfig {
  readonly checks: { [id: string]: string };
  readonly exemptions: Exemption[];
}

/** Kinds Polaris reads a pod spec from, and where. */
const POD_TEMPLATE_PATH: { [kind: string]: string[] } = {
  Deployment: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  Pod: [],
};

export function loadDefaultConfig(): PolarisConfig {
  const raw = parse(fs.readFileSync(path.join(FIXTURES, 'default.yaml'), 'utf8'));
  return { checks: raw.checks, exemptions: raw.exemptions ?? [] };
}

export function loadCheck(id: string): CheckDefinition | undefined {
  const file = path.join(FIXTURES, 'checks', `${id}.yaml`);
  if (!fs.existsSync(file)) return undefined;
  const raw = parse(fs.readFileSync(file, 'utf8'));
  return {
    id,
    target: raw.target,
    schemaTarget: raw.schemaTarget,
    controllers: raw.controllers,
    containers: raw.containers,
    schemaString: raw.schemaString ?? JSON.stringify(raw.schema ?? {}),
    additionalSchemaStrings: {
      ...Object.fromEntries(Object.entries(raw.additionalSchemas ?? {}).map(([k, v]) => [k, JSON.stringify(v)])),
      ...(raw.additionalSchemaStrings ?? {}),
    },
    successMessage: raw.successMessage,
    failureMessage: raw.failureMessage ?? raw.FailureMessage,
  };
}

/** Go's `(?i)` inline flag, which JavaScript spells as a flag of the whole expression. */
function goRegExp(pattern: string, flags: string): RegExp {
  return pattern.includes('(?i)') ? new RegExp(pattern.replace(/\(\?i\)/g, ''), `${flags}i`) : new RegExp(pattern, flags);
}
goRegExp.code = 'goRegExp';

const ajv = new Ajv2019({ strict: false, validateSchema: false, allErrors: false, code: { regExp: goRegExp } });

/** Keywords whose null value (YAML `required:` with nothing after it) Polaris' validator ignores. */
const IGNORED_WHEN_NULL = new Set(['required', 'properties', 'items', 'anyOf', 'oneOf', 'allOf', 'enum']);

/** Drops `$schema` (draft-07 and 2019-09 mixed; 2019-09 semantics, as Polaris loads) and null keyword values. */
function clean(schema: any, inProperties = false): any {
  if (Array.isArray(schema)) return schema.map(s => clean(s));
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(Object.entries(schema)
    .filter(([k, v]) => inProperties || (k !== '$schema' && !(v === null && IGNORED_WHEN_NULL.has(k))))
    .map(([k, v]) => [k, clean(v, !inProperties && (k === 'properties' || k === '$defs' || k === 'definitions'))]));
}

const compiled = new Map<string, (data: unknown) => boolean>();
function validator(text: string): ((data: unknown) => boolean) | undefined {
  if (text.trim() === '') return undefined;
  let v = compiled.get(text);
  if (!v) {
    const fn = ajv.compile(clean(parse(text)));
    v = (data: unknown) => fn(data) as boolean;
    compiled.set(text, v);
  }
  return v;
}

const groupKind = (o: any) => {
  const slash = String(o.apiVersion ?? '').indexOf('/');
  return slash < 0 ? o.kind : `${o.apiVersion.slice(0, slash)}/${o.kind}`;
};
const dig = (o: any, p: string[]) => p.reduce((acc, k) => acc?.[k], o);
const annotations = (o: any): { [k: string]: string } => o.metadata?.annotations ?? {};

function exempted(o: any, check: string, config: PolarisConfig): boolean {
  const a = annotations(o);
  if (String(a['polaris.fairwinds.com/exempt']).toLowerCase() === 'true') return true;
  if (String(a[`polaris.fairwinds.com/${check}-exempt`]).toLowerCase() === 'true') return true;
  const name = o.metadata?.name ?? '';
  const namespace = o.metadata?.namespace ?? '';
  return config.exemptions.some(e => (e.rules ?? []).includes(check)
    && (e.namespace === undefined || e.namespace === namespace)
    && (e.controllerNames === undefined || e.controllerNames.some(c => name.startsWith(c))));
}

interface TestCase {
  readonly target: string;
  readonly object: any;
  readonly podTemplate?: any;
  readonly container?: any;
  readonly isInit?: boolean;
}

function actionable(check: CheckDefinition, test: TestCase): boolean {
  const handled = ['Controller', 'Container', 'PodSpec', 'PodTemplate'];
  if (handled.includes(test.target)) {
    if (!(check.target === test.target || (check.target === 'PodTemplate' && test.target === 'PodSpec'))) return false;
  } else if (handled.includes(check.target) || (check.target !== test.object.kind && !check.target.endsWith(`/${test.object.kind}`))) {
    return false;
  }
  const kind = test.object.kind;
  if (check.controllers?.include?.length && !check.controllers.include.includes(kind)) return false;
  if (check.controllers?.exclude?.includes(kind)) return false;
  if (check.target === 'Container') {
    const c = check.containers ?? {};
    const matches = (x: string) => (x === 'initContainer' && test.isInit) || (x === 'container' && !test.isInit);
    if (c.include?.length && !c.include.some(matches)) return false;
    if (c.exclude?.some(matches)) return false;
  }
  return true;
}

function runSchemaCheck(check: CheckDefinition, test: TestCase, all: any[]): boolean {
  const podSpec = test.podTemplate?.spec;
  const data = { ...test.object, Polaris: { PodSpec: podSpec, PodTemplate: test.podTemplate, Container: test.container } };
  const main = validator(renderGoTemplate(check.schemaString, data));
  let subject: unknown;
  if (check.target === 'Container' && check.schemaTarget) {
    if (check.schemaTarget !== 'PodSpec' && check.schemaTarget !== 'Pod') throw new Error(`${check.id}: schemaTarget ${check.schemaTarget}`);
    // Polaris before 7 spelled the pod spec target "Pod"; both mean the pod spec with only this container.
    subject = { ...podSpec, initContainers: [], containers: [test.container] };
  } else if (check.target === 'Container') {
    subject = test.container;
  } else if (check.target === 'PodSpec') {
    subject = podSpec;
  } else if (check.target === 'PodTemplate') {
    subject = test.podTemplate;
  } else {
    subject = test.object;
  }
  let passes = main ? main(subject) : true;
  const namespace = test.object.kind === 'Namespace' ? test.object.metadata?.name : test.object.metadata?.namespace;
  for (const [gk, template] of Object.entries(check.additionalSchemaStrings).sort()) {
    if (!passes) break;
    const extra = validator(renderGoTemplate(template, data));
    if (!extra) continue;
    const candidates = all.filter(o => groupKind(o) === gk && (o.metadata?.namespace ?? '') === (namespace ?? ''));
    passes = candidates.some(o => extra(o));
  }
  return passes;
}

/**
 * Polaris' pdbMinAvailableGreaterThanOrEqualToHPAMinReplicas, implemented in Go
 * (pkg/validator/pdb_hpa_validator.go): for a Deployment with both a PodDisruptionBudget (one whose
 * `matchLabels` shares a label with the pod template) and a HorizontalPodAutoscaler targeting it,
 * a PDB `minAvailable` (a number, or a percentage of the HPA's `minReplicas`, rounded up) that is
 * not below the HPA's `minReplicas` fails: no pod could ever be evicted at the minimum scale. A
 * PDB with `maxUnavailable` instead passes.
 */
function pdbMinAvailableVsHpa(object: any, all: any[]): boolean | undefined {
  if (object.kind !== 'Deployment') return undefined;
  const labels = object.spec?.template?.metadata?.labels ?? {};
  const pdb = all.find(o => o.kind === 'PodDisruptionBudget' && Object.entries(o.spec?.selector?.matchLabels ?? {}).some(([k, v]) => labels[k] === v));
  const hpa = all.find(o => o.kind === 'HorizontalPodAutoscaler' && o.spec?.scaleTargetRef?.kind === 'Deployment' && o.spec?.scaleTargetRef?.name === object.metadata?.name);
  if (!pdb || !hpa || pdb.spec.minAvailable === undefined || hpa.spec.minReplicas === undefined) return true;
  const raw = pdb.spec.minAvailable;
  const min = typeof raw === 'string' && raw.endsWith('%') ? Math.ceil((Number(raw.slice(0, -1)) * hpa.spec.minReplicas) / 100) : Number(raw);
  return !(min >= hpa.spec.minReplicas);
}

const GO_CHECKS: { [id: string]: { message: [string, string]; run: (object: any, all: any[]) => boolean | undefined } } = {
  pdbMinAvailableGreaterThanOrEqualToHPAMinReplicas: {
    message: ['PDB and HPA are correctly configured', 'PDB minAvailable is greater than or equal to HPA minReplicas'],
    run: pdbMinAvailableVsHpa,
  },
};

/** Runs every check of `config` on `objects`, as `polaris audit` does on a directory of manifests. */
export function polarisAudit(objects: any[], config: PolarisConfig = loadDefaultConfig()): PolarisResult[] {
  const results: PolarisResult[] = [];
  const ids = Object.keys(config.checks).filter(id => config.checks[id] !== 'ignore').sort();
  const checks = new Map<string, CheckDefinition>();
  for (const id of ids) {
    const check = loadCheck(id);
    if (check) checks.set(id, check);
    else if (!GO_CHECKS[id]) throw new Error(`Polaris check ${id} is neither vendored nor implemented`);
  }
  const record = (id: string, test: TestCase, success: boolean) => {
    const check = checks.get(id);
    const [ok, bad] = check ? [check.successMessage, check.failureMessage] : GO_CHECKS[id].message;
    results.push({
      check: id,
      severity: config.checks[id],
      kind: test.object.kind,
      namespace: test.object.metadata?.namespace,
      name: test.object.metadata?.name,
      container: test.container?.name,
      success,
      message: success ? ok : bad,
    });
  };
  const apply = (test: TestCase) => {
    for (const id of ids) {
      if (exempted(test.object, id, config)) continue;
      const check = checks.get(id);
      if (check) {
        if (actionable(check, test)) record(id, test, runSchemaCheck(check, test, objects));
      } else if (test.target === 'Controller') {
        const passes = GO_CHECKS[id].run(test.object, objects);
        if (passes !== undefined) record(id, test, passes);
      }
    }
  };
  for (const object of objects) {
    const templatePath = POD_TEMPLATE_PATH[object.kind];
    if (templatePath === undefined) {
      apply({ target: '', object });
      continue;
    }
    const podTemplate = templatePath.length ? dig(object, templatePath) : object;
    apply({ target: 'Controller', object, podTemplate });
    apply({ target: '', object, podTemplate });
    apply({ target: 'PodSpec', object, podTemplate });
    for (const c of podTemplate?.spec?.initContainers ?? []) apply({ target: 'Container', object, podTemplate, container: c, isInit: true });
    for (const c of podTemplate?.spec?.containers ?? []) apply({ target: 'Container', object, podTemplate, container: c, isInit: false });
  }
  return results;
}

/** The objects of a multi-document YAML file. */
export function readManifests(file: string): any[] {
  return parseAllDocuments(fs.readFileSync(file, 'utf8')).map(d => d.toJSON()).filter(o => o);
}

/** Failing results, one line each: `<check> <kind> <namespace>/<name>[ <container>]`. */
export function failures(results: PolarisResult[]): string[] {
  return results.filter(r => !r.success).map(r => `${r.check} ${r.kind} ${r.namespace ?? ''}/${r.name}${r.container ? ` ${r.container}` : ''}`);
}
