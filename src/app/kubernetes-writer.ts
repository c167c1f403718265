import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { DEFAULT_SCHEMA, dump, DumpOptions, Type } from 'js-yaml';
import { writeAll, writeOutputFileWith } from './output-manifest';
import { inSynthPass } from '../core/synth-pass';

/**
 * A YAML 1.1 int or float (including sexagesimal and binary forms) written with `_` separators.
 * YAML 1.2, which js-yaml implements, reads `1_000` as a string, but YAML 1.1 readers (the
 * Kubernetes tooling's go-yaml among them) read it as a number, so such strings must be quoted.
 */
const YAML_11_UNDERSCORE_NUMBER = new RegExp('^[-+]?(' + [
  '0b[01_]+', '0[0-7_]+', '0x[0-9a-fA-F_]+', '[0-9][0-9_]*(:[0-5]?[0-9])*', // int
  '([0-9][0-9_]*)?\\.[0-9._]*([eE][-+]?[0-9]+)?', '[0-9][0-9_]*(:[0-5]?[0-9])+\\.[0-9_]*', // float
].join('|') + ')$');

/**
 * An implicit type that never represents a value but resolves the strings above, so that the
 * emitter quotes them (it quotes every string some implicit type of its schema would resolve).
 * With it, every string reads back as the same string under YAML 1.1 and 1.2 alike (js-yaml
 * already quotes the YAML 1.1 booleans such as `yes` and `on`, timestamps and octal-looking
 * strings).
 */
const YAML_11_NUMBERS = new Type('tag:secure-constructs.io,2026:yaml-1.1-number', {
  kind: 'scalar',
  resolve: (text: string) => text.includes('_') && YAML_11_UNDERSCORE_NUMBER.test(text),
  construct: (text: string) => text,
});

/**
 * How manifests are written: block style, no line folding (`lineWidth: -1`, as cdk8s does), no
 * anchors or aliases for repeated values, double quotes where quoting is needed. The text is what
 * cdk8s's `Yaml.stringify` writes for resolved manifests, except that a few more strings are
 * quoted (e.g. `"-k"` keys or `"="`).
 */
const DUMP_OPTIONS: DumpOptions = {
  schema: DEFAULT_SCHEMA.extend({ implicit: [YAML_11_NUMBERS] }),
  lineWidth: -1,
  noRefs: true,
  quotingType: '"',
};

/**
 * One manifest as YAML text (one document, without the `---` separator).
 *
 * The emitter is js-yaml: on the library's manifests it writes the same text as the `yaml`
 * package with cdk8s's options, about four times faster.
 */
export function manifestYaml(manifest: any): string {
  return dump(manifest, DUMP_OPTIONS);
}

/** Documents are written in pieces of about this many characters. */
const CHUNK = 1024 * 1024;

/**
 * A multi-document file laid out as cdk8s's `Yaml.save(file, docs)` lays it out (documents
 * separated by `---`), written atomically as it is produced: cdk8s holds every document's text until it joins them, and at thousands of documents those strings
 * outlive the young generation and make every later garbage collection slower (at N = 2000
 * services, emission took four times as long per document as at N = 1000).
 *
 * Returns the 1-based line of each document's first content line in the file (undefined for an
 * empty document), as `splitYamlDocuments` finds it when the file is read back.
 */
function saveYaml(file: string, docs: any[]): Array<number | undefined> {
  const lines: Array<number | undefined> = [];
  // Written to a temporary file and renamed into place: readers never see half a manifest.
  writeOutputFileWith(file, fd => {
    let chunk = '';
    // The line the next document starts on.
    let line = 1;
    docs.forEach((d, i) => {
      if (i > 0) {
        chunk += '---\n';
        line++;
      }
      const text = d === undefined ? '\n' : manifestYaml(d);
      // The emitter writes a document's content from its first line on.
      lines.push(d === undefined ? undefined : line);
      for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) line++;
      chunk += text;
      if (chunk.length >= CHUNK) {
        writeAll(fd, Buffer.from(chunk, 'utf8'));
        chunk = '';
      }
    });
    writeAll(fd, Buffer.from(chunk, 'utf8'));
  });
  return lines;
}

/** One manifest file and the objects written to it. */
export interface WrittenManifest {
  /** Absolute or outdir-relative path of the file. */
  readonly file: string;
  /** The objects, in file order. */
  readonly objects: any[];
  /**
   * The 1-based line of each object's first line in the file, in the same order (undefined for an
   * empty document), as the writer recorded them.
   */
  readonly lines: ReadonlyArray<number | undefined>;
}

/**
 * Writes one `<chart id><extension>` file per chart, as `App.synth()` does with
 * `YamlOutputType.FILE_PER_CHART`, and returns the objects written, so the policy check can read
 * them from memory instead of parsing the YAML back.
 */
export function writeKubernetes(app: App): WrittenManifest[] {
  fs.mkdirSync(app.outdir, { recursive: true });
  // `App.charts` orders the charts by a dependency graph of every construct of the app (a tenth
  // of a second at thousands of services); each chart is written to its own file, so the order
  // between charts does not change the output, and the tree's order is as deterministic.
  const charts = app.node.findAll().filter((c): c is Chart => Chart.isChart(c));
  return inSynthPass(() => charts.map(chart => {
    // Chart.toJson() validates the app, resolves dependencies and applies JSON patches.
    const objects = chart.toJson();
    const file = path.join(app.outdir, `${chart.node.id}${app.outputFileExtension}`);
    const lines = saveYaml(file, objects);
    return { file, objects, lines };
  }));
}
