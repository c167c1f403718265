import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/**
 * Finds references to paths outside the repository in its code, scripts and configuration: a
 * fresh clone with nothing beside it must build, test and run everything it contains.
 *
 * What counts as a reference:
 * - in any file, comments included: a path into a `shared` folder beside the checkout (where the
 *   schemas were once read from; now they are in `schemas/`) and any path under the `/work` root;
 * - in TypeScript/JavaScript: a string literal that is a machine path (under `/work`, `/root`,
 *   `/home`, `/Users`, `/tmp`, or a Windows drive) passed to a file-system, path or process call
 *   (`fs.*`, `path.*`, `require`, `execSync`, ...), so that container paths such as the `/tmp`
 *   mount written into manifests are not mistaken for files the repository reads (options objects
 *   such as `{ cwd: ... }` included); a relative module
 *   specifier (`import`, `require`, `jest.mock`) that leaves the repository; every `path.join` /
 *   `path.resolve` call (also through `require('path')`, an alias or a named import) with
 *   `__dirname` whose string arguments after `__dirname` resolve outside the repository (the
 *   literal arguments up to the first one that is not a literal); the same for a template literal
 *   that starts with `${__dirname}`;
 * - in shell scripts: a machine path (under the same roots) or a path that starts with `..` and a
 *   slash (the scripts run from the repository root).
 */

/** The repository root (this file is `test/repository/outside-paths.ts`). */
export const REPOSITORY_ROOT = path.resolve(__dirname, '..', '..');

/** Folders and files scanned, relative to the root. */
export const SCANNED = ['src', 'test', 'scripts', 'bench', 'examples', 'projenrc', 'bin', '.ci', '.projenrc.ts', '.projen', 'package.json'];

export interface Finding {
  /** Path relative to the repository root, with `/` separators. */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  readonly problem: string;
}

const ANYWHERE = /\.\.\/shared\b|\bshared\/reference\b|(?<![\w.-])\/work\//g;
const MACHINE_PATH = /^(?:\/(?:work|root|home|Users|tmp)(?:\/|$)|[A-Za-z]:[\\/])/;
// Preceded by the start, a space, a quote, `=`, `:`, `(` or the `:-` of a `${VAR:-default}`.
const SHELL_PATH = /(?:^|[\s"'=:(]|:-)(\/(?:work|root|home|Users|tmp)\/|\.\.\/)/g;

/** Calls whose string arguments are paths: the file system, `path`, child processes, modules. */
const PATH_OBJECTS = new Set(['fs', 'fsp', 'promises', 'path', 'posix', 'win32', 'child_process', 'cp', 'process']);
const PATH_FUNCTIONS = new Set([
  'readFileSync', 'readFile', 'existsSync', 'readdirSync', 'readdir', 'statSync', 'stat', 'lstatSync', 'openSync',
  'createReadStream', 'createWriteStream', 'writeFileSync', 'writeFile', 'mkdirSync', 'mkdtempSync', 'rmSync',
  'cpSync', 'copyFileSync', 'accessSync', 'realpathSync', 'opendirSync', 'watch',
  'join', 'resolve', 'relative', 'execSync', 'execFileSync', 'spawnSync', 'spawn', 'exec', 'execFile', 'fork',
  'require', 'chdir',
]);

/**
 * The called function's name and, for a method, the name of its object (the last property of a
 * chain such as `fs.promises`; `?` for any other expression, such as an array literal).
 */
function calleeName(call: ts.CallExpression): { object?: string; name?: string } {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return { name: callee.text };
  if (ts.isPropertyAccessExpression(callee)) {
    const object = callee.expression;
    const objectName = ts.isIdentifier(object) ? object.text
      : ts.isPropertyAccessExpression(object) ? object.name.text : '?';
    return { object: objectName, name: callee.name.text };
  }
  return {};
}

function isPathCall(call: ts.CallExpression): boolean {
  const { object, name } = calleeName(call);
  if (name === undefined) return false;
  if (object === undefined) return PATH_FUNCTIONS.has(name);
  if (PATH_OBJECTS.has(object)) return true;
  // `lines.join(...)` and `promise.resolve(...)` are not paths; `cp.execSync(...)` is.
  return PATH_FUNCTIONS.has(name) && name !== 'join' && name !== 'resolve';
}

/**
 * Any `join` or `resolve`, whatever the module object is called (`path`, `require('path')`, an
 * alias): only those given `__dirname` are evaluated, and nothing else joins `__dirname`.
 */
function isJoinOrResolve(call: ts.CallExpression): boolean {
  const { name } = calleeName(call);
  return name === 'join' || name === 'resolve';
}

const isDirname = (node: ts.Node) => ts.isIdentifier(node) && node.text === '__dirname';

function literalText(node: ts.Node): string | undefined {
  return ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) ? node.text : undefined;
}

function inside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The findings in one TypeScript or JavaScript file (`file` is its absolute path). */
export function scanScript(file: string, text: string, root: string = REPOSITORY_ROOT): Finding[] {
  const findings: Finding[] = [];
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true,
    /\.(?:m|c)?js$/.test(file) || !/\.tsx?$/.test(file) ? ts.ScriptKind.JS : ts.ScriptKind.TS);
  const rel = path.relative(root, file).split(path.sep).join('/');
  const add = (node: ts.Node, problem: string) =>
    findings.push({ file: rel, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1, problem });
  const dir = path.dirname(file);

  const checkSpecifier = (node: ts.Node) => {
    const spec = literalText(node);
    if (spec !== undefined && spec.startsWith('.') && !inside(root, path.resolve(dir, spec))) {
      add(node, `module '${spec}' is outside the repository`);
    }
  };

  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      checkSpecifier(node.moduleSpecifier);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      checkSpecifier(node.moduleReference.expression);
    } else if (ts.isCallExpression(node)) {
      const { object, name } = calleeName(node);
      const first = node.arguments[0];
      if (first && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (name === 'require' && object === undefined)
        || (object === 'require' && name === 'resolve') || (object === 'jest' && /^(?:do)?[mM]ock$|^requireActual$/.test(name ?? '')))) {
        checkSpecifier(first);
      }
      if (isPathCall(node)) {
        // The arguments, and the property values of options objects (`{ cwd: ... }`).
        const values = node.arguments.flatMap(arg => ts.isObjectLiteralExpression(arg)
          ? arg.properties.flatMap(p => ts.isPropertyAssignment(p) ? [p.initializer] : [])
          : [arg]);
        for (const value of values) {
          const literal = literalText(value);
          if (literal !== undefined && MACHINE_PATH.test(literal)) add(value, `absolute machine path '${literal}'`);
        }
      }
      if (isJoinOrResolve(node)) {
        const start = node.arguments.findIndex(isDirname);
        if (start >= 0) {
          const parts: string[] = [];
          for (const arg of node.arguments.slice(start + 1)) {
            const value = literalText(arg);
            if (value === undefined) break;
            parts.push(value);
          }
          const target = path.resolve(dir, ...parts);
          if (!inside(root, target)) add(node, `${node.expression.getText(source)}(__dirname, ${parts.map(p => `'${p}'`).join(', ')}) is outside the repository`);
        }
      }
    } else if (ts.isTemplateExpression(node) && node.head.text === '' && isDirname(node.templateSpans[0].expression)) {
      const after = node.templateSpans[0].literal.text;
      if (!inside(root, path.resolve(dir, `.${after}`))) add(node, `\`\${__dirname}${after}\` is outside the repository`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return findings;
}

/** The findings in one shell script. */
export function scanShell(rel: string, text: string): Finding[] {
  const findings: Finding[] = [];
  text.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(SHELL_PATH)) {
      findings.push({ file: rel, line: i + 1, problem: `path '${m[1]}' is outside the repository` });
    }
  });
  return findings;
}

