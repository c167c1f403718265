import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { JsonPatch } from 'cdk8s';
import { stringify } from 'yaml';
import { compliantDeployment, container, mutated, namespace, pdb, serviceAccount } from './helpers';
import { buildShop } from '../../examples/shop/app';
import { Policy, SecureMicroservice } from '../../src';
import { colorByDefault, main } from '../../src/policy/cli';

function capture() {
  const io = { stdout: '', stderr: '', out: (t: string) => { io.stdout += t; }, err: (t: string) => { io.stderr += t; } };
  return io;
}

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'secure-constructs-cli-'));

const DEFAULT_DENY = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'default-deny', namespace: 'orders' },
  spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
};

function manifestDir(deployment: any): string {
  const dir = tmp();
  fs.writeFileSync(path.join(dir, 'app.yaml'), [namespace(), serviceAccount(), deployment, pdb(), DEFAULT_DENY].map(o => stringify(o)).join('---\n'));
  return dir;
}

test('checks the example\'s output: no findings, exit 0, reports in <dir>/policy', async () => {
  const outdir = tmp();
  buildShop(outdir).synth();
  fs.rmSync(path.join(outdir, 'policy'), { recursive: true });
  const io = capture();
  expect(await main(['check', outdir], io)).toBe(0);
  // Only the log shipper's declared opt-outs and the access-log bucket's SSE-S3 (recorded in its
  // Terraform resource) are listed, each accepted; nothing fails.
  expect(io.stdout).toContain('0 error, 0 warning, 0 info, 6 suppressed');
  expect(io.stdout).toMatch(/error \(suppressed\)\s+AWS-013\s+terraform\/stacks\/prod\/cdk\.tf\.json:\d+\s+prod\/AlbAccessLogs\/Resource\s+aws_s3_bucket\.\S+\s+default encryption is AES256, not aws:kms/);
  const report = JSON.parse(fs.readFileSync(path.join(outdir, 'policy', 'report.json'), 'utf8'));
  expect(report.findings.find((f: any) => f.ruleId === 'AWS-013').suppressionReason).toMatch(/^ALB access logs are delivered only to buckets encrypted with SSE-S3/);
  expect(io.stdout).toMatch(/Checked \d+ Kubernetes objects and \d+ Terraform resources with \d+ rules/);
  expect(io.stdout).toContain('PASSED');
  for (const f of ['report.json', 'report.sarif', 'report.md']) expect(fs.existsSync(path.join(outdir, 'policy', f))).toBe(true);
});

test('plain YAML with an error-level problem: a table and exit 1', async () => {
  const dir = manifestDir(mutated(d => { container(d).securityContext.privileged = true; }));
  const io = capture();
  expect(await main(['check', dir], io)).toBe(1);
  expect(io.stdout).toMatch(/SEVERITY\s+RULE\s+LOCATION\s+CONSTRUCT\s+RESOURCE\s+MESSAGE/);
  // The Deployment is the third document: after the Namespace (5 lines) and the ServiceAccount (6 lines) and their separators.
  expect(io.stdout).toMatch(/error\s+K8S-002\s+app\.yaml:15\s+prod\/orders\s+Deployment orders\/orders\s+container "orders": is privileged/);
  expect(fs.readFileSync(path.join(dir, 'app.yaml'), 'utf8').split('\n')[14]).toBe('apiVersion: apps/v1');
  expect(io.stdout).not.toContain('\u001b[');
  expect(io.stdout).toContain('FAILED: 1 finding at or above error.');
});

