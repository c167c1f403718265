/**
 * The framework floor: how long cdk8s and cdktf alone take to build and synthesize the very objects
 * and resources an app wrote, with nothing of the library in the way. Each Kubernetes object of the
 * app's manifests becomes a plain cdk8s `ApiObject` holding its finished manifest, in one chart per
 * manifest file; each Terraform resource and data source of its configurations a plain cdktf
 * `TerraformResource` / `TerraformDataSource` whose attributes are its finished configuration (and
 * whose logical id is its name), in one stack per configuration. Both apps are then synthesized by
 * cdk8s's and cdktf's own `App.synth()`. The inputs are read and parsed before the clock starts.
 *
 * This is a lower bound for any library that writes the same output through cdk8s and cdktf
 * constructs: it leaves out the typed bindings (cdk8s-plus-33's `Kube*` classes and their
 * converters, the provider's resource classes), every token, the library's own logic and the policy
 * check. (cdk8s writes YAML with the `yaml` package, the library with js-yaml; cdktf adds its
 * `//` metadata to each resource from the construct path.)
 *
 *   node .bench/build/bench/framework.js <outdir> [iterations=1]
 *
 * `<outdir>` is an app's output (a worker run with `--keep` prints it). With several iterations the
 * same objects are built and synthesized again in this process, as the warm measurement does, and
 * the median is reported over all iterations but the first.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { ApiObject, App as KubernetesApp, Chart, YamlOutputType } from 'cdk8s';
import { App as TerraformApp, TerraformDataSource, TerraformResource, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { findFiles, median } from './common';
import { yamlDocuments } from './floor';

/** A manifest file's objects. */
interface Manifest { readonly name: string; readonly objects: any[] }
/** A configuration's resources and data sources. */
interface Configuration {
  readonly name: string;
  readonly resources: Array<{ type: string; name: string; config: Record<string, unknown> }>;
  readonly data: Array<{ type: string; name: string; config: Record<string, unknown> }>;
}

/** A resource whose attributes are its finished Terraform configuration. */
class RawResource extends TerraformResource {
  constructor(scope: Construct, id: string, type: string, private readonly config: Record<string, unknown>) {
    super(scope, id, { terraformResourceType: type });
    this.overrideLogicalId(id);
  }
  protected synthesizeAttributes(): { [name: string]: any } {
    return this.config;
  }
}

/** A data source whose attributes are its finished Terraform configuration. */
class RawDataSource extends TerraformDataSource {
  constructor(scope: Construct, id: string, type: string, private readonly config: Record<string, unknown>) {
    super(scope, id, { terraformResourceType: type });
    this.overrideLogicalId(id);
  }
  protected synthesizeAttributes(): { [name: string]: any } {
    return this.config;
  }
}

/** The blocks of a configuration as [type, name, config] without the library's `//` metadata. */
function blocks(block: unknown): Array<{ type: string; name: string; config: Record<string, unknown> }> {
  const out: Array<{ type: string; name: string; config: Record<string, unknown> }> = [];
  for (const [type, byName] of Object.entries((block ?? {}) as Record<string, Record<string, any>>)) {
    for (const [name, config] of Object.entries(byName)) {
      const { ['//']: _metadata, ...rest } = config as Record<string, unknown>;
      out.push({ type, name, config: rest });
    }
  }
  return out;
}

/** Reads the manifests and configurations under `outdir`. */
export function readOutput(outdir: string): { manifests: Manifest[]; configurations: Configuration[] } {
  const manifests = findFiles(path.join(outdir, 'kubernetes'), name => /\.ya?ml$/.test(name)).map(file => ({
    name: path.basename(file).replace(/\.k8s\.ya?ml$|\.ya?ml$/, ''),
    objects: yamlDocuments(fs.readFileSync(file, 'utf-8')).filter(d => d && typeof d === 'object'),
  }));
  const configurations = findFiles(path.join(outdir, 'terraform'), name => name === 'cdk.tf.json').map(file => {
    const json = JSON.parse(fs.readFileSync(file, 'utf-8'));
    return { name: path.basename(path.dirname(file)), resources: blocks(json.resource), data: blocks(json.data) };
  });
  return { manifests, configurations };
}

