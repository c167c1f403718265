import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import { stringify } from 'yaml';
import { WrittenManifest, writeKubernetes } from '../../src/app/kubernetes-writer';
import { kubernetesFromManifests, loadDirectory, parseKubernetesYaml, parseTerraformJson, readKubernetesYaml, splitYamlDocuments } from '../../src/policy/load';
import { parseOnWorker } from '../../src/policy/parallel-parse';

function dirWith(files: { [name: string]: string }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secure-constructs-load-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\n';

describe('YAML', () => {
  test('multi-document files give one object per document, with index and construct path', () => {
    const text = `${DEPLOYMENT}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\n  annotations:\n    secure-constructs.io/construct-path: prod/web\n---\n`;
    const objects = parseKubernetesYaml('k8s/app.yaml', text);
    expect(objects.map(o => [o.index, o.object.kind, o.constructPath])).toEqual([
      [0, 'Deployment', 'k8s/app.yaml#Deployment/shop/web'],
      [1, 'Service', 'prod/web'],
    ]);
  });

  test('cluster-scoped objects get "-" for the namespace; List documents are expanded', () => {
    const list = 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Namespace\n    metadata:\n      name: shop\n';
    expect(parseKubernetesYaml('a.yml', list).map(o => o.constructPath)).toEqual(['a.yml#Namespace/-/shop']);
  });

  test('malformed YAML names the file and line', () => {
    const text = `${DEPLOYMENT}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: [unclosed\n`;
    expect(() => parseKubernetesYaml('k8s/broken.yaml', text)).toThrow(/^k8s\/broken\.yaml:11: malformed YAML: Flow sequence/);
  });

  test('a bad indentation names its line', () => {
    expect(() => parseKubernetesYaml('x.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n bad: 1\n')).toThrow(/^x\.yaml:5: malformed YAML/);
  });

  test('duplicate keys are an error, not silently merged', () => {
    expect(() => parseKubernetesYaml('dup.yaml', 'apiVersion: v1\nkind: Pod\nkind: Service\n')).toThrow(/^dup\.yaml:3: malformed YAML/);
  });

  test('a document that is not a Kubernetes object is an error with its line', () => {
    expect(() => parseKubernetesYaml('v.yaml', `${DEPLOYMENT}---\nreplicas: 3\n`)).toThrow(/^v\.yaml:7: document 1 is not a Kubernetes object/);
    expect(() => parseKubernetesYaml('s.yaml', '- a\n- b\n')).toThrow(/^s\.yaml:1: document 0 is not a Kubernetes object/);
  });
});

describe('Terraform JSON', () => {
  const config = {
    '//': { metadata: { stackName: 'prod' } },
    'resource': {
      aws_iam_role: {
        orders_Role_1: { '//': { metadata: { path: 'prod/orders/Role' } }, 'name': 'prod-orders' },
        manual: { name: 'manual' },
      },
    },
    'data': { aws_caller_identity: { current: {} } },
  };

  test('one entry per resource and data source, with cdktf paths as construct paths', () => {
    const resources = parseTerraformJson('terraform/stacks/prod/cdk.tf.json', JSON.stringify(config, null, 2));
    expect(resources.map(r => [r.stack, r.type, r.name, r.constructPath])).toEqual([
      ['prod', 'aws_iam_role', 'orders_Role_1', 'prod/orders/Role'],
      ['prod', 'aws_iam_role', 'manual', 'terraform/stacks/prod/cdk.tf.json#aws_iam_role.manual'],
      ['prod', 'data.aws_caller_identity', 'current', 'terraform/stacks/prod/cdk.tf.json#data.aws_caller_identity.current'],
    ]);
    expect(resources[0].config.name).toBe('prod-orders');
  });

  test('without cdktf metadata the stack is the directory', () => {
    expect(parseTerraformJson('infra/net/main.tf.json', '{"resource":[{"aws_vpc":{"main":{}}}]}')[0]).toEqual(expect.objectContaining({ stack: 'net', type: 'aws_vpc', name: 'main' }));
  });

  test('malformed JSON names the file and line', () => {
    const text = '{\n  "resource": {\n    "aws_iam_role": {\n      "a": { "name": "x", }\n    }\n  }\n}\n';
    expect(() => parseTerraformJson('stacks/prod/cdk.tf.json', text)).toThrow(/^stacks\/prod\/cdk\.tf\.json:4: malformed JSON/);
  });

  test('truncated JSON names the last line', () => {
    expect(() => parseTerraformJson('t.tf.json', '{\n  "resource": {\n')).toThrow(/^t\.tf\.json:3: malformed JSON/);
  });

  test('JSON that is not an object is an error', () => {
    expect(() => parseTerraformJson('a.tf.json', '[]')).toThrow(/^a\.tf\.json:1: not a Terraform JSON configuration/);
  });

  test('files just written are taken from memory (text and value), the others read from disk', () => {
    const text = JSON.stringify(config, null, 2);
    const dir = dirWith({ 'stacks/prod/cdk.tf.json': 'not read', 'stacks/net/cdk.tf.json': '{"resource":{"aws_vpc":{"main":{}}}}' });
    const value = JSON.parse(text);
    const known = new Map([[path.join(dir, 'stacks/prod/cdk.tf.json'), { text, value }]]);
    const loaded = loadDirectory(dir, undefined, known);
    expect(loaded.issues).toEqual([]);
    expect(loaded.terraform.map(r => `${r.file} ${r.type}.${r.name}`)).toEqual([
      'stacks/net/cdk.tf.json aws_vpc.main',
      'stacks/prod/cdk.tf.json aws_iam_role.orders_Role_1', 'stacks/prod/cdk.tf.json aws_iam_role.manual',
      'stacks/prod/cdk.tf.json data.aws_caller_identity.current',
    ]);
    // The value itself, not a parse of the text; lines come from the text.
    expect(loaded.terraform[1].config).toBe(value.resource.aws_iam_role.orders_Role_1);
    expect(loaded.terraform.map(r => r.line)).toEqual([1, 9, 17, 24]);
    // A value with the lines of its resource keys needs no text.
    const lines = new Map([['aws_iam_role.orders_Role_1', 40], ['aws_iam_role.manual', 41]]);
    const fromValue = loadDirectory(dir, undefined, new Map([[path.join(dir, 'stacks/prod/cdk.tf.json'), { value, lines }]]));
    expect(fromValue.issues).toEqual([]);
    expect(fromValue.terraform.map(r => r.line)).toEqual([1, 40, 41, undefined]);
    expect(fromValue.terraform[1].config).toBe(value.resource.aws_iam_role.orders_Role_1);
    // Text without a value is parsed.
    const fromText = loadDirectory(dir, undefined, new Map([[path.join(dir, 'stacks/prod/cdk.tf.json'), { text }]]));
    expect(fromText.terraform.map(r => r.config)).toEqual(loaded.terraform.map(r => r.config));
  });
});

describe('directories', () => {
  test('reads YAML and Terraform JSON recursively in sorted order, relative paths, other files ignored', () => {
    const dir = dirWith({
      'kubernetes/b.k8s.yaml': DEPLOYMENT,
      'kubernetes/a.yml': DEPLOYMENT.replace('web', 'api'),
      'terraform/stacks/prod/cdk.tf.json': '{"resource":{"aws_s3_bucket":{"b":{}}}}',
      'terraform/manifest.json': '{"not": "terraform"}',
      'README.md': '# hi',
      'node_modules/x/y.yaml': ': : :',
    });
    const input = loadDirectory(dir);
    expect(input.kubernetes.map(o => `${o.file} ${o.object.metadata.name}`)).toEqual(['kubernetes/a.yml api', 'kubernetes/b.k8s.yaml web']);
    expect(input.terraform.map(r => `${r.file} ${r.type}`)).toEqual(['terraform/stacks/prod/cdk.tf.json aws_s3_bucket']);
  });

  test('a malformed file is reported with its file and line, and the other files are still read', () => {
    const dir = dirWith({ 'ok.yaml': DEPLOYMENT, 'sub/bad.yaml': 'kind: Pod\n  x: [\n', 'z.yaml': DEPLOYMENT.replace('web', 'api') });
    const input = loadDirectory(dir);
    expect(input.kubernetes.map(o => `${o.file} ${o.object.metadata.name}`)).toEqual(['ok.yaml web', 'z.yaml api']);
    expect(input.issues).toEqual([{ file: 'sub/bad.yaml', line: 1, severity: 'error', message: 'malformed YAML: Nested mappings are not allowed in compact mappings' }]);
  });

  test('a missing directory is an error', () => {
    expect(() => loadDirectory('/nonexistent/secure-constructs')).toThrow(/not a directory/);
  });
});

/** A privileged, host-network Pod running as root: what a gate must never miss. */
const ROOT_POD = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'root', namespace: 'default' },
  spec: { hostNetwork: true, containers: [{ name: 'c', image: 'busybox', securityContext: { privileged: true, runAsUser: 0 } }] },
};

