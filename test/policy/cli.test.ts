import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { compliantDeployment, container, mutated, namespace, pdb, serviceAccount } from './helpers';
import { buildShop } from '../../examples/shop/app';
import { main } from '../../src/policy/cli';

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
  expect(io.stdout).toMatch(/error \(suppressed\)\s+AWS-013\s+prod\/AlbAccessLogs\/Resource\s+aws_s3_bucket\.\S+\s+default encryption is AES256, not aws:kms/);
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
  expect(io.stdout).toMatch(/SEVERITY\s+RULE\s+CONSTRUCT\s+RESOURCE\s+MESSAGE/);
  expect(io.stdout).toMatch(/error\s+K8S-002\s+prod\/orders\s+Deployment orders\/orders\s+container "orders": is privileged/);
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
  expect(io.stderr).toMatch(/stacks\/prod\/cdk\.tf\.json:4: malformed JSON/);
  expect(await main(['check', path.join(dir, 'nope')], capture())).toBe(2);
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
