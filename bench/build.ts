/**
 * Transpiles src/ and bench/ once, before any measurement, to plain CommonJS JavaScript in
 * .bench/build/, so that every measured process runs JavaScript and no side pays for TypeScript
 * compilation. TypeScript's own transpiler gives the same emit as `tsc` for these files (they are
 * written for `isolatedModules`); type errors are left to `tsc --noEmit` in the build.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { findFiles } from './common';

/** The repository root. */
export const ROOT = path.resolve(__dirname, '..');
/**
 * Where the transpiled src/ and bench/ go (git-ignored; inside the repository so that node finds
 * node_modules). BENCH_BUILD names another directory under .bench/, to keep two builds side by side.
 */
export const BUILD = path.join(ROOT, '.bench', process.env.BENCH_BUILD ?? 'build');

/** Transpiles src/ and bench/ to CommonJS under .bench/build/ (non-TypeScript files are copied). */
export function precompile(): number {
  const start = Date.now();
  fs.rmSync(BUILD, { recursive: true, force: true });
  const compilerOptions: ts.CompilerOptions = {
    module: ts.ModuleKind.CommonJS,
    target: ts.ScriptTarget.ES2022,
    esModuleInterop: true,
    experimentalDecorators: true,
    resolveJsonModule: true,
  };
  // BENCH_SRC measures a candidate change to the library kept outside the repository.
  const sources = { src: process.env.BENCH_SRC ? path.resolve(process.env.BENCH_SRC) : path.join(ROOT, 'src'), bench: path.join(ROOT, 'bench') };
  for (const [dir, from] of Object.entries(sources)) {
    for (const file of findFiles(from, () => true)) {
      const out = path.join(BUILD, dir, path.relative(from, file));
      fs.mkdirSync(path.dirname(out), { recursive: true });
      if (file.endsWith('.d.ts')) continue;
      if (file.endsWith('.ts')) {
        const { outputText } = ts.transpileModule(fs.readFileSync(file, 'utf-8'), { compilerOptions, fileName: file });
        fs.writeFileSync(out.replace(/\.ts$/, '.js'), outputText);
      } else {
        fs.copyFileSync(file, out);
      }
    }
  }
  return Date.now() - start;
}
