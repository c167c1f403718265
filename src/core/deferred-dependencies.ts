import * as fs from 'fs';
import * as path from 'path';

/**
 * A module that cdk8s or cdktf bundles and loads when it is imported, but that synthesis through
 * the library never calls. Loading them took about 110 ms of the 450 ms that importing the library
 * takes (cdktf's archiver about 70 ms, cdk8s's YAML parser about 25 ms, cdktf's semver about 12 ms;
 * `docs/performance.md`).
 */
export interface DeferredDependency {
  /** The package that bundles the module and loads it (`cdktf`, `cdk8s`). */
  readonly owner: string;
  /** The bundled module, as the owner requires it. */
  readonly module: string;
  /** The module's version whose exports `exports` lists; any other version is loaded as usual. */
  readonly version: string;
  /** The file `require` loads for the module, relative to its package (its `main` or `exports` for Node). */
  readonly main: string;
  /** What the module exports: a function (with these own properties) or an object of these. */
  readonly kind: 'function' | 'object';
  /** The names the module exports, in its order (the owner may copy them when it loads). */
  readonly exports: readonly string[];
}

/**
 * The deferred modules. Each is used by its owner only in code the library does not run:
 * - cdktf's archiver zips a `TerraformAsset` directory, in a child process cdktf starts for it
 *   (`node cdktf/lib/private/fs.js`), which loads the real module;
 * - cdktf's semver compares versions in `ValidateBinaryVersion.validate()`, a validation that
 *   constructs add on request (`ValidateTerraformVersion`);
 * - cdk8s's yaml package parses and writes YAML in `Yaml` (`Include`, `Helm`, cdk8s's own
 *   `App.synth`); the library writes its manifests with js-yaml.
 * Whoever calls such code still gets the real module: it is loaded on first use.
 */
export const DEFERRED_DEPENDENCIES: readonly DeferredDependency[] = [
  {
    owner: 'cdktf',
    module: 'archiver',
    version: '7.0.1',
    main: 'index.js',
    kind: 'function',
    exports: ['create', 'registerFormat', 'isRegisteredFormat'],
  },
  {
    owner: 'cdktf',
    module: 'semver',
    version: '7.7.2',
    main: 'index.js',
    kind: 'object',
    exports: [
      'parse', 'valid', 'clean', 'inc', 'diff', 'major', 'minor', 'patch', 'prerelease', 'compare', 'rcompare',
      'compareLoose', 'compareBuild', 'sort', 'rsort', 'gt', 'lt', 'eq', 'neq', 'gte', 'lte', 'cmp', 'coerce',
      'Comparator', 'Range', 'satisfies', 'toComparators', 'maxSatisfying', 'minSatisfying', 'minVersion',
      'validRange', 'outside', 'gtr', 'ltr', 'intersects', 'simplifyRange', 'subset', 'SemVer', 're', 'src',
      'tokens', 'SEMVER_SPEC_VERSION', 'RELEASE_TYPES', 'compareIdentifiers', 'rcompareIdentifiers',
    ],
  },
  {
    owner: 'cdk8s',
    module: 'yaml',
    version: '2.9.1',
    main: 'dist/index.js',
    kind: 'object',
    exports: [
      'Composer', 'Document', 'Schema', 'YAMLError', 'YAMLParseError', 'YAMLWarning', 'Alias', 'isAlias',
      'isCollection', 'isDocument', 'isMap', 'isNode', 'isPair', 'isScalar', 'isSeq', 'Pair', 'Scalar', 'YAMLMap',
      'YAMLSeq', 'CST', 'Lexer', 'LineCounter', 'Parser', 'parse', 'parseAllDocuments', 'parseDocument',
      'stringify', 'visit', 'visitAsync',
    ],
  },
];

/** The part of Node's module cache the deferral uses (an entry is what `require` returns the exports of). */
export interface ModuleCache {
  [file: string]: { exports: unknown } | undefined;
}

