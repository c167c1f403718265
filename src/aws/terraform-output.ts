import * as fs from 'fs';
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import { Manifest } from 'cdktf/lib/manifest';
import { stableJson, StableJsonWritten, writeStableJson } from './stable-json';
import { captureConfiguration } from './stack-capture';
import { publishOutputFile, writeAll, writeOutputFile } from '../app/output-manifest';
import { fail } from '../core/errors';

/** The name cdktf writes each stack's configuration under before it is renamed to `cdk.tf.json`. */
const TEMPORARY_STACK_FILE = `.cdk.tf.json.${process.pid}.tmp`;

/**
 * Synthesizes a cdktf app as `App.synth()` does (prepare every stack, synthesize each, validate the
 * app, write `manifest.json`), with every file replaced atomically: cdktf writes each stack's
 * configuration under a temporary name in the stack's own directory, and each finished file is then
 * renamed over its place (see `publishOutputFile`); `manifest.json`, the text cdktf's
 * `Manifest.writeToFile` writes, goes through `writeOutputFile` last. An interrupted synth leaves
 * the previous `cdk.tf.json` and `manifest.json` whole; temporary files are removed, also on
 * failure. Nothing is staged per stack or per synth (no staging directory to create and remove), so
 * the cost does not grow with the number of stacks beyond the files themselves.
 *
 * Returns the configurations the library wrote itself (the library's stacks), with their text and,
 * when it is the value the text holds, their value, so the policy check need not read them back.
 */
export function synthesizeAtomically(app: App): WrittenConfiguration[] {
  const outdir = app.outdir;
  fs.mkdirSync(outdir, { recursive: true });
  const written: Array<[string, string]> = [];
  const configurations: WrittenConfiguration[] = [];
  try {
    // Writes nothing itself (its `writeToFile` is not called); creates `stacks/` when missing.
    const manifest = new Manifest(app.manifest.version, outdir, false);
    // The stacks' files go to their own directories in `outdir` under a temporary name.
    (manifest as unknown as { stackFileName: string }).stackFileName = TEMPORARY_STACK_FILE;
    const skipValidation = app.skipValidation;
    const session = { outdir, skipValidation, manifest };
    const stacks = app.node.findAll().filter(TerraformStack.isStack);
    preparing.set(app, stacks.length);
    try {
      stacks.forEach(stack => stack.prepareStack());
    } catch (e) {
      refuseCircularStacks(e);
      throw e;
    } finally {
      preparing.delete(app);
    }
    for (const stack of stacks) {
      const stackManifest = manifest.forStack(stack) as { synthesizedStackPath: string; workingDirectory: string };
      const temporary = path.join(outdir, stackManifest.synthesizedStackPath);
      written.push([temporary, path.join(outdir, stackManifest.workingDirectory, 'cdk.tf.json')]);
      // A library stack's configuration is written here, as the synthesizer would write it.
      const captured = captureConfiguration(stack, () => stack.synthesizer.synthesize(session));
      if (captured) {
        const result = writeConfiguration(temporary, captured.config);
        configurations.push({ file: path.resolve(outdir, stackManifest.workingDirectory, 'cdk.tf.json'), ...result });
      }
      stackManifest.synthesizedStackPath = path.join(stackManifest.workingDirectory, 'cdk.tf.json');
    }
    if (!skipValidation) {
      const errors = app.node.validate();
      if (errors.length) throw new Error(`App level validation failed with the following errors:\n  ${errors.join('\n  ')}`);
    }
    for (const [temporary, file] of written) publishOutputFile(temporary, file);
    written.length = 0;
    writeOutputFile(path.join(outdir, Manifest.fileName), stableJson(manifest.buildManifest()));
    return configurations;
  } finally {
    for (const [temporary] of written) fs.rmSync(temporary, { force: true });
  }
}

/** Writes a configuration's text to `file` as it is made (see `writeStableJson`). */
function writeConfiguration(file: string, config: unknown): StableJsonWritten {
  const fd = fs.openSync(file, 'w');
  try {
    return writeStableJson(config, text => writeAll(fd, Buffer.from(text, 'utf8')));
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * A Terraform configuration synth wrote: the value `JSON.parse` gives for the file, when known
 * without parsing (a copy no construct holds), with the line of each resource key, or the file's
 * whole text.
 */
export interface WrittenConfiguration extends StableJsonWritten {
  /** Absolute path of the file. */
  readonly file: string;
}

/** The number of stacks of each app whose stacks `synthesizeAtomically` is preparing. */
const preparing = new WeakMap<object, number>();

/**
 * The number of stacks of `app` while `synthesizeAtomically` prepares them (each stack asks), or
 * undefined outside that (a stack prepared by cdktf's own `App.synth`).
 */
export function stacksInPreparation(app: object): number | undefined {
  return preparing.get(app);
}

/**
 * cdktf refuses two stacks that refer to each other's resources (a grant in each direction between
 * two namespaces' stacks) with an error from deep inside its resolution; it is reported as a
 * configuration error naming the stacks and the ways out.
 */
function refuseCircularStacks(e: unknown): void {
  const m = /Cannot add dependency (\S+) to (\S+), because it would cause a circular dependency/.exec(String((e as Error)?.message ?? e));
  if (!m) return;
  fail(m[2], 'terraformStacks', [m[1], m[2]], `the stacks ${m[1]} and ${m[2]} refer to each other's resources (for example grants in both directions), and Terraform stacks cannot depend on each other both ways`,
    'put both namespaces into one group (TerraformStacks.perNamespace({ groups: { <name>: [<namespace>, <namespace>] } })), or create the data stores they share under the platform, in its shared stack');
}