describe('every file kubectl and Terraform read', () => {
  test('a Pod saved as pod.json is read (JSON with apiVersion and kind), on line 1; other JSON is not input', () => {
    const dir = dirWith({
      'pod.json': JSON.stringify(ROOT_POD, null, 2),
      'package.json': '{"name": "x", "version": "1.0.0"}',
      'policy/report.json': '{"tool": "secure-constructs", "version": 1}',
      'list.json': JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [ROOT_POD, null] }),
    });
    const input = loadDirectory(dir);
    expect(input.kubernetes.map(o => [o.file, o.object.kind, o.line])).toEqual([['list.json', 'Pod', 1], ['pod.json', 'Pod', 1]]);
    expect(input.issues).toEqual([{ file: 'list.json', line: 1, severity: 'info', message: 'item 1 of the List is null: skipped' }]);
  });

  test('*.tf.json of any name is Terraform, with the line of each resource key', () => {
    const text = JSON.stringify({ resource: { aws_s3_bucket: { a: { bucket: 'x' }, b: {} } }, data: { aws_caller_identity: { me: {} } } }, null, 2);
    const dir = dirWith({ 'infra/main.tf.json': text });
    const input = loadDirectory(dir);
    expect(input.terraform.map(r => [r.file, `${r.type}.${r.name}`, r.line])).toEqual([
      ['infra/main.tf.json', 'aws_s3_bucket.a', 4],
      ['infra/main.tf.json', 'aws_s3_bucket.b', 7],
      ['infra/main.tf.json', 'data.aws_caller_identity.me', 12],
    ]);
    expect(text.split('\n')[3]).toContain('"a": {');
    expect(text.split('\n')[11]).toContain('"me": {}');
  });

  test('a resource key is located in its type\'s block, not where the same key is nested in another resource', () => {
    const config = { resource: { aws_s3_bucket: { a: { tags: { x: '1' } }, tags: { bucket: 'b' } }, aws_sqs_queue: [{ tags: {} }] } };
    const text = JSON.stringify(config, null, 2);
    const lines = text.split('\n');
    const expected = (needle: string, from = 0) => lines.findIndex((l, i) => i >= from && l === needle) + 1;
    const resources = parseTerraformJson('m.tf.json', text);
    expect(resources.map(r => [`${r.type}.${r.name}`, r.line])).toEqual([
      ['aws_s3_bucket.a', expected('      "a": {')],
      ['aws_s3_bucket.tags', expected('      "tags": {')],
      ['aws_sqs_queue.tags', expected('        "tags": {}')],
    ]);
    expect(expected('      "tags": {')).toBeGreaterThan(expected('        "tags": {'));
  });

  test('symbolic links to files and directories are followed; a loop is reported, not fatal', () => {
    const outside = dirWith({ 'pod.yaml': stringify(ROOT_POD) });
    const dir = dirWith({ 'a/web.yaml': DEPLOYMENT });
    fs.symlinkSync(path.join(outside, 'pod.yaml'), path.join(dir, 'linked-pod.yaml'));
    fs.symlinkSync(outside, path.join(dir, 'linked-dir'));
    fs.symlinkSync(dir, path.join(dir, 'a', 'back-to-root'));
    fs.symlinkSync(path.join(dir, 'self'), path.join(dir, 'self'));
    fs.symlinkSync(path.join(dir, 'missing.yaml'), path.join(dir, 'dangling.yaml'));
    const input = loadDirectory(dir);
    expect(input.kubernetes.map(o => `${o.file} ${o.object.kind}`)).toEqual(['a/web.yaml Deployment', 'linked-dir/pod.yaml Pod', 'linked-pod.yaml Pod']);
    expect(input.issues!.map(i => [i.file, i.severity, i.message])).toEqual([
      ['a/back-to-root', 'info', 'symbolic link loop: leads back to the checked directory, which is read once; not followed'],
      ['dangling.yaml', 'error', 'symbolic link to a file that cannot be read (ENOENT)'],
      ['self', 'info', 'symbolic link loop: not followed'],
    ]);
  });

  test('one bad document does not hide the others in the same file', () => {
    const text = `${DEPLOYMENT}---\nreplicas: 3\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: [x\n---\n${stringify(ROOT_POD)}`;
    const result = readKubernetesYaml('m.yaml', text);
    expect(result.kubernetes.map(o => [o.object.kind, o.index, o.line])).toEqual([['Deployment', 0, 1], ['Pod', 3, 14]]);
    expect(result.issues.map(i => [i.line, i.message])).toEqual([
      [7, 'document 1 is not a Kubernetes object (apiVersion and kind are required)'],
      [13, 'malformed YAML: Flow sequence in block collection must be sufficiently indented and end with a ]'],
    ]);
  });
});

