import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Packs } from '../../src/policy/packs';

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'secure-constructs');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

/** A copy of the package's layout in a temporary folder: bin/, and the given links into the repository. */
function layout(links: string[], files: { [file: string]: string } = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secure-constructs-bin-'));
  fs.mkdirSync(path.join(dir, 'bin'));
  fs.copyFileSync(BIN, path.join(dir, 'bin', 'secure-constructs'));
  for (const link of links) fs.symlinkSync(path.join(ROOT, link), path.join(dir, link));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

const run = (dir: string, args: string[]) => spawnSync(process.execPath, [path.join(dir, 'bin', 'secure-constructs'), ...args],
  { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE_PATH: '' }, timeout: 120_000 });

describe('the secure-constructs command', () => {
  test('in a clone without lib/ (after npm ci), it runs src/ through ts-node and checks a directory', () => {
    const dir = layout(['src', 'node_modules']);
    const output = fs.mkdtempSync(path.join(os.tmpdir(), 'secure-constructs-checked-'));
    fs.writeFileSync(path.join(output, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: default\n');
    const result = run(dir, ['check', output]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(new RegExp(`Checked 1 Kubernetes objects and 0 Terraform resources with ${Packs.all().length} rules`));
    expect(result.status).toBe(0);
    expect(fs.existsSync(path.join(output, 'policy', 'report.sarif'))).toBe(true);
  }, 150_000);

  test('usage and input errors are one line and the usage, exit 2, never a stack trace', () => {
    const dir = layout(['src', 'node_modules']);
    const missing = run(dir, ['check', path.join(dir, 'no-such-dir')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(`secure-constructs: ${path.join(dir, 'no-such-dir')}: not a directory\n`);
    const usage = run(dir, ['lint']);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/^secure-constructs: unknown command "lint"\n\nUsage: secure-constructs check <dir>/);
    expect(usage.stderr).not.toMatch(/\n\s+at /);
  }, 150_000);

  test('with lib/ built, it runs lib/', () => {
    const dir = layout([], { 'lib/policy/cli.js': 'exports.main = async argv => { process.stdout.write(`compiled ${argv.join(" ")}\\n`); return 0; };\n' });
    const result = run(dir, ['check', 'x']);
    expect([result.status, result.stdout]).toEqual([0, 'compiled check x\n']);
  });

  test('with neither lib/ nor ts-node, one line says what to run, exit 2', () => {
    const dir = layout(['src']);
    const result = run(dir, ['check', '.']);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('secure-constructs: the checker is not built: run `npx projen compile` (or `npm ci` in a clone, which installs ts-node to run it from src/)\n');
  });

  test('an unexpected failure is one line (the stack only with SECURE_CONSTRUCTS_DEBUG)', () => {
    const dir = layout([], { 'lib/policy/cli.js': 'exports.main = async () => { throw new Error("disk full"); };\n' });
    const result = run(dir, ['check', 'x']);
    expect([result.status, result.stderr]).toEqual([2, 'secure-constructs: disk full\n']);
  });
});

describe('package.json', () => {
  test('exports the root and the documented deep imports, each with types, and nothing the sources lack', () => {
    expect(Object.keys(pkg.exports)).toEqual(['.', './lib/testing/jest', './lib/testing/serializer', './lib/core/errors', './package.json', './.jsii']);
    for (const [key, target] of Object.entries<any>(pkg.exports)) {
      if (typeof target === 'string') continue;
      expect(Object.keys(target)).toEqual(['types', 'default']);
      const source = target.default.replace(/^\.\/lib\//, 'src/').replace(/\.js$/, '.ts');
      expect([key, fs.existsSync(path.join(ROOT, source))]).toEqual([key, true]);
      expect(target.types).toBe(target.default.replace(/\.js$/, '.d.ts'));
    }
    expect(pkg.exports['.'].default).toBe(`./${pkg.main}`);
  });

  test('peer dependency ranges: cdktf pinned to its last release, the AWS provider a range within 21.x', () => {
    expect(pkg.peerDependencies).toMatchObject({ 'cdktf': '0.21.0', '@cdktf/provider-aws': '^21.22.1' });
    // The development copy is the lowest version of the range, so tests run against what users may get at least.
    expect(pkg.devDependencies['@cdktf/provider-aws']).toBe('21.22.1');
  });

  test('jsii targets for Python, Java, .NET and Go', () => {
    expect(Object.keys(pkg.jsii.targets).sort()).toEqual(['dotnet', 'go', 'java', 'python']);
  });

  test('the package ships no development-only files and no CRD bindings that lib/ never loads', () => {
    const result = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(result.status).toBe(0);
    const files: string[] = JSON.parse(result.stdout)[0].files.map((f: any) => f.path);
    expect(files).toContain('bin/secure-constructs');
    expect(files).toContain('README.md');
    expect(files.filter(f => /^(\.ci|bench|scripts|examples|schemas|test|src|projenrc|\.projen)\//.test(f))).toEqual([]);
    // Every generated binding either is imported by the library's sources or is left out.
    const imported = new Set<string>();
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory() && e.name !== 'imports') {walk(p);} else if (e.name.endsWith('.ts')) {
          for (const m of fs.readFileSync(p, 'utf8').matchAll(/from '(?:\.\.\/)+imports\/([^']+)'/g)) imported.add(m[1]);
        }
      }
    };
    walk(path.join(ROOT, 'src'));
    const bindings = fs.readdirSync(path.join(ROOT, 'src', 'imports')).map(f => f.replace(/\.ts$/, ''));
    const ignore = fs.readFileSync(path.join(ROOT, '.npmignore'), 'utf8').split('\n');
    for (const binding of bindings) {
      const excluded = ignore.includes(`/lib/imports/${binding}.*`);
      expect([binding, excluded]).toEqual([binding, !imported.has(binding)]);
    }
  }, 150_000);
});
