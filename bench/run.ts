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
 * Besides the wall-time ratio, it judges the library on equal work and against the floor of its
 * own output:
 * - equal: ours' wall time per item written (Kubernetes objects + Terraform resources) over the
 *   baseline's per object written, same N;
 * - floor: ours' build + synth over the time to serialize and write the very same output again
 *   (bench/floor.ts), measured in the same process after each run;
 * - warm: median build + synth of a 5-service app synthesized repeatedly in one process;
 * - check_ops: `secure-constructs check` on ours' output at the ratio's N, objects and resources
 *   checked per second (fresh process, spawn to exit).
 * It also reports the framework floor (bench/framework.ts, no target): how long plain cdk8s and
 * cdktf take to build and synthesize the very objects and resources ours wrote, at the ratio's N
 * (one fresh process) and for the warm app (as many iterations as the warm measurement).
 *
 * The last line is machine-readable (see {@link summaryLine}):
 *   bench: n=1000 ratio=<x> equal=<e> floor=<f> scale=<y> rss_mb=<z> cold_ms=<w> warm_ms=<v> check_ops=<objects/s>
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BUILD, precompile, ROOT } from './build';
import { countOutput, median } from './common';
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
  readonly warmIterations: number;
  readonly checkRuns: number;
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
  const warmIterations = Number(value('--warm-iterations') ?? (smoke ? 6 : 30));
  const checkRuns = Number(value('--check-runs') ?? (smoke ? 1 : 3));
  const counts = [runs, coldRuns, warmIterations, checkRuns];
  if (sizes.some(s => !Number.isInteger(s) || s < 1) || counts.some(c => !Number.isInteger(c) || c < 1)) {
    throw new Error(`bad arguments: ${argv.join(' ')} (usage: run.ts [--smoke] [--runs 3] [--sizes 100,1000,2000] [--cold-runs 5] `
      + '[--warm-iterations 30] [--check-runs 3])');
  }
  return { smoke, sizes, runs, coldRuns, timeoutMs, warmIterations, checkRuns };
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

const pad = (s: string | number, w: number) => String(s).padStart(w);

interface Summary {
  readonly wallMs: number;
  readonly importMs: number;
  readonly buildMs: number;
  readonly synthMs: number;
  /** build + synth: the part of the run that grows with N. */
  readonly workMs: number;
  readonly rssMb: number;
  readonly cpuMs: number;
  readonly kubernetesObjects: number;
  readonly terraformResources: number;
  readonly runs: number;
  /** Median of each run's serialization floor (ms), and of each run's build + synth over it. */
  readonly floorMs: number;
  readonly floorRatio: number;
}

function summarize(ms: Measurement[]): Summary {
  return {
    wallMs: median(ms.map(m => m.wallMs)),
    importMs: median(ms.map(m => m.importMs)),
    buildMs: median(ms.map(m => m.buildMs)),
    synthMs: median(ms.map(m => m.synthMs)),
    workMs: median(ms.map(m => m.buildMs + m.synthMs)),
    rssMb: median(ms.map(m => m.rssMb)),
    cpuMs: median(ms.map(m => m.cpuMs)),
    kubernetesObjects: ms[0].kubernetesObjects,
    terraformResources: ms[0].terraformResources,
    runs: ms.length,
    floorMs: ms.some(m => m.floorMs !== undefined) ? median(ms.map(m => m.floorMs ?? NaN)) : NaN,
    floorRatio: ms.some(m => m.floorMs !== undefined) ? median(ms.map(m => (m.buildMs + m.synthMs) / (m.floorMs ?? NaN))) : NaN,
  };
}

/** The figures of the machine-readable last line; NaN where not measured. */
export interface SummaryFigures {
  readonly n: number;
  readonly ratio: number;
  readonly equal: number;
  readonly floor: number;
  readonly scale: number;
  readonly rssMb: number;
  readonly coldMs: number;
  readonly warmMs: number;
  readonly checkOps: number;
}

/** Formats a number with `digits` decimals, or `na` when it was not measured. */
export const fmt = (x: number, digits = 0) => (Number.isFinite(x) ? x.toFixed(digits) : 'na');

/** The machine-readable last line of the benchmark. */
export function summaryLine(f: SummaryFigures): string {
  return `bench: n=${f.n} ratio=${fmt(f.ratio, 2)} equal=${fmt(f.equal, 2)} floor=${fmt(f.floor, 2)} scale=${fmt(f.scale, 2)} `
    + `rss_mb=${fmt(f.rssMb)} cold_ms=${fmt(f.coldMs)} warm_ms=${fmt(f.warmMs, 1)} check_ops=${fmt(f.checkOps)}`;
}

