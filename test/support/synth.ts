import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { EksCluster, Platform, PlatformProps, SecureApp } from '../../src';

/** What a synth wrote, parsed. */
export interface Synthesized {
  /** The output directory. */
  readonly outdir: string;
  /** Every Kubernetes object of every platform, in file order. */
  readonly objects: any[];
  /** cdk.tf.json of each platform, by platform id. */
  readonly terraform: { [platform: string]: any };
}

/** A fresh app writing to a temporary directory. */
export function newApp(): SecureApp {
  return new SecureApp({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'secure-constructs-')) });
}

/** Default platform props for tests. */
export const PLATFORM_PROPS: PlatformProps = {
  account: '111122223333',
  region: 'eu-west-1',
  cluster: EksCluster.fromAttributes({ clusterName: 'test-eks', oidcIssuerUrl: 'https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE' }),
  // Logging is on by default and its shipper reaches CloudWatch Logs through these ranges.
  awsEndpointCidrs: ['10.0.96.0/24'],
};

/** A fresh app with one platform `test`. */
export function newPlatform(props: Partial<PlatformProps> = {}, id = 'test'): Platform {
  return new Platform(newApp(), id, { ...PLATFORM_PROPS, ...props });
}

/** A digest-pinned image for tests. */
export function image(name = 'app', n = 0): string {
  return `ghcr.io/acme/${name}@sha256:${String(n % 10).repeat(64)}`;
}

/** Synthesizes `app` and parses what it wrote. */
export function synth(app: SecureApp): Synthesized {
  app.synth();
  return read(app.outdir);
}

/** Parses a synth output directory. */
export function read(outdir: string): Synthesized {
  const k8sDir = path.join(outdir, 'kubernetes');
  const objects: any[] = [];
  for (const file of fs.readdirSync(k8sDir).sort()) {
    for (const doc of parseAllDocuments(fs.readFileSync(path.join(k8sDir, file), 'utf8'))) {
      const value = doc.toJSON();
      if (value) objects.push(value);
    }
  }
  const stacksDir = path.join(outdir, 'terraform', 'stacks');
  const terraform: { [platform: string]: any } = {};
  for (const stack of fs.existsSync(stacksDir) ? fs.readdirSync(stacksDir).sort() : []) {
    terraform[stack] = JSON.parse(fs.readFileSync(path.join(stacksDir, stack, 'cdk.tf.json'), 'utf8'));
  }
  return { outdir, objects, terraform };
}

/** Objects of one kind, optionally one name. */
export function objectsOf(out: Synthesized, kind: string, name?: string, namespace?: string): any[] {
  return out.objects.filter(o => o.kind === kind && (name === undefined || o.metadata?.name === name)
    && (namespace === undefined || o.metadata?.namespace === namespace));
}

/** The one object of a kind and name; fails when there is not exactly one. */
export function objectOf(out: Synthesized, kind: string, name: string, namespace?: string): any {
  const found = objectsOf(out, kind, name, namespace);
  if (found.length !== 1) throw new Error(`expected one ${kind} ${namespace ?? '*'}/${name}, found ${found.length}`);
  return found[0];
}

/** Terraform resources of one type across platforms: [platform, logical name, config]. */
export function resourcesOf(out: Synthesized, type: string): Array<[string, string, any]> {
  const result: Array<[string, string, any]> = [];
  for (const [platform, tf] of Object.entries(out.terraform)) {
    for (const [name, config] of Object.entries(tf.resource?.[type] ?? {})) result.push([platform, name, config]);
  }
  return result;
}

/** Annotation that records the logical construct path on every object the library writes. */
export const CONSTRUCT_PATH = 'secure-constructs.io/construct-path';

/** Objects written for one logical construct (by the construct-path annotation). */
export function objectsAt(out: Synthesized, constructPath: string): any[] {
  return out.objects.filter(o => o.metadata?.annotations?.[CONSTRUCT_PATH] === constructPath);
}

/** A label selector. */
export interface LabelSelector {
  readonly matchLabels?: { [k: string]: string };
  readonly matchExpressions?: unknown[];
}

/** Whether a label selector (`matchLabels` only; an empty selector selects everything) selects `labels`. */
export function selects(selector: LabelSelector | undefined, labels: { [k: string]: string }): boolean {
  if (!selector) return false;
  if (selector.matchExpressions?.length) throw new Error('matchExpressions are not supported by this helper');
  return Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels?.[k] === v);
}

/** The text of every file under `dir`, by path relative to it. */
export function filesOf(dir: string): { [relative: string]: Buffer } {
  const result: { [relative: string]: Buffer } = {};
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else result[path.relative(dir, full)] = fs.readFileSync(full);
    }
  };
  walk(dir);
  return result;
}
