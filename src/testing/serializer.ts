/**
 * A jest snapshot serializer that keeps snapshots of synthesized output stable: the output
 * directories of apps synthesized with `Testing.synth` become `<outdir>`, and a {@link SynthesizedApp} is printed as its Kubernetes objects
 * and Terraform resources with keys sorted.
 *
 * @example
 * // jest.config: snapshotSerializers: ['secure-constructs/lib/testing/serializer']
 * // or in a test file:
 * expect.addSnapshotSerializer(snapshotSerializer);
 */
import { normalizePaths, registerOutdir } from './outdirs';
import { SynthesizedApp } from './testing';

export { normalizePaths, registerOutdir };

/** A deep copy with object keys sorted and paths normalized. */
export function normalize(value: any): any {
  if (typeof value === 'string') return normalizePaths(value);
  if (Array.isArray(value)) return value.map(normalize);
  if (value && typeof value === 'object') {
    const result: { [k: string]: any } = {};
    for (const key of Object.keys(value).sort()) result[key] = normalize(value[key]);
    return result;
  }
  return value;
}

/** The snapshot view of a synthesized app. */
export function snapshotView(app: SynthesizedApp): any {
  return normalize({
    kubernetes: app.policyInput.kubernetes.map(o => ({ file: o.file, object: o.object })),
    terraform: app.policyInput.terraform.map(r => ({ file: r.file, resource: `${r.type}.${r.name}`, config: r.config })),
    findings: (app.policyReport?.findings ?? []).map(f => `${f.ruleId} ${f.resource}: ${f.message}${f.suppressed ? ' (suppressed)' : ''}`),
  });
}

type Printer = (val: unknown, config: any, indentation: string, depth: number, refs: unknown[]) => string;

/** The serializer (jest `SnapshotSerializerPlugin`). */
export const snapshotSerializer = {
  test(val: unknown): boolean {
    return val instanceof SynthesizedApp || (typeof val === 'string' && normalizePaths(val) !== val);
  },
  serialize(val: unknown, config: any, indentation: string, depth: number, refs: unknown[], printer: Printer): string {
    return printer(val instanceof SynthesizedApp ? snapshotView(val) : normalizePaths(val as string), config, indentation, depth, refs);
  },
};

// `snapshotSerializers: ['secure-constructs/lib/testing/serializer']` loads the module itself.
export const test = snapshotSerializer.test;
export const serialize = snapshotSerializer.serialize;