describe('YAML that other parsers accept', () => {
  test('a kind: List with a null item: the null is skipped with a remark, the other items are read with their lines', () => {
    const text = 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ServiceAccount\n  metadata:\n    name: a\n-\n- apiVersion: v1\n  kind: ServiceAccount\n  metadata:\n    name: b\n';
    const result = readKubernetesYaml('list.yaml', text);
    expect(result.kubernetes.map(o => [o.object.metadata.name, o.line])).toEqual([['a', 4], ['b', 9]]);
    expect(result.issues).toEqual([{ file: 'list.yaml', line: 8, severity: 'info', message: 'item 1 of the List in document 0 is null: skipped' }]);
  });

  test.each([
    ['continuation at the key\'s indentation', 'metadata:\n  name: web\n  annotations:\n    note: "line one\n    line two"\n'],
    ['continuation less indented', 'metadata:\n  name: web\n  annotations:\n    note: "line one\n  line two"\n'],
    ['continuation at column 0 in a sequence', 'metadata:\n  name: web\n  annotations:\n    note: "line one\nline two"\n'],
  ])('a multi-line double-quoted scalar is read as PyYAML and js-yaml read it (%s)', (_, tail) => {
    const objects = parseKubernetesYaml('q.yaml', `apiVersion: v1\nkind: ConfigMap\n${tail}`);
    expect(objects[0].object.metadata.annotations.note).toBe('line one line two');
  });

  test('a document js-yaml refuses but the yaml package reads (a tag it does not know) is read', () => {
    const objects = parseKubernetesYaml('t.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  x: !custom value\n');
    expect(objects[0].object.data.x).toBe('value');
  });

  test('YAML 1.2 core scalars: yes stays a string, timestamps stay strings', () => {
    const objects = parseKubernetesYaml('s.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: yes\n  b: 2024-01-01\n  c: 0o17\n');
    expect(objects[0].object.data).toEqual({ a: 'yes', b: '2024-01-01', c: 15 });
  });
});