/** What one build and synth took, milliseconds, and what it wrote. */
export interface FrameworkRun {
  readonly buildMs: number;
  readonly kubernetesSynthMs: number;
  readonly terraformSynthMs: number;
  readonly totalMs: number;
  /** Resolving alone, without writing: every chart's `toJson()` and every stack's `toTerraform()`, on a second build. */
  readonly resolveMs: number;
  readonly objects: number;
  readonly resources: number;
}

/** Builds the two plain apps for `output` (cdktf's writing into `scratch`). */
function build(output: ReturnType<typeof readOutput>, scratch: string) {
  fs.mkdirSync(scratch, { recursive: true });
  const kubernetes = new KubernetesApp({ outdir: path.join(scratch, 'kubernetes'), yamlOutputType: YamlOutputType.FILE_PER_CHART });
  let objects = 0;
  for (const manifest of output.manifests) {
    const chart = new Chart(kubernetes, manifest.name, { disableResourceNameHashes: true });
    manifest.objects.forEach((object, i) => {
      new ApiObject(chart, `o${i}`, object);
      objects++;
    });
  }
  const terraform = new TerraformApp({ outdir: path.join(scratch, 'terraform'), skipValidation: true });
  let resources = 0;
  for (const configuration of output.configurations) {
    const stack = new TerraformStack(terraform, configuration.name);
    for (const r of configuration.resources) {
      new RawResource(stack, r.name, r.type, r.config);
      resources++;
    }
    for (const d of configuration.data) {
      new RawDataSource(stack, d.name, d.type, d.config);
      resources++;
    }
  }
  return { kubernetes, terraform, objects, resources };
}

/**
 * Builds the two plain apps for `output` and synthesizes them into `scratch`; then builds them
 * again and only resolves them.
 */
export function frameworkRun(output: ReturnType<typeof readOutput>, scratch: string): FrameworkRun {
  fs.mkdirSync(scratch, { recursive: true });
  const start = performance.now();
  const { kubernetes, terraform, objects, resources } = build(output, path.join(scratch, 'synth'));
  const built = performance.now();
  kubernetes.synth();
  const kubernetesDone = performance.now();
  terraform.synth();
  const end = performance.now();
  const again = build(output, path.join(scratch, 'resolve'));
  const resolveStart = performance.now();
  for (const chart of again.kubernetes.charts) chart.toJson();
  for (const stack of again.terraform.node.children) if (TerraformStack.isStack(stack)) stack.toTerraform();
  const resolveMs = performance.now() - resolveStart;
  return {
    buildMs: built - start,
    kubernetesSynthMs: kubernetesDone - built,
    terraformSynthMs: end - kubernetesDone,
    totalMs: end - start,
    resolveMs,
    objects,
    resources,
  };
}

function main(argv: string[]): void {
  const [outdir, iterationsText = '1'] = argv;
  const iterations = Number(iterationsText);
  if (!outdir || !fs.existsSync(outdir) || !Number.isInteger(iterations) || iterations < 1) {
    throw new Error(`usage: framework <outdir> [iterations]; got ${argv.join(' ')}`);
  }
  const output = readOutput(outdir);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-framework-'));
  const runs: FrameworkRun[] = [];
  try {
    for (let i = 0; i < iterations; i++) {
      const scratch = path.join(root, String(i));
      runs.push(frameworkRun(output, scratch));
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  const measured = runs.length > 1 ? runs.slice(1) : runs;
  const pick = (key: keyof FrameworkRun) => Math.round(median(measured.map(r => r[key])) * 10) / 10;
  process.stdout.write(`${JSON.stringify({
    iterations,
    objects: runs[0].objects,
    resources: runs[0].resources,
    buildMs: pick('buildMs'),
    kubernetesSynthMs: pick('kubernetesSynthMs'),
    terraformSynthMs: pick('terraformSynthMs'),
    totalMs: pick('totalMs'),
    resolveMs: pick('resolveMs'),
    firstMs: Math.round(runs[0].totalMs * 10) / 10,
  })}\n`);
}

if (require.main === module) main(process.argv.slice(2));