/** Reads the last line back (`na` as NaN); throws on a line of another shape. */
export function parseSummaryLine(line: string): SummaryFigures {
  const m = /^bench: n=(\d+) ratio=(\S+) equal=(\S+) floor=(\S+) scale=(\S+) rss_mb=(\S+) cold_ms=(\S+) warm_ms=(\S+) check_ops=(\S+)$/.exec(line.trim());
  if (!m) throw new Error(`not a bench summary line: ${line}`);
  const num = (s: string) => {
    if (s === 'na') return NaN;
    if (!/^-?\d+(\.\d+)?$/.test(s)) throw new Error(`not a number or na: ${s} in ${line}`);
    return Number(s);
  };
  const [n, ratio, equal, floor, scale, rssMb, coldMs, warmMs, checkOps] = m.slice(1).map(num);
  return { n, ratio, equal, floor, scale, rssMb, coldMs, warmMs, checkOps };
}

/** Ours' wall time per item written (objects + resources) over the baseline's per object, or NaN. */
export function equalWork(ours: Pick<Summary, 'wallMs' | 'kubernetesObjects' | 'terraformResources'>,
  base: Pick<Summary, 'wallMs' | 'kubernetesObjects'>): number {
  const items = ours.kubernetesObjects + ours.terraformResources;
  if (items === 0 || base.kubernetesObjects === 0) return NaN;
  return (ours.wallMs / items) / (base.wallMs / base.kubernetesObjects);
}

