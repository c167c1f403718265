/**
 * State that scales: N services like those of bench/generate.ts (two edges, a secret and a bucket
 * grant each; here the secret and the bucket are the service's own, created under it), spread over
 * namespaces of `perNamespace` services, synthesized once with
 * one Terraform stack and once with `TerraformStacks.perNamespace()`. Prints, for each layout, the
 * median synth time of the runs (wall, and CPU: user + system of the process, which a busy machine
 * disturbs less), the number of stacks and the resource count of the largest stack, then the
 * ratios of the per-namespace layout to the single stack.
 *
 *   ts-node --project test/tsconfig.json bench/stacks.ts [N=1000] [services per namespace=50] [runs=3]
 *
 * With `STACKS_PHASE=terraform`, only the Terraform synthesis is timed (no Kubernetes output, no
 * policy check): the part the number of stacks changes in the library's own code.
 *
 * With `STACKS_OUTDIR=<dir>`, each layout's output of the last run is kept in `<dir>/<layout>`
 * (to compare the output of two versions of the library with `diff -r`).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as lib from '../src';
import { edgesOf, PORT, serviceImage, serviceName } from './common';

function build(n: number, perNamespace: number, stacks: lib.TerraformStacks, outdir: string): lib.SecureApp {
  const app = new lib.SecureApp({ outdir });
  const platform = new lib.Platform(app, 'bench', {
    account: '111122223333',
    region: 'eu-west-1',
    cluster: lib.EksCluster.fromAttributes({ clusterName: 'bench-eks' }),
    awsEndpointCidrs: ['10.0.64.0/24'],
    terraformStacks: stacks,
  });
  const services: lib.SecureMicroservice[] = [];
  for (let i = 0; i < n; i++) {
    const namespace = `team-${String(Math.floor(i / perNamespace)).padStart(3, '0')}`;
    services.push(new lib.SecureMicroservice(platform, serviceName(i), { image: serviceImage(i), port: PORT, replicas: 2, namespace }));
  }
  for (let i = 0; i < n; i++) {
    for (const t of edgesOf(i, n)) services[i].connectTo(services[t]);
    // A service's own data stores go to its namespace's stack.
    new lib.ManagedSecret(services[i], 'db', { secretName: `${serviceName(i)}-db` }).grantRead(services[i]);
    new lib.SecureBucket(services[i], 'data', { bucketName: `bench-${serviceName(i)}-data` }).grantReadWrite(services[i]);
  }
  return app;
}

/** Stacks and their resource counts in a synthesized output. */
function stacksOf(outdir: string): { [stack: string]: number } {
  const dir = path.join(outdir, 'terraform', 'stacks');
  const result: { [stack: string]: number } = {};
  for (const stack of fs.readdirSync(dir)) {
    const tf = JSON.parse(fs.readFileSync(path.join(dir, stack, 'cdk.tf.json'), 'utf8'));
    result[stack] = Object.values<any>(tf.resource ?? {}).reduce((sum, byName) => sum + Object.keys(byName).length, 0);
  }
  return result;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const LAYOUTS: { [layout: string]: () => lib.TerraformStacks } = {
  single: () => lib.TerraformStacks.single(),
  perNamespace: () => lib.TerraformStacks.perNamespace(),
};

/** What one run of one layout measured (in its own process). */
interface RunResult { readonly wallMs: number; readonly cpuMs: number; readonly stacks: { [stack: string]: number } }

/** One run: builds the app, synthesizes it and prints the measurement as JSON (the child process). */
function runOnce(layout: string, n: number, perNamespace: number, keep: string | undefined): void {
  if (keep) fs.rmSync(keep, { recursive: true, force: true });
  const outdir = keep ?? fs.mkdtempSync(path.join(os.tmpdir(), `bench-stacks-${layout}-`));
  const app = build(n, perNamespace, LAYOUTS[layout](), outdir);
  const start = process.hrtime.bigint();
  const startCpu = process.cpuUsage();
  if (process.env.STACKS_PHASE === 'terraform') app._terraformApp.synth();
  else app.synth();
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  const used = process.cpuUsage(startCpu);
  const result: RunResult = { wallMs, cpuMs: (used.user + used.system) / 1e3, stacks: stacksOf(outdir) };
  if (!keep) fs.rmSync(outdir, { recursive: true, force: true });
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/**
 * Each run of each layout in a fresh process, the layouts alternated: in one process, the layout
 * synthesized second would pay for collecting the first one's garbage (measured: the same
 * per-namespace synth 1.7 times as slow after a single-stack synth as in a fresh process).
 */
function main(argv: string[]): void {
  const child = argv.indexOf('--child');
  if (child >= 0) {
    const [layout, n, perNs, keep] = argv.slice(child + 1);
    runOnce(layout, Number(n), Number(perNs), keep || undefined);
    return;
  }
  const [n, perNamespace, runs] = [Number(argv[0] ?? 1000), Number(argv[1] ?? 50), Number(argv[2] ?? 3)];
  const layouts = Object.keys(LAYOUTS);
  const results: { [layout: string]: RunResult[] } = { single: [], perNamespace: [] };
  for (let run = 0; run < runs; run++) {
    // Alternate the layouts so that a slower machine phase does not favour one of them.
    for (const name of run % 2 === 0 ? layouts : [...layouts].reverse()) {
      const keep = process.env.STACKS_OUTDIR && run === runs - 1 ? path.join(process.env.STACKS_OUTDIR, name) : '';
      // The child runs this file through ts-node, transpile-only (this process was type-checked).
      const out = spawnSync(process.execPath, ['-r', 'ts-node/register', __filename, '--child', name, String(n), String(perNamespace), keep], {
        encoding: 'utf-8',
        stdio: ['ignore', 'pipe', 'inherit'],
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, TS_NODE_PROJECT: path.join(__dirname, '..', 'test', 'tsconfig.json'), TS_NODE_TRANSPILE_ONLY: 'true' },
      });
      if (out.status !== 0) throw new Error(`the ${name} run failed (exit ${out.status ?? out.signal})`);
      results[name].push(JSON.parse(out.stdout.trim().split('\n').pop()!));
    }
  }
  console.log(`N = ${n} services, ${Math.ceil(n / perNamespace)} namespaces of ${perNamespace}, ${runs} runs per layout, each in a fresh process (synth only, median)`);
  const med = (name: string, f: (r: RunResult) => number) => median(results[name].map(f));
  for (const name of layouts) {
    const counts = Object.values(results[name][results[name].length - 1].stacks);
    const total = counts.reduce((a, b) => a + b, 0);
    console.log(`${name.padEnd(13)} ${med(name, r => r.wallMs).toFixed(0).padStart(7)} ms  cpu ${med(name, r => r.cpuMs).toFixed(0).padStart(7)} ms  `
      + `${String(counts.length).padStart(4)} stacks  largest ${Math.max(...counts)} of ${total} resources`);
  }
  const ratio = (f: (r: RunResult) => number) => (med('perNamespace', f) / med('single', f)).toFixed(2);
  console.log(`perNamespace / single: ${ratio(r => r.wallMs)} (cpu ${ratio(r => r.cpuMs)})`);
}

main(process.argv.slice(2));
