// Runs Monokle's validator (@monokle/validation, an ES module) on a manifest file, offline, and
// prints its results as JSON. Used by monokle.test.ts through a child process, so the test does
// not depend on Jest's ES module support.
//
//   node monokle-runner.mjs <path of @monokle/validation's entry> <Kubernetes _definitions.json> <manifest.yaml>
//
// Offline: `fetch` is replaced by a function that records the URL and fails; the Kubernetes schema
// plugin gets the vendored definitions through its schema loader instead of its download.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseAllDocuments } from 'yaml';

const [entry, definitionsFile, manifestFile] = process.argv.slice(2);
const fetches = [];
globalThis.fetch = async (url) => {
  fetches.push(String(url));
  throw new Error(`offline: ${url}`);
};
const m = await import(pathToFileURL(entry).href);

/** Serves the vendored Kubernetes definitions (and no per-kind or CRD download). */
class VendoredSchemaLoader extends m.SchemaLoader {
  async getFullSchema() {
    return { url: pathToFileURL(definitionsFile).href, schema: JSON.parse(readFileSync(definitionsFile, 'utf8')) };
  }
  async getResourceSchema() {
    return undefined;
  }
}

const PLUGINS = ['yaml-syntax', 'kubernetes-schema', 'resource-links', 'pod-security-standards', 'practices'];
const validator = new m.MonokleValidator({
  loader: new m.RemotePluginLoader(m.requireFromStringCustomPluginLoader),
  parser: new m.ResourceParser(),
  schemaLoader: new VendoredSchemaLoader(),
  suppressors: [new m.AnnotationSuppressor()],
  fixer: new m.DisabledFixer(),
});
await validator.preload({
  plugins: Object.fromEntries(PLUGINS.map(p => [p, true])),
  settings: { 'kubernetes-schema': { schemaVersion: 'v1.33.0' } },
});

const text = readFileSync(manifestFile, 'utf8');
const resources = [];
for (const doc of parseAllDocuments(text)) {
  const content = doc.toJSON();
  if (!content) continue;
  const [start, , end] = doc.range;
  resources.push({
    id: `r${resources.length}`, fileId: 'manifest', filePath: 'manifest.yaml', fileOffset: text.slice(0, start).split('\n').length - 1,
    name: content.metadata?.name, apiVersion: content.apiVersion, kind: content.kind, namespace: content.metadata?.namespace,
    content, text: text.slice(start, end),
  });
}
const response = await validator.validate({ resources });
const results = response.runs.flatMap(run => run.results.map(r => ({
  rule: r.ruleId,
  level: r.level,
  message: r.message.text,
  resource: r.locations?.[1]?.logicalLocations?.[0]?.fullyQualifiedName,
  suppressed: (r.suppressions ?? []).some(s => s.status === 'accepted'),
  justification: r.suppressions?.[0]?.justification,
})));
process.stdout.write(JSON.stringify({ plugins: Object.keys(validator.metadata).sort(), resources: resources.length, fetches, results }));
