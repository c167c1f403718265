/**
 * One measurement in a fresh process. The runner starts it; it can also be run by hand:
 *
 *   node <build>/bench/worker.js <ours|baseline|cold|cold-baseline|warm> <n> [--features secret,bucket] [--phases] [--keep] [--floor]
 *
 * Prints one JSON line (see {@link Measurement}). Times are milliseconds since the process started
 * (`performance.now()` counts from `performance.timeOrigin`, taken when node starts), so library
 * import is included in `wallMs`.
 *
 * - ours / baseline: the N-service app (bench/generate.ts / bench/baseline.ts), synthesized fully.
 * - cold / cold-baseline: a one-service app, library import included: the cold-start time.
 * - warm: a 5-service app built and synthesized <n> times in this one process, each time into a
 *   fresh directory (what each test of a user's jest suite pays once the library is loaded);
 *   `warmMs` is the median of build + synth over all iterations but the first (which runs before
 *   V8 has compiled the code; it is in `warmRunsMs`). The summary line is off, as in jest.
 * - --floor (ours): after the measured run, also times serializing and writing the same output
 *   again (bench/floor.ts): `floorMs`.
 * - --phases: also times the phases inside synth by wrapping library methods (slightly perturbs
 *   the run; used for the profile, not by the timed runs).
 * - --keep: keep the output directory and print its path (default: deleted after counting).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { countOutput, median, OutputCounts, peakRssMb } from './common';
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
  /**
   * CPU time (user + system, all threads) from process start to output written: on a shared
   * machine it moves less with other load than the wall time does (waits for the disk are not in it).
   */
  readonly cpuMs: number;
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
  /** Serializing and writing the same output again (bench/floor.ts), with --floor. */
  readonly floorMs?: number;
  /** warm: median build + synth of the 5-service app, and every iteration's time. */
  readonly warmMs?: number;
  readonly warmRunsMs?: number[];
  /** warm: median CPU time (user + system) of build + synth, over the same iterations. */
  readonly warmCpuMs?: number;
}

/** Services of the warm app. */
export const WARM_SERVICES = 5;

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
  const withFloor = argv.includes('--floor');
  if (!['ours', 'baseline', 'cold', 'cold-baseline', 'warm'].includes(mode) || !Number.isInteger(n) || n < 1) {
    throw new Error(`usage: worker <ours|baseline|cold|cold-baseline|warm> <n> [--features a,b] [--phases] [--keep] [--floor]; got ${argv.join(' ')}`);
  }
  if (mode === 'warm') return warm(n, features, keep);
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
  const cpuMs = cpuNowMs();
  const rssMb = peakRssMb();
  const heapUsedMb = process.memoryUsage().heapUsed / (1024 * 1024);
  const counts = countOutput(outdir);
  let floorMs: number | undefined;
  if (withFloor) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const floor: typeof import('./floor') = require('./floor');
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-floor-'));
    try {
      floorMs = floor.serializationFloor(outdir, scratch).ms;
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  }
  if (!keep) fs.rmSync(outdir, { recursive: true, force: true });

  const round = (x: number) => Math.round(x * 10) / 10;
  const result: Measurement = {
    mode,
    n: size,
    wallMs: round(wallMs),
    importMs: round(importMs),
    buildMs: round(buildMs),
    synthMs: round(synthMs),
    cpuMs: round(cpuMs),
    rssMb: round(rssMb),
    heapUsedMb: round(heapUsedMb),
    ...counts,
    features: mode === 'ours' || mode === 'cold' ? features : [],
    ...(withPhases ? { phases: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, round(v)])) } : {}),
    ...(keep ? { outdir } : {}),
    ...(floorMs !== undefined ? { floorMs: round(floorMs) } : {}),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** CPU time (user + system) of this process so far, in milliseconds. */
function cpuNowMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** The warm mode: the 5-service app built and synthesized `iterations` times in this process. */
function warm(iterations: number, features: Feature[], keep: boolean): void {
  // As in the library's own jest setup: no summary line per synth.
  process.env.SECURE_CONSTRUCTS_QUIET = '1';
  const t0 = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const gen: typeof import('./generate') = require('./generate');
  const importMs = performance.now() - t0;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-warm-'));
  // With --keep, the first iteration's output is kept (outside `root`) and its directory reported.
  const kept = keep ? fs.mkdtempSync(path.join(os.tmpdir(), 'bench-warm-kept-')) : undefined;
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let counts: OutputCounts | undefined;
  try {
    for (let i = 0; i < iterations; i++) {
      const outdir = i === 0 && kept ? kept : path.join(root, String(i));
      const start = performance.now();
      const startCpu = cpuNowMs();
      gen.buildApp(WARM_SERVICES, outdir, features).synth();
      times.push(performance.now() - start);
      cpuTimes.push(cpuNowMs() - startCpu);
      counts ??= countOutput(outdir);
      if (outdir !== kept) fs.rmSync(outdir, { recursive: true, force: true });
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  const round = (x: number) => Math.round(x * 10) / 10;
  // The first iteration runs cold (code not yet compiled by V8): the median is over the others.
  const warmMs = median(times.length > 1 ? times.slice(1) : times);
  const warmCpuMs = median(cpuTimes.length > 1 ? cpuTimes.slice(1) : cpuTimes);
  const result: Measurement = {
    mode: 'warm',
    n: WARM_SERVICES,
    wallMs: round(performance.now()),
    importMs: round(importMs),
    buildMs: NaN,
    synthMs: NaN,
    cpuMs: round(cpuNowMs()),
    rssMb: round(peakRssMb()),
    heapUsedMb: round(process.memoryUsage().heapUsed / (1024 * 1024)),
    ...counts!,
    features,
    warmMs: round(warmMs),
    warmRunsMs: times.map(round),
    warmCpuMs: round(warmCpuMs),
    ...(kept ? { outdir: kept } : {}),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main(process.argv.slice(2));