test('--fail-on sets the threshold; --out sets where the reports go', async () => {
  const dir = manifestDir(mutated(d => { container(d).imagePullPolicy = 'IfNotPresent'; }));
  const out = path.join(tmp(), 'reports');
  expect(await main(['check', dir, '--out', out], capture())).toBe(0);
  expect(await main(['check', dir, '--fail-on', 'warning', '--out', out], capture())).toBe(1);
  expect(await main(['check', dir, '--fail-on=info', `--out=${out}`], capture())).toBe(1);
  expect(JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8')).findings.map((f: any) => f.ruleId)).toEqual(['K8S-016']);
});

test('compliant plain YAML passes', async () => {
  const io = capture();
  expect(await main(['check', manifestDir(compliantDeployment())], io)).toBe(0);
});

test.each([
  [[], /missing command/],
  [['lint', 'x'], /unknown command "lint"/],
  [['check'], /missing <dir>/],
  [['check', 'a', 'b'], /unexpected argument "b"/],
  [['check', 'a', '--fail-on', 'fatal'], /--fail-on must be error, warning or info/],
  [['check', 'a', '--out'], /--out needs a value/],
  [['check', 'a', '--verbose'], /unknown option "--verbose"/],
])('usage error %j: exit 2 with usage', async (argv, message) => {
  const io = capture();
  expect(await main(argv as string[], io)).toBe(2);
  expect(io.stderr).toMatch(message);
  expect(io.stderr).toContain('Usage: secure-constructs check <dir>');
});

test('--help prints usage, exit 0', async () => {
  const io = capture();
  expect(await main(['--help'], io)).toBe(0);
  expect(io.stdout).toContain('Usage:');
});

test('malformed input: exit 2 naming file and line; a missing directory: exit 2', async () => {
  const dir = tmp();
  fs.mkdirSync(path.join(dir, 'stacks', 'prod'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'stacks', 'prod', 'cdk.tf.json'), '{\n  "resource": {\n    "aws_s3_bucket": { "b": { } },\n  }\n}\n');
  const io = capture();
  expect(await main(['check', dir], io)).toBe(2);
  expect(io.stderr).toMatch(/stacks\/prod\/cdk\.tf\.json:4: not checked: malformed JSON/);
  expect(await main(['check', path.join(dir, 'nope')], capture())).toBe(2);
});

describe('a gate that cannot be bypassed', () => {
  const ROOT_POD = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'root', namespace: 'default' },
    spec: { hostNetwork: true, containers: [{ name: 'c', image: 'busybox', securityContext: { privileged: true, runAsUser: 0 } }] },
  };

  test('a privileged hostNetwork root Pod saved as pod.json fails the check', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'pod.json'), JSON.stringify(ROOT_POD, null, 2));
    const io = capture();
    expect(await main(['check', dir], io)).toBe(1);
    expect(io.stdout).toMatch(/error\s+K8S-002\s+pod\.json:1\s/);
    expect(io.stdout).toMatch(/error\s+K8S-004\s+pod\.json:1\s/);
    expect(io.stdout).not.toContain('PASSED');
  });

  test('the same Pod behind a symbolic link (to a file, to a directory) fails the check', async () => {
    const outside = tmp();
    fs.writeFileSync(path.join(outside, 'pod.yaml'), stringify(ROOT_POD));
    for (const link of [path.join(outside, 'pod.yaml'), outside]) {
      const dir = tmp();
      fs.symlinkSync(link, path.join(dir, link.endsWith('.yaml') ? 'linked.yaml' : 'linked'));
      const io = capture();
      expect(await main(['check', dir, '--out', path.join(tmp(), 'out')], io)).toBe(1);
      expect(io.stdout).toMatch(/K8S-002\s+linked(\.yaml|\/pod\.yaml):1\s/);
    }
  });

  test('a symbolic link loop is reported and does not stop the check', async () => {
    const dir = manifestDir(compliantDeployment());
    fs.symlinkSync(dir, path.join(dir, 'loop'));
    const io = capture();
    expect(await main(['check', dir], io)).toBe(0);
    expect(io.stderr).toContain('secure-constructs: loop:1: symbolic link loop: leads back to the checked directory, which is read once; not followed');
    expect(io.stdout).toMatch(/info\s+INPUT-002\s+loop:1\s/);
  });

  test.each([
    ['an empty directory', {}],
    ['a directory of other files', { 'README.md': '# x', 'package.json': '{"name": "x"}', 'sub/notes.txt': 'x' }],
  ])('%s is an error (exit 2), not PASSED', async (_, files: { [name: string]: string }) => {
    const dir = tmp();
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
    const io = capture();
    expect(await main(['check', dir], io)).toBe(2);
    expect(io.stderr).toMatch(/nothing to check in .*: no Kubernetes manifest .* and no Terraform JSON/);
    expect(io.stdout).not.toContain('PASSED');
  });

  test('one unreadable file is reported with file and line; the others are checked and reported; exit 2', async () => {
    const dir = manifestDir(mutated(d => { container(d).securityContext.privileged = true; }));
    fs.writeFileSync(path.join(dir, 'broken.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: [x\n');
    const io = capture();
    expect(await main(['check', dir], io)).toBe(2);
    expect(io.stderr).toMatch(/broken\.yaml:\d+: not checked: malformed YAML/);
    expect(io.stdout).toMatch(/error\s+INPUT-001\s+broken\.yaml:\d+/);
    expect(io.stdout).toMatch(/error\s+K8S-002\s+app\.yaml:15/);
    expect(io.stdout).toContain('FAILED: 1 input problem (INPUT-001): not everything could be checked; and 1 failing finding.');
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'policy', 'report.json'), 'utf8'));
    expect(report.passed).toBe(false);
    expect(report.findings.map((f: any) => [f.ruleId, f.file, f.failing])).toEqual([['INPUT-001', 'broken.yaml', true], ['K8S-002', 'app.yaml', true]]);
    expect(report.rules.map((r: any) => r.id)).toContain('INPUT-001');
  });

  test('a YAML bomb is refused with the file named', async () => {
    const dir = manifestDir(compliantDeployment());
    const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: bomb', 'data:', '  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) lines.push(`  l${i}: &l${i} [${Array(10).fill(i === 1 ? '*a' : `*l${i - 1}`).join(',')}]`);
    fs.writeFileSync(path.join(dir, 'bomb.yaml'), lines.join('\n'));
    const io = capture();
    expect(await main(['check', dir], io)).toBe(2);
    expect(io.stderr).toMatch(/bomb\.yaml:1: not checked: document 0 refused: its aliases expand it to \d+ nodes \(a YAML bomb/);
  });

  test('--out that is a file is a clear error', async () => {
    const dir = manifestDir(compliantDeployment());
    const file = path.join(dir, 'report.txt');
    fs.writeFileSync(file, 'x');
    const io = capture();
    expect(await main(['check', dir, '--out', file], io)).toBe(2);
    expect(io.stderr).toBe(`secure-constructs: --out ${file}: is a file, not a directory; give a directory for the reports (it is created when missing)\n`);
    const nested = capture();
    expect(await main(['check', dir, '--out', path.join(file, 'reports')], nested)).toBe(2);
    expect(nested.stderr).toContain(`${file} is a file, so the directory cannot be created`);
  });

  test('--version prints the package version', async () => {
    const io = capture();
    expect(await main(['--version'], io)).toBe(0);
    expect(io.stdout).toBe(`${JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version}\n`);
  });

  test('colour on a terminal only: severities coloured when asked, never with NO_COLOR or off a terminal', async () => {
    const dir = manifestDir(mutated(d => { container(d).securityContext.privileged = true; }));
    const colored = { stdout: '', stderr: '', out: (t: string) => { colored.stdout += t; }, err: (t: string) => { colored.stderr += t; }, color: true };
    expect(await main(['check', dir], colored)).toBe(1);
    expect(colored.stdout).toContain('\u001b[31merror');
    expect(colored.stdout).toContain('\u001b[31m\u001b[1mFAILED\u001b[0m');
    const plain = capture();
    expect(await main(['check', dir], plain)).toBe(1);
    expect(plain.stdout).not.toContain('\u001b[');
    expect(colorByDefault({}, true)).toBe(true);
    expect(colorByDefault({ NO_COLOR: '1' }, true)).toBe(false);
    expect(colorByDefault({ NO_COLOR: '' }, true)).toBe(true);
    expect(colorByDefault({ TERM: 'dumb' }, true)).toBe(false);
    expect(colorByDefault({}, false)).toBe(false);
  });
});