describe('hostile input is refused with the file named', () => {
  const laughs = (levels: number) => {
    const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: bomb', 'data:', '  l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < levels; i++) lines.push(`  l${i}: &l${i} [${Array(10).fill(`*l${i - 1}`).join(',')}]`);
    return `${lines.join('\n')}\n`;
  };

  test('a billion laughs (aliases expanding to 10^9 nodes) is refused quickly; the next document is read', () => {
    const start = Date.now();
    const result = readKubernetesYaml('bomb.yaml', `${laughs(9)}---\n${DEPLOYMENT}`);
    expect(Date.now() - start).toBeLessThan(5000);
    expect(result.issues).toEqual([{ file: 'bomb.yaml', line: 1, severity: 'error', message: expect.stringMatching(/^document 0 refused: its aliases expand it to \d+ nodes \(a YAML bomb/) }]);
    expect(result.kubernetes.map(o => o.object.kind)).toEqual(['Deployment']);
  });

  test('a few aliases (shared labels) are read as values', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels: &l {app: web}\n  annotations: *l\n';
    expect(parseKubernetesYaml('a.yaml', text)[0].object.metadata.annotations).toEqual({ app: 'web' });
  });

  test('nesting deeper than 100 levels is refused, in YAML and in JSON', () => {
    const deep = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  x: ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
    const yamlResult = readKubernetesYaml('deep.yaml', deep);
    expect(yamlResult.issues).toEqual([{ file: 'deep.yaml', line: expect.any(Number), severity: 'error', message: expect.stringMatching(/nested more than 100 levels deep/) }]);
    const dir = dirWith({ 'deep.json': JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'd' }, data: JSON.parse(`${'{"a":'.repeat(200)}1${'}'.repeat(200)}`) }) });
    expect(loadDirectory(dir).issues).toEqual([{ file: 'deep.json', line: 1, severity: 'error', message: 'refused: nested more than 100 levels deep' }]);
  });
});