function row(n: number | string, side: string, s: Summary): string {
  return [pad(n, 5), side.padEnd(9), pad(s.runs, 4), pad(fmt(s.wallMs), 8), pad(fmt(s.importMs), 7), pad(fmt(s.buildMs), 7),
    pad(fmt(s.synthMs), 7), pad(fmt(s.rssMb), 8), pad(s.kubernetesObjects, 8), pad(s.terraformResources, 8), pad(fmt(s.floorMs), 9), pad(fmt(s.cpuMs), 7)].join('  ');
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
  console.log('    N  side       runs   wall ms   import    build    synth   RSS MB   k8s obj    tf res   floor ms   CPU ms');
  const ours: { [n: number]: Summary } = {};
  const base: { [n: number]: Summary } = {};
  const timedOut: { [n: number]: boolean } = {};
  const nRatio = opts.sizes.includes(1000) ? 1000 : opts.sizes[opts.sizes.length - 1];
  // The output of ours' last run at the ratio's N is kept for the checker.
  let checkDir: string | undefined;
  for (const n of opts.sizes) {
    for (let r = 0; r < opts.runs; r++) {
      // Interleaved, so that load from other processes affects both sides alike. Once ours timed
      // out at some N, it is not run again at that N or above (it would only be slower).
      if (!Object.keys(timedOut).some(m => Number(m) <= n)) {
        try {
          const keep = n === nRatio && r === opts.runs - 1 ? ['--keep'] : [];
          const m = runNode<Measurement>('worker.js', ['ours', String(n), ...featureArgs, '--floor', ...keep], opts.timeoutMs);
          if (m.outdir) checkDir = m.outdir;
          record(`ours:${n}`, m);
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
    if (ours[n]) {
      console.log(`       ratio ours/baseline: wall ${fmt(ours[n].wallMs / base[n].wallMs, 2)}, build+synth ${fmt(ours[n].workMs / base[n].workMs, 2)}; `
        + `equal work (wall per item written): ${fmt(equalWork(ours[n], base[n]), 2)}; build+synth / serialization floor: ${fmt(ours[n].floorRatio, 2)}`);
    }
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

  const warm = runNode<Measurement>('worker.js', ['warm', String(opts.warmIterations), ...featureArgs, '--keep']);
  record('warm', warm);
  const warmMs = warm.warmMs ?? NaN;
  console.log(`       warm: ${warm.n}-service app built and synthesized ${opts.warmIterations} times in one process: median ${fmt(warmMs, 1)} ms `
    + `(CPU ${fmt(warm.warmCpuMs ?? NaN, 1)} ms; first ${fmt(warm.warmRunsMs?.[0] ?? NaN)} ms; `
    + `${warm.kubernetesObjects} objects, ${warm.terraformResources} resources each)`);
  if (warm.outdir) {
    try {
      const framework = runNode<FrameworkResult>('framework.js', [warm.outdir, String(opts.warmIterations)], opts.timeoutMs);
      results['framework:warm'] = [framework as unknown as Measurement];
      console.log(`       ${frameworkLine(framework, `${framework.iterations} times in one process, median`)}`);
    } finally {
      fs.rmSync(warm.outdir, { recursive: true, force: true });
    }
  }

  let checkOps = NaN;
  if (checkDir) {
    try {
      const framework = runNode<FrameworkResult>('framework.js', [checkDir, '1'], opts.timeoutMs);
      results[`framework:${nRatio}`] = [framework as unknown as Measurement];
      console.log(`       N=${nRatio}: ${frameworkLine(framework, 'one fresh process')}; ours build+synth ${fmt(ours[nRatio]?.workMs ?? NaN)} ms`);
      const check = runChecker(checkDir, opts.checkRuns, opts.timeoutMs);
      checkOps = check.objects / (check.medianMs / 1000);
      results.check = check.runsMs.map(ms => ({ wallMs: ms, objects: check.objects }) as unknown as Measurement);
      console.log(`       check: secure-constructs check on ours' N=${nRatio} output (${check.objects} objects and resources), `
        + `${opts.checkRuns} fresh process(es), median ${fmt(check.medianMs)} ms spawn to exit: ${fmt(checkOps)} per second`);
    } finally {
      fs.rmSync(checkDir, { recursive: true, force: true });
    }
  }

  const has = (n: number) => ours[n] !== undefined;
  const nMax = Math.max(...opts.sizes);
  const ratio = has(nRatio) ? ours[nRatio].wallMs / base[nRatio].wallMs : NaN;
  const scale = has(1000) && has(2000) ? ours[2000].workMs / ours[1000].workMs : NaN;
  if (has(1000) && has(2000)) {
    console.log(`       scale t(2000)/t(1000), build+synth: ours ${fmt(scale, 2)}, baseline ${fmt(base[2000].workMs / base[1000].workMs, 2)}; `
      + `wall: ours ${fmt(ours[2000].wallMs / ours[1000].wallMs, 2)}, baseline ${fmt(base[2000].wallMs / base[1000].wallMs, 2)}`);
  }
  const rssMb = has(nMax) ? ours[nMax].rssMb : NaN;
  const equal = has(nRatio) ? equalWork(ours[nRatio], base[nRatio]) : NaN;
  const floor = has(nRatio) ? ours[nRatio].floorRatio : NaN;
  console.log('');
  console.log(`targets: equal ${fmt(equal, 2)} at N=${nRatio} (<= 0.4), floor ${fmt(floor, 2)} (<= 3), scale ${fmt(scale, 2)} (<= 2.05), `
    + `peak RSS ${fmt(rssMb)} MB at N=${nMax} (<= 512 at N=2000), cold start ${fmt(cold.wallMs)} ms (<= 600), warm ${fmt(warmMs, 1)} ms (<= 25); `
    + `ratio ${fmt(ratio, 2)}, check ${fmt(checkOps)} objects/s (no target)`);

  fs.mkdirSync(path.dirname(BUILD), { recursive: true });
  const resultsFile = path.join(ROOT, '.bench', opts.smoke ? 'results-smoke.json' : 'results.json');
  fs.writeFileSync(resultsFile, `${JSON.stringify({ options: opts, features: probe, results }, null, 1)}\n`);
  console.log(`bench: all measurements in ${path.relative(ROOT, resultsFile)}`);
  console.log(summaryLine({ n: nRatio, ratio, equal, floor, scale, rssMb, coldMs: cold.wallMs, warmMs, checkOps }));
}

/** What bench/framework.ts prints. */
interface FrameworkResult {
  readonly iterations: number;
  readonly objects: number;
  readonly resources: number;
  readonly buildMs: number;
  readonly kubernetesSynthMs: number;
  readonly terraformSynthMs: number;
  readonly totalMs: number;
  readonly resolveMs: number;
}

/** One line on the framework floor (bench/framework.ts). */
function frameworkLine(f: FrameworkResult, how: string): string {
  return `framework floor (the same ${f.objects} objects and ${f.resources} resources as plain cdk8s ApiObjects and cdktf resources, ${how}): `
    + `App.synth() of both ${fmt(f.totalMs, 1)} ms (build ${fmt(f.buildMs, 1)}, cdk8s ${fmt(f.kubernetesSynthMs, 1)}, cdktf ${fmt(f.terraformSynthMs, 1)}); `
    + `resolution alone ${fmt(f.resolveMs, 1)} ms`;
}

/**
 * Times `secure-constructs check <dir>` in `runs` fresh processes (the CLI's `main`, reports to a
 * scratch directory, findings not printed); returns the median spawn-to-exit time and how many
 * Kubernetes objects and Terraform resources the directory holds.
 */
function runChecker(dir: string, runs: number, timeoutMs: number): { medianMs: number; runsMs: number[]; objects: number } {
  const counts = countOutput(dir);
  const objects = counts.kubernetesObjects + counts.terraformResources;
  const cli = path.join(BUILD, 'src', 'policy', 'cli.js');
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-check-'));
  const script = `require(${JSON.stringify(cli)}).main(['check', ${JSON.stringify(dir)}, '--out', ${JSON.stringify(out)}], `
    + '{ out: () => {}, err: t => process.stderr.write(t) }).then(c => { process.exitCode = c; });';
  const runsMs: number[] = [];
  try {
    for (let r = 0; r < runs; r++) {
      const start = process.hrtime.bigint();
      const child = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf-8', timeout: timeoutMs, killSignal: 'SIGKILL' });
      runsMs.push(Number(process.hrtime.bigint() - start) / 1e6);
      // 0: no failing findings. Anything else means the output did not pass its own check.
      if (child.status !== 0) throw new Error(`bench: secure-constructs check ${dir} exited ${child.status} (signal ${child.signal}):\n${child.stderr}`);
    }
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
  return { medianMs: median(runsMs), runsMs, objects };
}

if (require.main === module) main();
