/**
 * One measurement in a fresh process. The runner starts it; it can also be run by hand:
 *
 *   node <build>/bench/worker.js <ours|baseline|cold|cold-baseline> <n> [--features secret,bucket] [--phases] [--keep]
 *
 * Prints one JSON line (see {@link Measurement}). Times are milliseconds since the process started
 * (`performance.now()` counts from `performance.timeOrigin`, taken when node starts), so library
 * import is included in `wallMs`.
 *
 * - ours / baseline: the N-service app (bench/generate.ts / bench/baseline.ts), synthesized fully.
 * - cold / cold-baseline: a one-service app, library import included: the cold-start time.
 * - --phases: also times the phases inside synth by wrapping library methods (slightly perturbs
 *   the run; used for the profile, not by the timed runs).
 * - --keep: keep the output directory and print its path (default: deleted after counting).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { countOutput, OutputCounts, peakRssMb } from './common';
import type { Feature } from './generate';

/** One JSON line printed by the worker. */
export interface Measurement extends OutputCounts {
  readonly mode: string;
  readonly n: number;
  /** Process start to output written. */
  readonly wallMs: number;
  /** Loading the library (and its dependencies). */
  readonly importMs: number;
  /** Building the construct tree. */
  readonly buildMs: number;
  /** `synth()` alone: validation, resolution, YAML, Terraform JSON, policy check. */
  readonly synthMs: number;
  /** Peak resident set size (VmHWM) at the end of the run, before counting the output. */
  readonly rssMb: number;
  /** Peak V8 heap used, as far as `process.memoryUsage()` saw it at the end. */
  readonly heapUsedMb: number;
  /** Features of the library the app used (ours only). */
  readonly features: string[];
  /** Phases inside synth, with --phases. */
  readonly phases?: { [phase: string]: number };
  /** Output directory, with --keep. */
  readonly outdir?: string;
}

type Phases = { [phase: string]: number };

/** Replaces `obj[key]` (a method) by a version that adds its duration to `phases[name]`. */
function timeMethod(obj: any, key: string, phases: Phases, name: string): void {
  const original = obj[key];
  if (typeof original !== 'function') return;
  obj[key] = function timed(this: unknown, ...args: unknown[]) {
    const start = performance.now();
    try {
      return original.apply(this, args);
    } finally {
      phases[name] = (phases[name] ?? 0) + performance.now() - start;
    }
  };
}

function main(argv: string[]): void {
  const [mode, nArg] = argv;
  const n = Number(nArg ?? '1');
  const featuresIdx = argv.indexOf('--features');
  const features = (featuresIdx >= 0 ? argv[featuresIdx + 1] ?? '' : '').split(',').filter(Boolean) as Feature[];
  const withPhases = argv.includes('--phases');
  const keep = argv.includes('--keep');
  if (!['ours', 'baseline', 'cold', 'cold-baseline'].includes(mode) || !Number.isInteger(n) || n < 1) {
    throw new Error(`usage: worker <ours|baseline|cold|cold-baseline> <n> [--features a,b] [--phases] [--keep]; got ${argv.join(' ')}`);
  }
  const size = mode.startsWith('cold') ? 1 : n;
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${mode}-`));
  const phases: Phases = {};

  let importMs: number;
  let buildMs: number;
  let synthMs: number;
  const t0 = performance.now();
  if (mode === 'ours' || mode === 'cold') {
    // Loaded here, not at the top, so that its cost is measured as the import phase.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const gen: typeof import('./generate') = require('./generate');
    const t1 = performance.now();
    const app = gen.buildApp(size, outdir, features);
    const t2 = performance.now();
    if (withPhases) {
      const anyApp = app as any;
      timeMethod(anyApp.node, 'validate', phases, 'validate');
      timeMethod(anyApp.kubernetesApp, 'synth', phases, 'kubernetes (resolve + YAML)');
      timeMethod(anyApp._terraformApp, 'synth', phases, 'terraform (resolve + JSON)');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      timeMethod(require('cdk8s').Yaml, 'save', phases, 'kubernetes: YAML emission');
      // The library's stacks have their own toTerraform: time each stack's.
      for (const stack of anyApp._terraformApp.root.node.children) {
        timeMethod(stack, 'toTerraform', phases, 'terraform: toTerraform (resolve)');
      }
    }
    app.synth();
    const t3 = performance.now();
    importMs = t1 - t0;
    buildMs = t2 - t1;
    synthMs = t3 - t2;
    if (withPhases) {
      const known = (phases.validate ?? 0) + (phases['kubernetes (resolve + YAML)'] ?? 0) + (phases['terraform (resolve + JSON)'] ?? 0);
      phases['other in synth (policy check, ...)'] = synthMs - known;
    }
  } else {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const base: typeof import('./baseline') = require('./baseline');
    const t1 = performance.now();
    const app = base.buildBaseline(size, outdir);
    const t2 = performance.now();
    if (withPhases) {
      timeMethod(app, 'synth', phases, 'kubernetes (resolve + YAML)');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      timeMethod(require('cdk8s').Yaml, 'save', phases, 'kubernetes: YAML emission');
    }
    app.synth();
    const t3 = performance.now();
    importMs = t1 - t0;
    buildMs = t2 - t1;
    synthMs = t3 - t2;
  }
  const wallMs = performance.now();
  const rssMb = peakRssMb();
  const heapUsedMb = process.memoryUsage().heapUsed / (1024 * 1024);
  const counts = countOutput(outdir);
  if (!keep) fs.rmSync(outdir, { recursive: true, force: true });

  const round = (x: number) => Math.round(x * 10) / 10;
  const result: Measurement = {
    mode,
    n: size,
    wallMs: round(wallMs),
    importMs: round(importMs),
    buildMs: round(buildMs),
    synthMs: round(synthMs),
    rssMb: round(rssMb),
    heapUsedMb: round(heapUsedMb),
    ...counts,
    features: mode === 'ours' || mode === 'cold' ? features : [],
    ...(withPhases ? { phases: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, round(v)])) } : {}),
    ...(keep ? { outdir } : {}),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main(process.argv.slice(2));