describe('document lines', () => {
  test('split at --- and ... lines only; comments and directives stay with their document', () => {
    const text = '# header\napiVersion: v1\n---\n# c\n\nkind: A\n--- # marker comment\n...\n%YAML 1.2\n---\nkind: B\nx: "--- not a marker"\n---\n';
    expect(splitYamlDocuments(text).map(d => d.contentLine)).toEqual([2, 6, undefined, 11, undefined]);
  });

});

describe('lines recorded by the writer', () => {
  function writtenApp(): WrittenManifest[] {
    const app = new App({ outdir: dirWith({}) });
    const chart = new Chart(app, 'app');
    new ApiObject(chart, 'a', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { script: 'line one\nline two\n\nline four\n', empty: '' } });
    new ApiObject(chart, 'b', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' }, data: { quoted: '--- not a marker', text: 'é\n---\n' } });
    new ApiObject(chart, 'c', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'c', labels: { x: 'y' } } });
    const other = new Chart(app, 'other');
    new ApiObject(other, 'd', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'd' } });
    return writeKubernetes(app);
  }

  test('are the lines the parser finds in the written file', () => {
    const written = writtenApp();
    expect(written).toHaveLength(2);
    for (const m of written) {
      const text = fs.readFileSync(m.file, 'utf8');
      const parsed = parseKubernetesYaml(path.basename(m.file), text);
      expect(m.lines).toEqual(splitYamlDocuments(text).map(d => d.contentLine));
      expect(m.lines).toEqual(parsed.map(o => o.line));
      expect(m.lines!.length).toBe(m.objects.length);
    }
    expect(written[0].lines).toEqual([1, 13, 23]);
  });

  test('are used without reading the file again', () => {
    const written = writtenApp();
    const dir = path.dirname(written[0].file);
    for (const m of written) fs.rmSync(m.file);
    expect(kubernetesFromManifests(dir, written).map(o => [o.file, o.line])).toEqual([
      ['app.k8s.yaml', 1], ['app.k8s.yaml', 13], ['app.k8s.yaml', 23], ['other.k8s.yaml', 1],
    ]);
  });
});