describe('findings accepted in the Terraform output (`//` block)', () => {
  const bucket = (name: string, comment: any) => ({
    '//': { metadata: { path: `main/${name}`, uniqueId: name }, ...comment },
    'bucket': name,
  });
  const write = (resources: any) => {
    const dir = tmp();
    fs.mkdirSync(path.join(dir, 'stacks', 'main'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'stacks', 'main', 'cdk.tf.json'), JSON.stringify({ resource: { aws_s3_bucket: resources } }));
    return dir;
  };
  const accepted = (reason: string) => ({ 'secure-constructs:suppressions': [{ ruleId: 'AWS-013', reason }] });

  test('apply to the resource that declares them, with their reason, and to no other', async () => {
    const dir = write({ logs: bucket('logs', accepted('ELB access logs support SSE-S3 only')), data: bucket('data', {}) });
    const io = capture();
    expect(await main(['check', dir, '--out', path.join(dir, 'out')], io)).toBe(1);
    const findings = JSON.parse(fs.readFileSync(path.join(dir, 'out', 'report.json'), 'utf8')).findings.filter((f: any) => f.ruleId === 'AWS-013');
    expect(findings.map((f: any) => [f.constructPath, f.suppressed, f.suppressionReason ?? null])).toEqual([
      ['main/data', false, null],
      ['main/logs', true, 'ELB access logs support SSE-S3 only'],
    ]);
  });

  test('are ignored without a reason of at least 10 characters', async () => {
    const dir = write({ logs: bucket('logs', accepted('because')) });
    expect(await main(['check', dir, '--out', path.join(dir, 'out')], capture())).toBe(1);
    const findings = JSON.parse(fs.readFileSync(path.join(dir, 'out', 'report.json'), 'utf8')).findings.filter((f: any) => f.ruleId === 'AWS-013');
    expect(findings.map((f: any) => f.suppressed)).toEqual([false]);
  });
});

