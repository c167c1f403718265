import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import madge from 'madge';

/**
 * The shape of src/: no import cycles (type-only imports included), capabilities that do not
 * depend on the service class, and a service class that stays a composition root.
 */
const ROOT = path.resolve(__dirname, '../..');
const SRC = path.join(ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'imports' ? [] : sourceFiles(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

describe('structure of src/', () => {
  test('has no import cycles, type-only imports included', async () => {
    const result = await madge(SRC, {
      fileExtensions: ['ts'],
      tsConfig: path.join(ROOT, 'tsconfig.json'),
      excludeRegExp: [/^imports\//],
      detectiveOptions: { ts: { skipTypeImports: false } },
    });
    expect(Object.keys(result.obj()).length).toBeGreaterThan(100);
    expect(result.circular()).toEqual([]);
  }, 60_000);

  test('no module outside src/microservice imports the service class, except the public index', () => {
    const importers = sourceFiles(SRC)
      .filter(f => !f.startsWith(path.join(SRC, 'microservice') + path.sep) && f !== path.join(SRC, 'index.ts'))
      .filter(f => /from '[./]+microservice\/secure-microservice'/.test(fs.readFileSync(f, 'utf8')))
      .map(f => path.relative(ROOT, f));
    expect(importers).toEqual([]);
  });

  test('imports the Kubernetes bindings and the AWS provider by deep path, not through their package index', () => {
    // `cdk8s-plus-33`'s index loads the 36 other modules of cdk8s-plus to reach its `k8s` module
    // (about 45 ms more than the module alone); the provider's index loads every AWS resource class.
    const barrels = sourceFiles(SRC)
      .filter(f => /from '(cdk8s-plus-33|@cdktf\/provider-aws)'/.test(fs.readFileSync(f, 'utf8')))
      .map(f => path.relative(ROOT, f));
    expect(barrels).toEqual([]);
    expect(sourceFiles(SRC).filter(f => fs.readFileSync(f, 'utf8').includes("from 'cdk8s-plus-33/lib/imports/k8s'")).length).toBeGreaterThan(5);
  });

  test('importing the library loads no CRD binding that only some apps use; using one loads it', () => {
    // In a fresh process (jest's module registry is not node's): which generated bindings are loaded.
    const script = `
      const loaded = () => Object.keys(require.cache).filter(k => k.includes('/src/imports/')).map(k => k.split('/src/imports/')[1]).sort();
      const lib = require('./src');
      const before = loaded();
      const app = new lib.SecureApp({ outdir: require('fs').mkdtempSync(require('path').join(require('os').tmpdir(), 'lazy-')) });
      const platform = new lib.Platform(app, 'prod', { account: '111122223333', region: 'eu-west-1', awsEndpointCidrs: ['10.0.64.0/24'],
        cluster: lib.EksCluster.fromAttributes({ clusterName: 'prod-eks' }), exposure: lib.ExposureController.gatewayApi({ gatewayClassName: 'eg' }) });
      new lib.SecureMicroservice(platform, 'web', { image: 'ghcr.io/acme/web@sha256:' + '1'.repeat(64) })
        .expose({ host: 'shop.example.com', authentication: lib.EdgeAuthentication.anonymous('public product pages, no personal data') });
      console.log(JSON.stringify({ before, after: loaded() }));`;
    const out = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
      cwd: ROOT, encoding: 'utf-8', env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'test', 'tsconfig.json') },
    });
    expect(out.stderr).toBe('');
    const { before, after } = JSON.parse(out.stdout.trim().split('\n').pop()!);
    expect(before).not.toContain('external-secrets.io.ts');
    expect(before).not.toContain('gateway.networking.k8s.io.ts');
    expect(after).toContain('gateway.networking.k8s.io.ts');
    expect(after).not.toContain('external-secrets.io.ts');
  }, 60_000);

  test('the service class stays at most 300 lines', () => {
    const lines = fs.readFileSync(path.join(SRC, 'microservice', 'secure-microservice.ts'), 'utf8').split('\n').length;
    expect(lines).toBeLessThanOrEqual(300);
  });
});