describe('file text', () => {
  test('ASCII files, UTF-8 files with non-ASCII text and files with a byte order mark read the same values', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  greeting: Grüße\n  plain: hello\n';
    const dir = dirWith({ 'ascii.yaml': text.replace('Grüße', 'Gruesse'), 'utf8.yaml': text, 'bom.yaml': `\ufeff${text}` });
    const byFile = new Map(loadDirectory(dir).kubernetes.map(o => [o.file, o]));
    expect(byFile.get('ascii.yaml')!.object.data).toEqual({ greeting: 'Gruesse', plain: 'hello' });
    expect(byFile.get('utf8.yaml')!.object.data).toEqual({ greeting: 'Grüße', plain: 'hello' });
    expect(byFile.get('bom.yaml')!.object).toEqual(byFile.get('utf8.yaml')!.object);
    expect([...byFile.values()].map(o => o.line)).toEqual([1, 1, 1]);
  });
});

describe('large files', () => {
  test('parsed on two threads, they give the same objects, lines and problems as on one', () => {
    const docs = [];
    for (let i = 0; i < 40; i++) docs.push(stringify({ ...ROOT_POD, metadata: { name: `p${i}`, namespace: 'default' } }));
    docs.push('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: inf\ndata:\n  x: .inf\n');
    docs.push('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: alias\n  labels: &l {a: b}\n  annotations: *l\n');
    docs.push('apiVersion: v1\nkind: Pod\nmetadata:\n  name: [broken\n');
    docs.push('replicas: 3\n');
    docs.push('apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ServiceAccount\n  metadata:\n    name: a\n-\n');
    docs.push('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: q\ndata:\n  note: "one\n  two"\n');
    for (let i = 40; i < 60; i++) docs.push(stringify({ ...ROOT_POD, metadata: { name: `p${i}`, namespace: 'default' } }));
    const text = docs.join('---\n');
    const one = readKubernetesYaml('big.yaml', text, { parallelFromBytes: Number.MAX_SAFE_INTEGER });
    const two = readKubernetesYaml('big.yaml', text, { parallelFromBytes: 0 });
    expect(two).toEqual(one);
    expect(one.kubernetes).toHaveLength(64);
    expect(one.kubernetes.find(o => o.object.metadata.name === 'inf')!.object.data.x).toBe(Infinity);
    expect(one.issues.map(i => i.severity)).toEqual(['error', 'error', 'info']);
  });

  test('the worker hands back plain documents as JSON and leaves the others to the main thread', () => {
    const pending = parseOnWorker(['a: 1\n', 'b: &x {c: 1}\nd: *x\n', 'e: .inf\n', 'f: [\n', 'g: "one\n  two"\n'], 100);
    expect(pending!.take()).toEqual(['{"a":1}', null, null, null, '{"g":"one two"}']);
  });
});

describe('unreadable parts', () => {
  test('a directory that cannot be read is reported; the rest is read', () => {
    const dir = dirWith({ 'ok.yaml': DEPLOYMENT, 'locked/x.yaml': DEPLOYMENT });
    const readdir = fs.readdirSync;
    // As root, permissions would not stop the read: the refusal is simulated.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const spy = jest.spyOn(require('fs') as typeof fs, 'readdirSync').mockImplementation(((p: fs.PathLike, options?: any) => {
      if (String(p).endsWith(`${path.sep}locked`)) throw Object.assign(new Error('permission denied'), { code: 'EACCES' });
      return readdir(p, options);
    }) as any);
    try {
      const input = loadDirectory(dir);
      expect(input.kubernetes.map(o => o.file)).toEqual(['ok.yaml']);
      expect(input.issues).toEqual([{ file: 'locked', line: 1, severity: 'error', message: 'directory cannot be read (EACCES)' }]);
    } finally {
      spy.mockRestore();
    }
  });
});
