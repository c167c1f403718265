/**
 * Where the time goes: runs one worker under `node --cpu-prof` and summarizes the CPU profile.
 *
 *   npx ts-node --project test/tsconfig.json bench/profile.ts [ours|baseline] [n=1000] [--keep-profile]
 *
 * Prints the time per phase (construct tree, Kubernetes resolution, YAML emission, Terraform
 * resolution, Terraform JSON, policy engine, module loading), the self time per package or
 * library file, the hottest functions, and the inclusive time of the library's own functions.
 * The profile file can be opened in Chrome DevTools (with --keep-profile).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BUILD, precompile, ROOT } from './build';
import type { ProbeResult } from './generate';

interface CallFrame { functionName: string; url: string; lineNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame; children?: number[] }
interface CpuProfile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

/** A short name for a script URL: package name and file, or the library/bench file. */
function where(url: string): string {
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) return url.slice(nm + 'node_modules/'.length);
  const build = /\.bench\/[^/]+\/((src|bench)\/.*)$/.exec(url);
  if (build) return build[1];
  return url || '(native)';
}

/** The package (or `src/<file>`, `bench/<file>`, `node`) a frame belongs to. */
function area(frame: CallFrame): string {
  const w = where(frame.url);
  if (frame.url.startsWith('node:')) return 'node (internals, module loader, fs)';
  if (!frame.url) return frame.functionName.startsWith('(') ? frame.functionName : 'native (JSON, RegExp, ...)';
  if (w.startsWith('src/') || w.startsWith('bench/')) return w;
  const parts = w.split('/');
  return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

const is = (frame: CallFrame, fn: RegExp, url: RegExp) => fn.test(frame.functionName) && url.test(frame.url);

/** Outer phase: the innermost of these found in the stack below the worker's main(). */
function outerPhase(frame: CallFrame): string | undefined {
  if (is(frame, /^countOutput$/, /bench\/common/)) return 'bench: counting output (not measured)';
  if (is(frame, /^buildApp$|^buildBaseline$/, /bench\//)) return 'construct tree (build)';
  if (is(frame, /^synth$/, /cdk8s\/lib\/app\.js/) || is(frame, /^writeKubernetes$/, /src\/app\/kubernetes-writer\.js/)) return 'Kubernetes synth';
  if (is(frame, /^synth$/, /cdktf\/lib\/app\.js/)) return 'Terraform synth';
  if (is(frame, /^validate$/, /constructs\/lib/)) return 'SecureApp.synth: validation';
  if (/\/src\/policy\//.test(frame.url)) return 'policy engine';
  if (is(frame, /^synth$/, /src\/app\//)) return 'SecureApp.synth: other (policy engine, reports)';
  if (is(frame, /^(Module\._load|require)$/, /^node:/)) return 'module loading (import)';
  return undefined;
}

/** Inner phase: the innermost of these found in the stack, within an outer phase. */
function innerPhase(frame: CallFrame): string | undefined {
  if (/node_modules\/(js-)?yaml\//.test(frame.url) || is(frame, /^save$|^stringify$/, /cdk8s\/lib\/yaml\.js/)
    || is(frame, /^saveYaml$/, /src\/app\/kubernetes-writer\.js/)) return 'YAML (emission and writing)';
  if (is(frame, /^toJson$/, /cdk8s\/lib\/(api-object|chart)\.js/)) return 'resolve (toJson, lazy values)';
  if (is(frame, /^(validate|resolveDependencies)$/, /cdk8s\/lib\/app\.js/)) return 'validate + dependencies';
  // cdktf's, or the library stack's own (src/aws/terraform).
  if (is(frame, /^toTerraform$/, /cdktf\/lib\/terraform-stack\.js|src\/aws\/terraform\.js/)) return 'resolve (toTerraform)';
  if (is(frame, /^prepareStack$/, /cdktf\/lib\/terraform-stack\.js/)) return 'prepareStack (aspects, pre-resolution)';
  if (is(frame, /^(synthesize|synthesizeStacks)$/, /cdktf\/lib\//)) return 'JSON stringify + write';
  return undefined;
}

function summarize(profile: CpuProfile): void {
  const byId = new Map(profile.nodes.map(n => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stackOf = (id: number): CallFrame[] => {
    const stack: CallFrame[] = [];
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) stack.push(byId.get(cur)!.callFrame);
    return stack.reverse(); // root first
  };

  const phases = new Map<string, number>();
  const areas = new Map<string, number>();
  const selfFns = new Map<string, number>();
  const libInclusive = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const ms = profile.timeDeltas[i] / 1000;
    total += ms;
    const stack = stackOf(profile.samples[i]);
    const leaf = stack[stack.length - 1];
    // The worker itself runs inside the module loader: phases start below its main().
    const mainAt = stack.findIndex(f => f.functionName === 'main' && /bench\/worker\.js/.test(f.url));
    let outer: string | undefined;
    for (const f of stack.slice(mainAt + 1)) outer = outerPhase(f) ?? outer; // innermost wins
    let inner: string | undefined;
    for (let j = stack.length - 1; j >= 0 && !inner; j--) inner = innerPhase(stack[j]);
    // Otherwise the library's own code, if it is on the stack at all.
    if (!inner && stack.some(f => /\/src\//.test(f.url))) inner = 'library code';
    if (!outer) outer = leaf.functionName.startsWith('(') ? leaf.functionName : 'node startup and other';
    add(phases, inner && !outer.startsWith('module') ? `${outer}: ${inner}` : outer, ms);
    add(areas, area(leaf), ms);
    add(selfFns, `${leaf.functionName || '(anonymous)'}  ${where(leaf.url)}:${leaf.lineNumber + 1}`, ms);
    const seen = new Set<string>();
    for (const f of stack) {
      if (!/\.bench\/[^/]+\/src\//.test(f.url)) continue;
      const key = `${f.functionName || '(anonymous)'}  ${where(f.url)}:${f.lineNumber + 1}`;
      if (!seen.has(key)) {
        seen.add(key);
        add(libInclusive, key, ms);
      }
    }
  }
  const print = (title: string, m: Map<string, number>, limit: number) => {
    console.log(`\n${title}`);
    for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, limit)) {
      console.log(`${v.toFixed(0).padStart(7)} ms ${(100 * v / total).toFixed(1).padStart(5)}%  ${k}`);
    }
  };
  console.log(`profile: ${total.toFixed(0)} ms sampled`);
  print('time by phase (outer phase: innermost known step)', phases, 30);
  print('self time by package / library file', areas, 20);
  print('hottest functions (self time)', selfFns, 25);
  print('library functions (inclusive time)', libInclusive, 20);
}

function main(argv: string[]): void {
  const positional = argv.filter(a => !a.startsWith('--'));
  const mode = positional[0] ?? 'ours';
  const n = positional[1] ?? '1000';
  precompile();
  let featureArgs: string[] = [];
  if (mode === 'ours') {
    const probe = spawnSync(process.execPath, [path.join(BUILD, 'bench', 'probe.js')], { cwd: ROOT, encoding: 'utf-8' });
    const features = (JSON.parse(probe.stdout.trim().split('\n').pop()!) as ProbeResult).features;
    featureArgs = features.length ? ['--features', features.join(',')] : [];
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-prof-'));
  const child = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, path.join(BUILD, 'bench', 'worker.js'), mode, n, ...featureArgs, '--phases'], {
    cwd: ROOT, encoding: 'utf-8', maxBuffer: 64 * 1024 * 1024,
  });
  if (child.status !== 0) throw new Error(`worker failed:\n${child.stderr}`);
  console.log(`worker: ${child.stdout.trim()}`);
  const file = fs.readdirSync(dir).find(f => f.endsWith('.cpuprofile'))!;
  summarize(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf-8')));
  if (argv.includes('--keep-profile')) console.log(`\nprofile: ${path.join(dir, file)}`);
  else fs.rmSync(dir, { recursive: true, force: true });
}

main(process.argv.slice(2));
