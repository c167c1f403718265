import { spawnSync } from 'child_process';
import * as path from 'path';
import {
  DEFERRED_DEPENDENCIES, DeferredDependency, deferDependencies, ModuleCache, resolveInstalled,
} from '../../src/core/deferred-dependencies';

const ROOT = path.join(__dirname, '..', '..');

/** The names a module exports, as the deferral lists them (a function's own properties but its built-in ones). */
function exportNames(exported: unknown): string[] {
  const builtIn = new Set(['length', 'name', 'prototype', 'arguments', 'caller']);
  return Object.getOwnPropertyNames(exported).filter(name => typeof exported !== 'function' || !builtIn.has(name));
}

describe('the deferred modules match what is installed', () => {
  test.each(DEFERRED_DEPENDENCIES.map(d => [`${d.owner}/${d.module}`, d] as const))('%s', (_name, dependency) => {
    const installed = resolveInstalled(dependency);
    expect(installed).toBeDefined();
    // A new version of the owner's bundled module: list its version and exports in DEFERRED_DEPENDENCIES.
    expect(installed!.version).toBe(dependency.version);
    // The file the owner's own require loads.
    const owner = path.dirname(require.resolve(dependency.owner));
    expect(installed!.file).toBe(require.resolve(dependency.module, { paths: [owner] }));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const actual = require(installed!.file);
    expect(typeof actual).toBe(dependency.kind);
    expect(exportNames(actual)).toEqual(dependency.exports);
  });
});

describe('deferDependencies', () => {
  const fn: DeferredDependency = { owner: 'owner', module: 'fn', version: '1.0.0', main: 'fn.js', kind: 'function', exports: ['helper'] };
  const obj: DeferredDependency = { owner: 'owner', module: 'obj', version: '2.0.0', main: 'obj.js', kind: 'object', exports: ['parse', 'VERSION'] };
  const where = (d: DeferredDependency) => ({ file: `/m/${d.module}.js`, ownerRoot: '/owner/', version: d.version });
  const realModules: Record<string, unknown> = {
    '/m/fn.js': Object.assign(function (this: unknown, a: number, b: number) { return { self: this, sum: a + b }; }, { helper: () => 'helped' }),
    '/m/obj.js': { parse: (s: string) => s.split(','), VERSION: '2.0.0' },
  };

  function setUp(resolve: (d: DeferredDependency) => ReturnType<typeof where> | undefined = where, cache: ModuleCache = {}) {
    const loads: string[] = [];
    const deferred = deferDependencies([fn, obj], cache, resolve, file => {
      loads.push(file);
      return realModules[file];
    });
    return { cache, loads, deferred };
  }

  test('registers a stand-in for each module, and loads nothing until one is used', () => {
    const { cache, loads, deferred } = setUp();
    expect(deferred).toEqual(['owner/fn', 'owner/obj']);
    expect(Object.keys(cache)).toEqual(['/m/fn.js', '/m/obj.js']);
    expect(typeof cache['/m/fn.js']!.exports).toBe('function');
    expect(Object.keys(cache['/m/obj.js']!.exports as object)).toEqual(['parse', 'VERSION']);
    expect(loads).toEqual([]);
  });

  test('a function stand-in calls the real module with its this and arguments, and loads it once', () => {
    const { cache, loads } = setUp();
    const standIn = cache['/m/fn.js']!.exports as (...args: unknown[]) => any;
    const self = { me: true };
    expect(standIn.call(self, 2, 3)).toEqual({ self, sum: 5 });
    expect(standIn(1, 1).sum).toBe(2);
    expect((standIn as unknown as { helper: () => string }).helper()).toBe('helped');
    expect(loads).toEqual(['/m/fn.js']);
    // The stand-in is out of the cache: a later require gets the real module.
    expect(cache['/m/fn.js']).toBeUndefined();
    expect(cache['/m/obj.js']).toBeDefined();
  });

  test('an object stand-in gives the real exports, also when copied before use (as TypeScript\'s __importStar does)', () => {
    const { cache, loads } = setUp();
    const standIn = cache['/m/obj.js']!.exports as Record<string, any>;
    const copy: Record<string, any> = {};
    for (const name of Object.getOwnPropertyNames(standIn)) Object.defineProperty(copy, name, { enumerable: true, get: () => standIn[name] });
    expect(loads).toEqual([]);
    expect(copy.parse('a,b')).toEqual(['a', 'b']);
    expect(copy.VERSION).toBe('2.0.0');
    expect(loads).toEqual(['/m/obj.js']);
  });

  test('a module loaded after its stand-in was replaced is not taken out of the cache', () => {
    const { cache, loads } = setUp();
    const standIn = cache['/m/obj.js']!.exports as Record<string, any>;
    const other = { exports: { other: true } };
    cache['/m/obj.js'] = other;
    expect(standIn.VERSION).toBe('2.0.0');
    expect(cache['/m/obj.js']).toBe(other);
    expect(loads).toEqual(['/m/obj.js']);
  });

  test('defers nothing for a module or owner already loaded, another version, or a module it cannot find', () => {
    expect(setUp(where, { '/m/fn.js': { exports: 'loaded' } }).deferred).toEqual(['owner/obj']);
    expect(setUp(where, { '/owner/lib/index.js': { exports: {} } }).deferred).toEqual([]);
    // Another package, or another of the owner's bundled modules, is not the owner.
    expect(setUp(where, { '/owner-other/lib/index.js': { exports: {} }, '/owner/node_modules/x/index.js': { exports: {} } }).deferred)
      .toEqual(['owner/fn', 'owner/obj']);
    expect(setUp(d => ({ ...where(d), version: '9.9.9' })).deferred).toEqual([]);
    expect(setUp(d => (d.module === 'fn' ? undefined : where(d))).deferred).toEqual(['owner/obj']);
  });

  test('reports nothing deferred for a cache that ignores writes (jest\'s require.cache)', () => {
    const ignoring = new Proxy({} as ModuleCache, { set: () => true, defineProperty: () => true });
    expect(setUp(where, ignoring).deferred).toEqual([]);
  });
});

test('in a Node process, importing the library and synthesizing loads none of the deferred modules; their owners\' uses get the real ones', () => {
  const child = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'run-ts.js'), path.join(__dirname, 'fixtures', 'deferred-child.ts')], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, SECURE_CONSTRUCTS_QUIET: '1' }, timeout: 120_000,
  });
  expect(child.stderr).toBe('');
  expect(child.status).toBe(0);
  const result = JSON.parse(child.stdout.trim().split('\n').pop()!);
  expect(result.deferredAtImport).toEqual(['cdktf/archiver', 'cdktf/semver', 'cdk8s/yaml']);
  const none = { archiver: false, semver: false, yaml: false };
  expect(result.afterImport).toEqual(none);
  expect(result.afterSynth).toEqual(none);
  expect(result.afterUse).toEqual({ archiver: true, semver: true, yaml: true });
  expect(result.yamlText).toBe('a:\n  - 1\n  - two\n');
  expect(result.yamlDocs).toEqual([{ kind: 'A' }, { kind: 'B' }]);
  expect(result.semverOk).toEqual([]);
  expect(result.semverLow).toEqual([expect.stringContaining('is lower than the required version >=999.0.0')]);
  expect(result.archiveWorks).toBe(true);
});