/** Where a deferred module is: its file, its version, and the directory of its owner's package. */
export interface ResolvedDependency {
  readonly file: string;
  readonly version: string;
  readonly ownerRoot: string;
}

/**
 * Registers each of `dependencies` whose installed version is the one listed as a stand-in in
 * `cache`: an entry whose exports have the module's names (and, for a function, call it) and
 * load the real module the first time one is used. Loading takes the stand-in out of the cache
 * and requires the module's file, so that every later `require` of it gets the real module.
 *
 * Nothing is registered for a module that is already loaded, whose owner is already loaded (a file
 * of its package is in the cache), whose version differs, or that cannot be found (a bundler, Yarn
 * Plug'n'Play, a package manager that places it elsewhere): it loads as usual.
 * Returns the modules it deferred.
 */
export function deferDependencies(
  dependencies: readonly DeferredDependency[],
  cache: ModuleCache,
  resolve: (dependency: DeferredDependency) => ResolvedDependency | undefined,
  load: (file: string) => unknown,
): string[] {
  const deferred: string[] = [];
  for (const dependency of dependencies) {
    const where = resolve(dependency);
    if (!where || where.version !== dependency.version) continue;
    if (cache[where.file] !== undefined || ownerLoaded(cache, where.ownerRoot)) continue;
    const entry = standIn(dependency, where.file, cache, load);
    cache[where.file] = entry;
    // Under jest, `require.cache` ignores writes: nothing was deferred.
    if (cache[where.file] === entry) deferred.push(`${dependency.owner}/${dependency.module}`);
  }
  return deferred;
}

/** Whether a file of the package at `ownerRoot` (not of its own dependencies) is in `cache`. */
function ownerLoaded(cache: ModuleCache, ownerRoot: string): boolean {
  const dependencies = path.join(ownerRoot, 'node_modules') + path.sep;
  return Object.keys(cache).some(file => file.startsWith(ownerRoot) && !file.startsWith(dependencies));
}

/** A module cache entry whose exports load `file` when first used. */
function standIn(dependency: DeferredDependency, file: string, cache: ModuleCache, load: (file: string) => unknown) {
  let real: any;
  const actual = (): any => {
    if (real === undefined) {
      if (cache[file] === entry) delete cache[file];
      real = load(file);
    }
    return real;
  };
  const exported: any = dependency.kind === 'function'
    ? function deferredModule(this: unknown, ...args: unknown[]) { return Reflect.apply(actual(), this, args); }
    : {};
  for (const name of dependency.exports) {
    Object.defineProperty(exported, name, { enumerable: true, configurable: true, get: () => actual()[name] });
  }
  const entry = { id: file, filename: file, loaded: true, exports: exported, children: [], paths: [] };
  return entry;
}

/**
 * Where `dependency` is installed: in its owner's own `node_modules` (where npm keeps a bundled
 * dependency), the owner found as the library's `require` finds it; undefined when it is not
 * there. (Should Node resolve the owner's `require` to another file, the stand-in is never used
 * and the module loads as usual.)
 */
export function resolveInstalled(dependency: DeferredDependency): ResolvedDependency | undefined {
  try {
    const ownerRoot = ownerRoots.get(dependency.owner) ?? path.dirname(require.resolve(`${dependency.owner}/package.json`));
    ownerRoots.set(dependency.owner, ownerRoot);
    const root = path.join(ownerRoot, 'node_modules', dependency.module);
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf-8'));
    return { file: path.join(root, dependency.main), ownerRoot: ownerRoot + path.sep, version: String(manifest.version) };
  } catch {
    return undefined;
  }
}

/** Each owner's package directory, resolved once. */
const ownerRoots = new Map<string, string>();

/** The modules deferred when the library was imported (`owner/module`). */
export const deferredAtImport: readonly string[] = deferDependencies(
  DEFERRED_DEPENDENCIES,
  require.cache as ModuleCache,
  resolveInstalled,
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  file => require(file),
);
