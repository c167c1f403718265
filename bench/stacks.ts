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

const [n, perNamespace, runs] = [Number(process.argv[2] ?? 1000), Number(process.argv[3] ?? 50), Number(process.argv[4] ?? 3)];
const layouts: Array<[string, () => lib.TerraformStacks]> = [['single', () => lib.TerraformStacks.single()], ['perNamespace', () => lib.TerraformStacks.perNamespace()]];
const times: { [layout: string]: number[] } = { single: [], perNamespace: [] };
const cpu: { [layout: string]: number[] } = { single: [], perNamespace: [] };
const shapes: { [layout: string]: { [stack: string]: number } } = {};
for (let run = 0; run < runs; run++) {
  // Alternate the layouts so that a slower machine phase does not favour one of them.
  for (const [name, stacks] of run % 2 === 0 ? layouts : [...layouts].reverse()) {
    const keep = process.env.STACKS_OUTDIR && run === runs - 1 ? path.join(process.env.STACKS_OUTDIR, name) : undefined;
    if (keep) fs.rmSync(keep, { recursive: true, force: true });
    const outdir = keep ?? fs.mkdtempSync(path.join(os.tmpdir(), `bench-stacks-${name}-`));
    const app = build(n, perNamespace, stacks(), outdir);
    const start = process.hrtime.bigint();
    const startCpu = process.cpuUsage();
    if (process.env.STACKS_PHASE === 'terraform') app._terraformApp.synth();
    else app.synth();
    times[name].push(Number(process.hrtime.bigint() - start) / 1e6);
    const used = process.cpuUsage(startCpu);
    cpu[name].push((used.user + used.system) / 1e3);
    shapes[name] = stacksOf(outdir);
    if (!keep) fs.rmSync(outdir, { recursive: true, force: true });
  }
}
console.log(`N = ${n} services, ${Math.ceil(n / perNamespace)} namespaces of ${perNamespace}, ${runs} runs per layout (synth only, median)`);
for (const [name] of layouts) {
  const counts = Object.values(shapes[name]);
  const total = counts.reduce((a, b) => a + b, 0);
  console.log(`${name.padEnd(13)} ${median(times[name]).toFixed(0).padStart(7)} ms  cpu ${median(cpu[name]).toFixed(0).padStart(7)} ms  `
    + `${String(counts.length).padStart(4)} stacks  largest ${Math.max(...counts)} of ${total} resources`);
}
console.log(`perNamespace / single: ${(median(times.perNamespace) / median(times.single)).toFixed(2)} (cpu ${(median(cpu.perNamespace) / median(cpu.single)).toFixed(2)})`);
