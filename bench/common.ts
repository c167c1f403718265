/**
 * Helpers shared by the benchmark's generator, baseline, worker and runner. Nothing here is timed.
 */
import * as fs from 'fs';
import * as path from 'path';

/** Container port of every generated service. */
export const PORT = 8443;

/** Name of service `i`, zero-padded so that names sort in creation order. */
export function serviceName(i: number): string {
  return `svc-${String(i).padStart(4, '0')}`;
}

/** A digest-pinned image for service `i` (deterministic, 64 hex digits). */
export function serviceImage(i: number): string {
  const hex = (i.toString(16).padStart(8, '0')).repeat(8);
  return `ghcr.io/acme/${serviceName(i)}@sha256:${hex}`;
}

/**
 * The two outgoing edges of service `i` in an app of `n` services: to (i+1)%n and (i+7)%n,
 * without self-edges and duplicates (which only occur for n <= 7).
 */
export function edgesOf(i: number, n: number): number[] {
  const targets: number[] = [];
  for (const t of [(i + 1) % n, (i + 7) % n]) {
    if (t !== i && !targets.includes(t)) targets.push(t);
  }
  return targets;
}

/** Total number of edges of an app of `n` services. */
export function edgeCount(n: number): number {
  let count = 0;
  for (let i = 0; i < n; i++) count += edgesOf(i, n).length;
  return count;
}

/** All files under `dir` (recursively) whose name satisfies `match`. */
export function findFiles(dir: string, match: (name: string) => boolean): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findFiles(full, match));
    else if (match(entry.name)) out.push(full);
  }
  return out.sort();
}

/** What an app wrote to disk. */
export interface OutputCounts {
  /** Kubernetes objects in all `*.yaml` files. */
  readonly kubernetesObjects: number;
  /** Terraform `resource` blocks in all `cdk.tf.json` files. */
  readonly terraformResources: number;
  /** Terraform `data` blocks in all `cdk.tf.json` files. */
  readonly terraformDataSources: number;
  /** Total bytes of those YAML and JSON files. */
  readonly bytes: number;
  /** Whether a policy report (`policy/report.json`) was written. */
  readonly policyReport: boolean;
}

/** Counts the Kubernetes objects and Terraform resources written under `outdir`. */
export function countOutput(outdir: string): OutputCounts {
  let kubernetesObjects = 0;
  let terraformResources = 0;
  let terraformDataSources = 0;
  let bytes = 0;
  for (const file of findFiles(outdir, n => n.endsWith('.yaml') || n.endsWith('.yml'))) {
    const text = fs.readFileSync(file, 'utf-8');
    bytes += text.length;
    // Every document cdk8s writes is one object with a top-level `kind:`.
    for (const doc of text.split(/^---[ \t]*$/m)) {
      if (/^kind:/m.test(doc)) kubernetesObjects++;
    }
  }
  for (const file of findFiles(outdir, n => n === 'cdk.tf.json')) {
    const text = fs.readFileSync(file, 'utf-8');
    bytes += text.length;
    const json = JSON.parse(text);
    for (const byName of Object.values<Record<string, unknown>>(json.resource ?? {})) terraformResources += Object.keys(byName).length;
    for (const byName of Object.values<Record<string, unknown>>(json.data ?? {})) terraformDataSources += Object.keys(byName).length;
  }
  const policyReport = findFiles(outdir, n => n === 'report.json').length > 0;
  return { kubernetesObjects, terraformResources, terraformDataSources, bytes, policyReport };
}

/** Peak resident set size of this process in MB (Linux `VmHWM`), or RSS now elsewhere. */
export function peakRssMb(): number {
  try {
    const status = fs.readFileSync('/proc/self/status', 'utf-8');
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
    if (m) return Number(m[1]) / 1024;
  } catch {
    // not Linux: fall through
  }
  return process.memoryUsage().rss / (1024 * 1024);
}

/** Median of a non-empty list. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
