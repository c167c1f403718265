#!/usr/bin/env node
'use strict';
/**
 * Runs a TypeScript program of this repository (the examples, the benchmark, the docs script)
 * transpile-only, as `ts-node --transpile-only` does, with TypeScript's own `transpileModule`
 * (the same emit as `tsc` for these files, which are written for `isolatedModules`), and keeps
 * each file's JavaScript in node_modules/.cache/ keyed by its path and content: a later run loads
 * no TypeScript at all for files that did not change. Type-checking is the build's job (jsii,
 * `tsc --noEmit -p test/tsconfig.json`).
 *
 *   node scripts/run-ts.js examples/shop/main.ts [args...]
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const cacheDir = path.join(root, 'node_modules', '.cache', 'secure-constructs-run-ts');
const compilerOptions = { module: 'commonjs', target: 'es2022', esModuleInterop: true, experimentalDecorators: true, resolveJsonModule: true, inlineSourceMap: true };

let ts;
let salt;
function transpile(filename, source) {
  ts ??= require('typescript');
  const options = ts.convertCompilerOptionsFromJson(compilerOptions, root).options;
  return ts.transpileModule(source, { compilerOptions: options, fileName: filename }).outputText;
}

require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  // The TypeScript version is part of the key (read from its package.json, without loading it).
  salt ??= `${require('typescript/package.json').version}:${JSON.stringify(compilerOptions)}`;
  const key = crypto.createHash('sha256').update(`${salt}\0${filename}\0${source}`).digest('hex');
  const cached = path.join(cacheDir, `${key}.js`);
  let code;
  try {
    code = fs.readFileSync(cached, 'utf8');
  } catch {
    code = transpile(filename, source);
    try {
      fs.mkdirSync(cacheDir, { recursive: true });
      const temporary = `${cached}.${process.pid}`;
      fs.writeFileSync(temporary, code);
      fs.renameSync(temporary, cached);
    } catch {
      // a read-only node_modules: run without the cache
    }
  }
  module._compile(code, filename);
};

process.setSourceMapsEnabled?.(true);
const [script, ...args] = process.argv.slice(2);
if (!script) {
  process.stderr.write('usage: node scripts/run-ts.js <file.ts> [args...]\n');
  process.exit(2);
}
process.argv = [process.argv[0], path.resolve(script), ...args];
// Loaded as the main module, as `node file.js` would (`require.main === module` holds in it).
require('module')._load(path.resolve(script), null, true);
