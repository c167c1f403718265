import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildMeshShop } from '../../examples/mesh/app';
import { buildShop } from '../../examples/shop/app';
import { synth } from '../support/synth';

/**
 * Monokle (@monokle/validation) on the library's output, offline: its core plugins that run
 * without downloads (YAML syntax, Kubernetes schema with the vendored v1.33 definitions, resource
 * links, Pod Security Standards, Kubernetes best practices), through `monokle-runner.mjs`.
 * Skipped, with the reason printed, where the package is not installed.
 */
const DEFINITIONS = path.join(__dirname, '..', '..', 'schemas', 'kubernetes', 'v1.33', '_definitions.json');
const RUNNER = path.join(__dirname, 'monokle-runner.mjs');

let entry: string | undefined;
try {
  entry = require.resolve('@monokle/validation');
} catch (e) {
  // eslint-disable-next-line no-console
  console.log(`Monokle tests skipped: @monokle/validation is not installed (${(e as Error).message.split('\n')[0]})`);
}
const describeIfMonokle = entry ? describe : describe.skip;

interface MonokleResult {
  readonly rule: string;
  readonly level: string;
  readonly message: string;
  readonly resource?: string;
  readonly suppressed: boolean;
  readonly justification?: string;
}
interface MonokleRun {
  readonly plugins: string[];
  readonly resources: number;
  readonly fetches: string[];
  readonly results: MonokleResult[];
}

function monokle(file: string): MonokleRun {
  return JSON.parse(execFileSync(process.execPath, [RUNNER, entry!, DEFINITIONS, file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 120_000 }));
}

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'secure-constructs-monokle-'));

describeIfMonokle('Monokle', () => {
  test('runs offline and reports a known-bad manifest', () => {
    const file = path.join(tmp(), 'bad.yaml');
    fs.writeFileSync(file, [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: { name: bad, namespace: bad }',
      'spec:',
      '  replicas: three',
      '  selector: { matchLabels: { app: bad } }',
      '  template:',
      '    metadata: { labels: { app: bad } }',
      '    spec:',
      '      hostNetwork: true',
      '      containers:',
      '      - name: bad',
      '        image: nginx:latest',
      '        securityContext: { privileged: true }',
      '',
    ].join('\n'));
    const run = monokle(file);
    expect(run.fetches).toEqual([]);
    expect(run.plugins).toEqual(['kubernetes-schema', 'pod-security-standards', 'practices', 'resource-links', 'yaml-syntax']);
    const rules = run.results.filter(r => !r.suppressed).map(r => r.rule);
    expect(rules).toContain('K8S001'); // replicas is not an integer: the vendored schema is used
    expect(rules.some(r => r.startsWith('PSS'))).toBe(true);
    expect(rules.some(r => r.startsWith('KBP'))).toBe(true);
  }, 180_000);

  describe.each([
    ['shop', buildShop, 'prod'],
    ['mesh', buildMeshShop, 'mesh'],
  ])('on the %s example', (_name, build, platform) => {
    let run: MonokleRun;
    beforeAll(() => {
      const out = synth(build(tmp()));
      run = monokle(path.join(out.outdir, 'kubernetes', `${platform}.k8s.yaml`));
    }, 180_000);

    test('reports nothing that is not suppressed', () => {
      expect(run.fetches).toEqual([]);
      expect(run.resources).toBeGreaterThan(30);
      expect(run.results.filter(r => !r.suppressed)).toEqual([]);
    });

    test('suppresses only the shipper\'s declared exceptions, each with its reason', () => {
      const suppressed = run.results.filter(r => r.suppressed);
      expect(suppressed.map(r => `${r.rule} ${r.resource}`).sort()).toEqual(
        ['KBP104', 'KBP105', 'KBP109', 'PSS105'].map(rule => `${rule} fluent-bit.logging.daemonset@manifest.yaml`));
      for (const r of suppressed) expect(r.justification?.length).toBeGreaterThan(20);
    });
  });
});
