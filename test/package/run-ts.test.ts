import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const RUNNER = path.join(ROOT, 'scripts', 'run-ts.js');

/** A TypeScript program inside the repository (so that it resolves node_modules), removed after the test. */
function program(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(ROOT, 'test', 'package', '.run-ts-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

const run = (file: string, args: string[] = []) => spawnSync(process.execPath, [RUNNER, file, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });

const REPORT = `
const typed: number = 1 + 1;
const loaded = Object.keys(require.cache).some(k => k.includes('node_modules/typescript/lib/typescript.js'));
console.log(JSON.stringify({ typed, main: require.main === module, args: process.argv.slice(2), typescriptLoaded: loaded }));
`;

describe('scripts/run-ts.js', () => {
  const created: string[] = [];
  afterAll(() => created.forEach(f => fs.rmSync(path.dirname(f), { recursive: true, force: true })));

  test('runs a TypeScript file as the main module, with its arguments', () => {
    const file = program('main.ts', `${REPORT}// ${Date.now()} ${Math.random()}\n`);
    created.push(file);
    const first = run(file, ['--smoke', 'x']);
    expect(first.stderr).toBe('');
    expect(JSON.parse(first.stdout)).toEqual({ typed: 2, main: true, args: ['--smoke', 'x'], typescriptLoaded: true });
    // The second run finds the file's JavaScript in the cache and loads no TypeScript.
    expect(JSON.parse(run(file).stdout)).toEqual({ typed: 2, main: true, args: [], typescriptLoaded: false });
    // A changed file is transpiled again.
    fs.writeFileSync(file, `${REPORT.replace('1 + 1', '2 + 2')}// ${Math.random()}\n`);
    expect(JSON.parse(run(file).stdout)).toMatchObject({ typed: 4, typescriptLoaded: true });
  });

  test('does not type-check (the build does): a type error still runs', () => {
    const file = program('untyped.ts', "const n: number = 'text' as unknown as number;\nconsole.log(typeof n);\n");
    created.push(file);
    expect(run(file).stdout).toBe('string\n');
  });

  test('without a file: usage, exit 2', () => {
    const result = spawnSync(process.execPath, [RUNNER], { encoding: 'utf8' });
    expect([result.status, result.stderr]).toEqual([2, 'usage: node scripts/run-ts.js <file.ts> [args...]\n']);
  });
});
