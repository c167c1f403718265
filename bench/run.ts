/**
 * The scale benchmark: synthesis time and memory of this library against a cdk8s-plus-33
 * baseline, for the same N services and edges.
 *
 *   npm run bench                       N = 100, 1000, 2000; 3 runs each; 5 cold starts
 *   npm run bench -- --runs 5           more runs per N
 *   npm run bench -- --sizes 100,500    other sizes (the summary line needs 1000 and 2000)
 *   npm run bench -- --timeout 300      stop a measurement after 300 s (default 180; reported, and
 *                                       that side is not run again at that N or above; the summary
 *                                       line then says `na`)
 *   BENCH_SRC=<dir> npm run bench       measure a candidate copy of src/ (see bench/build.ts)
 *   npm run bench:smoke                 N = 100 once per side, one cold start (CI; no assertions
 *                                       on time, only that every run works and writes output)
 *
 * Fairness: src/ and bench/ are transpiled once, before any measurement, to plain CommonJS in
 * .bench/build/ (TypeScript's own transpiler, the same emit as `tsc` for these files). Every
 * measurement is then a fresh `node` process running that JavaScript, for both sides: neither side
 * pays for TypeScript compilation, both load their dependencies (cdk8s, cdk8s-plus-33, cdktf,
 * provider-aws) as the published JavaScript in node_modules, as a user's CI would. Runs of the two
 * sides are interleaved so that noise from other load hits both.
 *
 * The last line is machine-readable:
 *   bench: n=1000 ratio=<ours/baseline wall> scale=<ours t(2000)/t(1000)> rss_mb=<ours peak at the largest N> cold_ms=<median>
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BUILD, precompile, ROOT } from './build';
import { median } from './common';
import type { ProbeResult } from './generate';
import type { Measurement } from './worker';

/** A measurement that takes longer than this (seconds, `--timeout`) is stopped and reported as a timeout. */
const DEFAULT_TIMEOUT_S = 180;

/** A worker that was stopped at the time limit. */
class Timeout extends Error {}

interface Options {
  readonly smoke: boolean;
  readonly sizes: number[];
  readonly runs: number;
  readonly coldRuns: number;
  readonly timeoutMs: number;
}

function parseArgs(argv: string[]): Options {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const smoke = argv.includes('--smoke');
  const sizes = (value('--sizes') ?? (smoke ? '100' : '100,1000,2000')).split(',').map(Number);
  const runs = Number(value('--runs') ?? (smoke ? 1 : 3));
  const coldRuns = Number(value('--cold-runs') ?? (smoke ? 1 : 5));
  const timeoutMs = 1000 * Number(value('--timeout') ?? DEFAULT_TIMEOUT_S);
  if (sizes.some(s => !Number.isInteger(s) || s < 1) || !Number.isInteger(runs) || runs < 1 || !Number.isInteger(coldRuns) || coldRuns < 1) {
    throw new Error(`bad arguments: ${argv.join(' ')} (usage: run.ts [--smoke] [--runs 3] [--sizes 100,1000,2000] [--cold-runs 5])`);
  }
  return { smoke, sizes, runs, coldRuns, timeoutMs };
}