describe('synth and check agree', () => {
  test('on the same output, the checker writes the same three reports as synth', async () => {
    const outdir = tmp();
    buildShop(outdir).synth();
    const out = path.join(tmp(), 'reports');
    // The shop's report carries PCI DSS and HIPAA sections: the checker is asked for the same.
    expect(await main(['check', outdir, '--out', out, '--framework', 'pci-dss-4', '--framework', 'hipaa'], capture())).toBe(0);
    for (const f of ['report.json', 'report.sarif', 'report.md']) {
      expect(fs.readFileSync(path.join(out, f), 'utf8')).toBe(fs.readFileSync(path.join(outdir, 'policy', f), 'utf8'));
    }
    // The lines synth gives (found in the written file only for findings) are the parser's.
    const report = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8'));
    expect(report.findings.length).toBeGreaterThan(0);
    for (const f of report.findings) expect(f.line).toBeGreaterThan(0);
  });

  test('--base maps SARIF paths to the repository: relative to the base, which must contain the checked directory', async () => {
    const root = tmp();
    const dist = path.join(root, 'dist');
    fs.mkdirSync(dist);
    fs.writeFileSync(path.join(dist, 'app.yaml'), stringify(mutated(d => { container(d).securityContext.privileged = true; })));
    expect(await main(['check', dist, '--base', root], capture())).toBe(1);
    const run = JSON.parse(fs.readFileSync(path.join(dist, 'policy', 'report.sarif'), 'utf8')).runs[0];
    expect(run.results[0].locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'dist/app.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 1 } });
    const io = capture();
    expect(await main(['check', root, '--base', dist], io)).toBe(2);
    expect(io.stderr).toContain(`--base ${dist}: must contain ${root}`);
  });
});

describe('what code accepts is recorded in the output', () => {
  test('Policy.of(service).suppress: synth passes, the checker on the same output passes, and both reports are identical', async () => {
    const outdir = tmp();
    const app = buildShop(outdir);
    const orders = app.node.findAll().find(c => c.node.path === 'prod/orders') as SecureMicroservice;
    orders.deployment.addJsonPatch(JsonPatch.replace('/spec/template/spec/containers/0/imagePullPolicy', 'IfNotPresent'));
    Policy.of(orders).suppress('K8S-016', 'the node image cache is pre-warmed for orders (OPS-77)');
    app.synth();
    const written = fs.readFileSync(path.join(outdir, 'kubernetes', 'prod.k8s.yaml'), 'utf8');
    expect(written).toContain('suppress.secure-constructs.io/K8S-016: the node image cache is pre-warmed for orders (OPS-77)');
    const out = path.join(tmp(), 'reports');
    expect(await main(['check', outdir, '--out', out, '--framework', 'pci-dss-4', '--framework', 'hipaa'], capture())).toBe(0);
    for (const f of ['report.json', 'report.sarif', 'report.md']) {
      expect(fs.readFileSync(path.join(out, f), 'utf8')).toBe(fs.readFileSync(path.join(outdir, 'policy', f), 'utf8'));
    }
    const report = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8'));
    expect(report.findings.filter((f: any) => f.ruleId === 'K8S-016').map((f: any) => [f.suppressed, f.suppressionReason]))
      .toEqual([[true, 'the node image cache is pre-warmed for orders (OPS-77)']]);
  });

  test('a suppression in code that matches nothing still fails synth', () => {
    const app = buildShop(tmp());
    Policy.of(app.node.findAll().find(c => c.node.path === 'prod/orders')!).suppress('K8S-016', 'nothing to accept here (OPS-78)');
    expect(() => app.synth()).toThrow(/matches no finding/);
  });
});
