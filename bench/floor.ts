/**
 * The serialization floor: how long it takes only to serialize and write the very output an app
 * wrote, with nothing built or resolved. Kubernetes manifests go through the library's own YAML
 * emitter (`manifestYaml`, js-yaml with the library's options, documents joined with `---` as
 * synth joins them), the Terraform configurations (`cdk.tf.json`) through
 * `JSON.stringify(value, null, 2)`, each written to a file. The inputs are read and parsed before
 * the clock starts. The small files around them (cdktf's `manifest.json`, the policy reports) are
 * left out, so the floor is the objects and resources alone.
 *
 * A library that did nothing but write its output would take this long; build + synth divided by
 * it says how much work happens on top of writing.
 */
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { load } from 'js-yaml';
import { findFiles } from './common';
import { manifestYaml } from '../src/app/kubernetes-writer';

/** What {@link serializationFloor} measured. */
export interface Floor {
  /** Serializing and writing every file, milliseconds. */
  readonly ms: number;
  /** Bytes written. */
  readonly bytes: number;
  /** Bytes of the original output (the two differ only in layout details such as empty objects). */
  readonly originalBytes: number;
  /** Files written. */
  readonly files: number;
}

type Item = { kind: 'yaml'; docs: unknown[] } | { kind: 'json'; value: unknown };

/** The files the floor writes again: Kubernetes manifests and Terraform configurations. */
export function isFloorFile(name: string): boolean {
  return /\.ya?ml$/.test(name) || name === 'cdk.tf.json';
}

/** The documents of a multi-document YAML file as synth writes it (`---` lines between documents). */
export function yamlDocuments(text: string): unknown[] {
  return text.split(/^---\n/m).map(doc => load(doc));
}

/** The text synth would write for these documents (see `saveYaml` in src/app/kubernetes-writer.ts). */
export function yamlText(docs: unknown[]): string {
  let out = '';
  docs.forEach((d, i) => {
    out += `${i === 0 ? '' : '---\n'}${d === undefined || d === null ? '\n' : manifestYaml(d)}`;
  });
  return out;
}

/**
 * Reads every file under `outdir`, then times serializing each again and writing it under
 * `scratch` (which must exist and is left to the caller to remove).
 */
export function serializationFloor(outdir: string, scratch: string): Floor {
  const files = findFiles(outdir, isFloorFile);
  let originalBytes = 0;
  const items = files.map(file => {
    const text = fs.readFileSync(file, 'utf-8');
    originalBytes += Buffer.byteLength(text);
    const item: Item = file.endsWith('.json') ? { kind: 'json', value: JSON.parse(text) } : { kind: 'yaml', docs: yamlDocuments(text) };
    return { out: path.join(scratch, path.relative(outdir, file)), item };
  });
  for (const { out } of items) fs.mkdirSync(path.dirname(out), { recursive: true });
  let bytes = 0;
  const start = performance.now();
  for (const { out, item } of items) {
    const text = item.kind === 'yaml' ? yamlText(item.docs) : JSON.stringify(item.value, null, 2);
    const buffer = Buffer.from(text, 'utf8');
    fs.writeFileSync(out, buffer);
    bytes += buffer.length;
  }
  const ms = performance.now() - start;
  return { ms, bytes, originalBytes, files: files.length };
}