/** Runs a compiled bench script in a fresh node process and returns its last stdout line as JSON. */
export function runNode<T>(script: string, args: string[], timeoutMs = DEFAULT_TIMEOUT_S * 1000): T & { procMs: number } {
  const start = process.hrtime.bigint();
  const child = spawnSync(process.execPath, [path.join(BUILD, 'bench', script), ...args], {
    cwd: ROOT,
    encoding: 'utf-8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
  });
  if (child.error && (child.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') {
    throw new Timeout(`${script} ${args.join(' ')} did not finish within ${timeoutMs / 1000} s`);
  }
  const procMs = Number(process.hrtime.bigint() - start) / 1e6;
  const lines = (child.stdout ?? '').trim().split('\n');
  if (child.status !== 0 || !lines[lines.length - 1]?.startsWith('{')) {
    throw new Error(`bench: ${script} ${args.join(' ')} failed (status ${child.status}, signal ${child.signal}):\n${child.stderr}\n${child.stdout}`);
  }
  return { ...JSON.parse(lines[lines.length - 1]), procMs };
}

const fmt = (x: number, digits = 0) => (Number.isFinite(x) ? x.toFixed(digits) : 'na');
const pad = (s: string | number, w: number) => String(s).padStart(w);

interface Summary {
  readonly wallMs: number;
  readonly importMs: number;
  readonly buildMs: number;
  readonly synthMs: number;
  /** build + synth: the part of the run that grows with N. */
  readonly workMs: number;
  readonly rssMb: number;
  readonly kubernetesObjects: number;
  readonly terraformResources: number;
  readonly runs: number;
}

function summarize(ms: Measurement[]): Summary {
  return {
    wallMs: median(ms.map(m => m.wallMs)),
    importMs: median(ms.map(m => m.importMs)),
    buildMs: median(ms.map(m => m.buildMs)),
    synthMs: median(ms.map(m => m.synthMs)),
    workMs: median(ms.map(m => m.buildMs + m.synthMs)),
    rssMb: median(ms.map(m => m.rssMb)),
    kubernetesObjects: ms[0].kubernetesObjects,
    terraformResources: ms[0].terraformResources,
    runs: ms.length,
  };
}

function row(n: number | string, side: string, s: Summary): string {
  return [pad(n, 5), side.padEnd(9), pad(s.runs, 4), pad(fmt(s.wallMs), 8), pad(fmt(s.importMs), 7), pad(fmt(s.buildMs), 7),
    pad(fmt(s.synthMs), 7), pad(fmt(s.rssMb), 8), pad(s.kubernetesObjects, 8), pad(s.terraformResources, 8)].join('  ');
}

function main(): void {
  const opts = parseArgs(process.argv.slice(2));
  const cpus = os.cpus();
  console.log(`bench: machine: ${cpus.length} CPUs (${cpus[0]?.model ?? 'unknown'}), ${fmt(os.totalmem() / 2 ** 30, 1)} GiB RAM, `
    + `load ${os.loadavg().map(l => l.toFixed(2)).join(' ')}, node ${process.version}, ${os.platform()} ${os.release()}`);
  const compileMs = precompile();
  console.log(`bench: transpiled src/ and bench/ to ${path.relative(ROOT, BUILD)}/ in ${compileMs} ms (untimed; both sides run plain JS in fresh node processes)`);

  const probe = runNode<ProbeResult>('probe.js', []);
  const features = probe.features;
  const skipped = Object.entries(probe.skipped).map(([f, why]) => `${f} (${why}; plain IAM statement instead)`);
  console.log(`bench: generator features: ${[...features, ...skipped].join(', ') || 'none'}`);
  const featureArgs = features.length ? ['--features', features.join(',')] : [];

  const results: { [key: string]: Measurement[] } = {};
  const record = (key: string, m: Measurement) => (results[key] ??= []).push(m);

  console.log('');
  console.log('    N  side       runs   wall ms   import    build    synth   RSS MB   k8s obj  tf res');
  const ours: { [n: number]: Summary } = {};
  const base: { [n: number]: Summary } = {};
  const timedOut: { [n: number]: boolean } = {};
  for (const n of opts.sizes) {
    for (let r = 0; r < opts.runs; r++) {
      // Interleaved, so that load from other processes affects both sides alike. Once ours timed
      // out at some N, it is not run again at that N or above (it would only be slower).
      if (!Object.keys(timedOut).some(m => Number(m) <= n)) {
        try {
          record(`ours:${n}`, runNode<Measurement>('worker.js', ['ours', String(n), ...featureArgs], opts.timeoutMs));
        } catch (e) {
          if (!(e instanceof Timeout)) throw e;
          timedOut[n] = true;
          console.log(`    ${String(n).padStart(5)}  ours: ${e.message}; not run again at N >= ${n}`);
        }
      }
      record(`baseline:${n}`, runNode<Measurement>('worker.js', ['baseline', String(n)], opts.timeoutMs));
    }
    base[n] = summarize(results[`baseline:${n}`]);
    if (base[n].kubernetesObjects === 0) throw new Error(`bench: baseline at N=${n} wrote no Kubernetes objects`);
    if (results[`ours:${n}`]) {
      ours[n] = summarize(results[`ours:${n}`]);
      if (ours[n].kubernetesObjects === 0 || ours[n].terraformResources === 0) throw new Error(`bench: ours at N=${n} wrote no Kubernetes objects or no Terraform resources`);
      console.log(row(n, 'ours', ours[n]));
    } else {
      console.log(`${pad(n, 5)}  ours       ${timedOut[n] ? `timed out (> ${opts.timeoutMs / 1000} s)` : 'not run (timed out at a smaller N)'}`);
    }
    console.log(row(n, 'baseline', base[n]));
    if (ours[n]) console.log(`       ratio ours/baseline: wall ${fmt(ours[n].wallMs / base[n].wallMs, 2)}, build+synth ${fmt(ours[n].workMs / base[n].workMs, 2)}`);
  }

  for (let r = 0; r < opts.coldRuns; r++) {
    record('cold', runNode<Measurement>('worker.js', ['cold', '1', ...featureArgs]));
    record('cold-baseline', runNode<Measurement>('worker.js', ['cold-baseline', '1']));
  }
  const cold = summarize(results.cold);
  const coldBase = summarize(results['cold-baseline']);
  const coldProc = median(results.cold.map(m => (m as Measurement & { procMs: number }).procMs));
  console.log(row(1, 'cold', cold));
  console.log(row(1, 'cold-base', coldBase));
  console.log(`       cold start (process start to a written one-service app): ours ${fmt(cold.wallMs)} ms (library import ${fmt(cold.importMs)} ms; `
    + `spawn to exit ${fmt(coldProc)} ms), cdk8s-plus ${fmt(coldBase.wallMs)} ms`);

  const has = (n: number) => ours[n] !== undefined;
  const nRatio = opts.sizes.includes(1000) ? 1000 : opts.sizes[opts.sizes.length - 1];
  const nMax = Math.max(...opts.sizes);
  const ratio = has(nRatio) ? ours[nRatio].wallMs / base[nRatio].wallMs : NaN;
  const scale = has(1000) && has(2000) ? ours[2000].workMs / ours[1000].workMs : NaN;
  if (has(1000) && has(2000)) {
    console.log(`       scale t(2000)/t(1000), build+synth: ours ${fmt(scale, 2)}, baseline ${fmt(base[2000].workMs / base[1000].workMs, 2)}; `
      + `wall: ours ${fmt(ours[2000].wallMs / ours[1000].wallMs, 2)}, baseline ${fmt(base[2000].wallMs / base[1000].wallMs, 2)}`);
  }
  const rssMb = has(nMax) ? ours[nMax].rssMb : NaN;
  console.log('');
  console.log(`targets: ratio ${fmt(ratio, 2)} at N=${nRatio} (<= 1.0), scale ${fmt(scale, 2)} (<= 2.1), `
    + `peak RSS ${fmt(rssMb)} MB at N=${nMax} (<= 1024 at N=2000), cold start ${fmt(cold.wallMs)} ms (<= 1500)`);

  fs.mkdirSync(path.dirname(BUILD), { recursive: true });
  const resultsFile = path.join(ROOT, '.bench', opts.smoke ? 'results-smoke.json' : 'results.json');
  fs.writeFileSync(resultsFile, `${JSON.stringify({ options: opts, features: probe, results }, null, 1)}\n`);
  console.log(`bench: all measurements in ${path.relative(ROOT, resultsFile)}`);
  console.log(`bench: n=${nRatio} ratio=${fmt(ratio, 2)} scale=${fmt(scale, 2)} rss_mb=${fmt(rssMb)} cold_ms=${fmt(cold.wallMs)}`);
}

if (require.main === module) main();
