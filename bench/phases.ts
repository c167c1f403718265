/**
 * Where one synth's time and memory go, step by step: builds the benchmark app of N services
 * (bench/generate.ts) and runs the steps of `SecureApp.synth()` one after the other (validation,
 * the Kubernetes manifests, the Terraform configuration, the policy check and its reports, the
 * output list), printing for each step its wall time, the garbage collections during it (minor
 * and major, from the `gc` performance entries) and the heap in use and resident set size after
 * it, then the peak resident set size (VmHWM), all in MiB.
 *
 *   node scripts/run-ts.js bench/phases.ts [n=1000]
 *
 * The steps are the library's internal ones (they may move between versions); the total is what
 * `synth()` costs, the summary line aside.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { constants, PerformanceObserver } from 'perf_hooks';
import { peakRssMb } from './common';
import { buildApp, probeFeatures } from './generate';
import { writeKubernetes } from '../src/app/kubernetes-writer';
import { commitOutput } from '../src/app/output-manifest';
import { runPolicyCheck } from '../src/policy/synth';

interface Step {
  readonly name: string;
  readonly start: number;
  readonly end: number;
  readonly heapMb: number;
  readonly rssMb: number;
}

const n = Number(process.argv[2] ?? '1000');
if (!Number.isInteger(n) || n < 1) {
  process.stderr.write('usage: bench/phases.ts [n=1000]\n');
  process.exit(2);
}
process.env.SECURE_CONSTRUCTS_QUIET = '1';

const collections: Array<{ start: number; major: boolean }> = [];
const observer = new PerformanceObserver(list => {
  for (const entry of list.getEntries()) {
    const kind = (entry as unknown as { detail?: { kind?: number } }).detail?.kind;
    collections.push({ start: entry.startTime, major: kind === constants.NODE_PERFORMANCE_GC_MAJOR });
  }
});
observer.observe({ entryTypes: ['gc'] });

const MIB = 1024 * 1024;
const steps: Step[] = [];
function step<T>(name: string, run: () => T): T {
  const start = performance.now();
  const result = run();
  const end = performance.now();
  const memory = process.memoryUsage();
  steps.push({ name, start, end, heapMb: memory.heapUsed / MIB, rssMb: memory.rss / MIB });
  return result;
}

const { features } = probeFeatures();
const outdir = path.join(os.tmpdir(), `bench-phases-${process.pid}`);
const app = step('build the construct tree', () => buildApp(n, outdir, features));
step('validate', () => app.node.findAll().forEach(c => c.node.validate()));
const manifests = step('Kubernetes manifests', () => writeKubernetes(app.kubernetesApp));
const internals = app as unknown as { readonly policyOptions: object; readonly _terraformApp: { synth(): any }; _outputSubdirs(): string[] };
const configurations = step('Terraform configuration', () => internals._terraformApp.synth());
step('policy check and reports', () => runPolicyCheck(app, app.outdir, internals.policyOptions, manifests, internals._outputSubdirs()[1], configurations ?? []));
step('output list', () => commitOutput(app.outdir));

// The gc entries arrive after the synchronous work, on a later turn of the event loop.
setTimeout(() => {
  observer.disconnect();
  const pad = (s: string | number, w: number) => String(s).padStart(w);
  process.stdout.write(`bench: phases of the N = ${n} app (features: ${features.join(', ') || 'none'})\n`);
  process.stdout.write(`${'step'.padEnd(28)}${pad('ms', 8)}${pad('minor GC', 10)}${pad('major GC', 10)}${pad('heap MiB', 10)}${pad('RSS MiB', 9)}\n`);
  for (const s of steps) {
    const during = collections.filter(c => c.start >= s.start && c.start < s.end);
    process.stdout.write(`${s.name.padEnd(28)}${pad(Math.round(s.end - s.start), 8)}${pad(during.filter(c => !c.major).length, 10)}`
      + `${pad(during.filter(c => c.major).length, 10)}${pad(Math.round(s.heapMb), 10)}${pad(Math.round(s.rssMb), 9)}\n`);
  }
  process.stdout.write(`peak RSS (VmHWM): ${Math.round(peakRssMb())} MiB\n`);
  fs.rmSync(outdir, { recursive: true, force: true });
}, 200);
