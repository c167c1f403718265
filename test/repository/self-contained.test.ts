import * as path from 'path';
import { findOutsidePaths, REPOSITORY_ROOT, scanScript, scannedFiles, scanShell, scanText } from './outside-paths';

// The forbidden fragments are put together here so that this file does not contain them itself.
const SIBLING = ['..', 'shared'].join('/');
const WORK_ROOT = ['', 'work', ''].join('/');

/** Scans `text` as if it were the TypeScript file `rel` of the repository. */
const script = (rel: string, text: string) => [
  ...scanText(rel, text),
  ...scanScript(path.join(REPOSITORY_ROOT, rel), text),
].map(f => `${f.line}: ${f.problem}`);

const shell = (text: string) => [...scanText('scripts/x.sh', text), ...scanShell('scripts/x.sh', text)].map(f => `${f.line}: ${f.problem}`);

describe('the repository is self-contained', () => {
  test('no code, test, script, task or CI file refers to a path outside the repository', () => {
    const findings = findOutsidePaths().map(f => `${f.file}:${f.line}: ${f.problem}`);
    expect(findings).toEqual([]);
  });

  test('the scan covers the code, the tests, the scripts, the projen configuration and CI', () => {
    const files = scannedFiles().map(f => path.relative(REPOSITORY_ROOT, f).split(path.sep).join('/'));
    for (const file of ['src/index.ts', 'test/support/k8s-schema.ts', 'scripts/import-crds.sh', 'bench/run.ts',
      'examples/shop/main.ts', 'projenrc/tsconfig.json', '.projenrc.ts', '.ci/run', 'bin/secure-constructs', '.projen/tasks.json', 'package.json']) {
      expect(files).toContain(file);
    }
    expect(files.some(f => f.includes('node_modules'))).toBe(false);
  });
});

describe('what the scan finds', () => {
  test('a path into the shared folder beside the checkout, in code or in a comment', () => {
    expect(script('test/a.test.ts', `// read from ${SIBLING}/reference\nconst x = 1;\n`)).toEqual([
      `1: '${SIBLING}' refers to a path outside the repository`,
    ]);
    expect(script('test/support/x.ts', `export const DIR = path.resolve(__dirname, '../../${SIBLING}/reference');\n`)).toEqual([
      `1: '${SIBLING}' refers to a path outside the repository`,
      `1: path.resolve(__dirname, '../../${SIBLING}/reference') is outside the repository`,
    ]);
  });

  test('path.join / path.resolve / join with __dirname that leaves the root, also with arguments that are not literals', () => {
    expect(script('test/a/b.test.ts', "const f = path.join(__dirname, '..', '..', '..', 'elsewhere', name);\n")).toEqual([
      "1: path.join(__dirname, '..', '..', '..', 'elsewhere') is outside the repository",
    ]);
    expect(script('scripts/x.ts', "import { resolve } from 'path';\nconst f = resolve(__dirname, '../..');\n")).toEqual([
      "2: resolve(__dirname, '../..') is outside the repository",
    ]);
    expect(script('bench/x.ts', "import * as p from 'node:path';\nconst f = p.join(__dirname, '../..');\nconst g = require('path').resolve(__dirname, '..', '..', 'x');\n")).toEqual([
      "2: p.join(__dirname, '../..') is outside the repository",
      "3: require('path').resolve(__dirname, '..', '..', 'x') is outside the repository",
    ]);
    expect(script('bench/x.ts', 'const f = `${__dirname}/../../data.json`;\n')).toEqual([
      '1: `${__dirname}/../../data.json` is outside the repository',
    ]);
  });

  test('a relative module outside the repository', () => {
    expect(script('test/a.test.ts', "import { x } from '../../elsewhere/lib';\nconst y = require('../../y');\njest.mock('../../z');\n")).toEqual([
      "1: module '../../elsewhere/lib' is outside the repository",
      "2: module '../../y' is outside the repository",
      "3: module '../../z' is outside the repository",
    ]);
  });

  test('an absolute machine path given to a file-system, path or process call', () => {
    const found = script('test/a.test.ts', [
      "fs.readFileSync('/tmp/reference/crd.yaml', 'utf8');",
      "fs.existsSync('/root/.kube/config');",
      "readdirSync('/home/dev/schemas');",
      "execSync('ls', { cwd: '/tmp/x' });",
      "path.join('/Users/dev', 'x');",
      "require('C:\\\\repo\\\\x');",
    ].join('\n'));
    expect(found).toEqual([
      "1: absolute machine path '/tmp/reference/crd.yaml'",
      "2: absolute machine path '/root/.kube/config'",
      "3: absolute machine path '/home/dev/schemas'",
      "4: absolute machine path '/tmp/x'",
      "5: absolute machine path '/Users/dev'",
      "6: absolute machine path 'C:\\repo\\x'",
    ]);
    expect(script('test/a.test.ts', `const file = '${WORK_ROOT}checkout/crds';\n`)).toEqual([
      `1: '${WORK_ROOT}' refers to a path outside the repository`,
    ]);
  });

  test('in a shell script: machine paths and paths that start above the repository root', () => {
    expect(shell('cat /tmp/crds/x.yaml\ncd ../elsewhere\ncrds="${CRDS_DIR:-../crds}"\n')).toEqual([
      "1: path '/tmp/' is outside the repository",
      "2: path '../' is outside the repository",
      "3: path '../' is outside the repository",
    ]);
  });

  test('not container paths, regular expressions, paths inside the repository or array joins', () => {
    expect(script('test/support/x.ts', [
      "const mount = { mountPath: '/tmp', name: 'tmp' };",
      "const home = '/home/nonroot';",
      'expect(annotation).toMatch(/root/);',
      "const file = path.join(__dirname, '..', '..', 'schemas', 'crds');",
      'const lib = `${__dirname}/../lib`;',
      "const line = parts.join('/tmp/');",
      "import { App } from '../../src';",
    ].join('\n'))).toEqual([]);
    expect(shell('cd "$(dirname "$0")/.."\ntmp=$(mktemp -d)\n')).toEqual([]);
  });
});