/** The findings that apply to any file (comments and documentation included). */
export function scanText(rel: string, text: string): Finding[] {
  const findings: Finding[] = [];
  text.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(ANYWHERE)) {
      findings.push({ file: rel, line: i + 1, problem: `'${m[0]}' refers to a path outside the repository` });
    }
  });
  return findings;
}

function isShell(file: string, text: string): boolean {
  return file.endsWith('.sh') || /^#!.*\b(?:ba|z)?sh\b/.test(text);
}

function isScript(file: string, text: string): boolean {
  return /\.(?:m|c)?[jt]s$/.test(file) || /^#!.*\bnode\b/.test(text);
}

/** Every file under the scanned folders (no `node_modules`), absolute paths, sorted. */
export function scannedFiles(root: string = REPOSITORY_ROOT): string[] {
  const files: string[] = [];
  const walk = (p: string) => {
    const stat = fs.lstatSync(p);
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(p).sort()) if (entry !== 'node_modules') walk(path.join(p, entry));
    } else if (stat.isFile()) {
      files.push(p);
    }
  };
  for (const entry of SCANNED) {
    const p = path.join(root, entry);
    if (fs.existsSync(p)) walk(p);
  }
  return files;
}

/** The findings in one file, by its kind. */
export function scanFile(file: string, root: string = REPOSITORY_ROOT): Finding[] {
  const text = fs.readFileSync(file, 'utf8');
  const rel = path.relative(root, file).split(path.sep).join('/');
  const findings = scanText(rel, text);
  if (isShell(file, text)) findings.push(...scanShell(rel, text));
  else if (isScript(file, text)) findings.push(...scanScript(file, text, root));
  return findings;
}

/** The findings in the whole repository. */
export function findOutsidePaths(root: string = REPOSITORY_ROOT): Finding[] {
  return scannedFiles(root).flatMap(f => scanFile(f, root));
}
