import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { stringify, ToStringOptions } from 'yaml';

/**
 * The options cdk8s's `Yaml.stringify` passes to `yaml` (YAML 1.1 schema, no line folding,
 * undefined written as null), plus `directives: false`: a document created from a value has no
 * directives to write, so the output is the same, without the walk over every node that looks for
 * tag directives (a tenth of the emission time).
 */
const YAML_OPTIONS: ToStringOptions & { keepUndefined: boolean; version: '1.1' } = {
  keepUndefined: true,
  lineWidth: 0,
  version: '1.1',
  directives: false,
};

/** Documents are written in pieces of about this many characters. */
const CHUNK = 1024 * 1024;

/**
 * The file `Yaml.save(file, docs)` of cdk8s writes, byte for byte, written as it is produced: cdk8s
 * holds every document's text until it joins them, and at thousands of documents those strings
 * outlive the young generation and make every later garbage collection slower (at N = 2000
 * services, emission took four times as long per document as at N = 1000).
 */
function saveYaml(file: string, docs: any[]): void {
  const fd = fs.openSync(file, 'w');
  try {
    let chunk = '';
    docs.forEach((d, i) => {
      chunk += `${i === 0 ? '' : '---\n'}${d === undefined ? '\n' : stringify(d, YAML_OPTIONS)}`;
      if (chunk.length >= CHUNK) {
        writeAll(fd, chunk);
        chunk = '';
      }
    });
    writeAll(fd, chunk);
  } finally {
    fs.closeSync(fd);
  }
}

function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  for (let offset = 0; offset < bytes.length;) offset += fs.writeSync(fd, bytes, offset, bytes.length - offset);
}

/** One manifest file and the objects written to it. */
export interface WrittenManifest {
  /** Absolute or outdir-relative path of the file. */
  readonly file: string;
  /** The objects, in file order. */
  readonly objects: any[];
}

/**
 * Writes one `<chart id><extension>` file per chart, as `App.synth()` does with
 * `YamlOutputType.FILE_PER_CHART`, and returns the objects written, so the policy check can read
 * them from memory instead of parsing the YAML back.
 */
export function writeKubernetes(app: App): WrittenManifest[] {
  fs.mkdirSync(app.outdir, { recursive: true });
  return app.charts.map(chart => {
    // Chart.toJson() validates the app, resolves dependencies and applies JSON patches.
    const objects = chart.toJson();
    const file = path.join(app.outdir, `${chart.node.id}${app.outputFileExtension}`);
    saveYaml(file, objects);
    return { file, objects };
  });
}
