import * as fs from 'fs';
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import { Manifest } from 'cdktf/lib/manifest';
import { publishOutputFile } from '../app/output-manifest';
import { fail } from '../core/errors';

/**
 * Synthesizes a cdktf app as `App.synth()` does (prepare every stack, synthesize each, validate the
 * app, write `manifest.json`), but into a staging directory inside `outdir`, then moves each
 * finished file over its place in `outdir` with one rename (see `publishOutputFile`). cdktf writes
 * its files with plain writes; staged, an interrupted synth leaves the previous `cdk.tf.json` and
 * `manifest.json` whole. The staging directory is removed afterwards, also on failure.
 */
export function synthesizeAtomically(app: App): void {
  const outdir = app.outdir;
  fs.mkdirSync(outdir, { recursive: true });
  const staging = fs.mkdtempSync(path.join(outdir, '.staging-'));
  try {
    const manifest = new Manifest(app.manifest.version, staging, false);
    const skipValidation = app.skipValidation;
    const session = { outdir: staging, skipValidation, manifest };
    const stacks = app.node.findAll().filter(TerraformStack.isStack);
    try {
      stacks.forEach(stack => stack.prepareStack());
    } catch (e) {
      refuseCircularStacks(e);
      throw e;
    }
    stacks.forEach(stack => stack.synthesizer.synthesize(session));
    if (!skipValidation) {
      const errors = app.node.validate();
      if (errors.length) throw new Error(`App level validation failed with the following errors:\n  ${errors.join('\n  ')}`);
    }
    manifest.writeToFile();
    for (const file of filesBelow(staging, '')) publishOutputFile(path.join(staging, file), path.join(outdir, file));
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

function filesBelow(root: string, rel: string): string[] {
  return fs.readdirSync(path.join(root, rel), { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap(e => {
      const p = rel ? path.join(rel, e.name) : e.name;
      return e.isDirectory() ? filesBelow(root, p) : e.isFile() ? [p] : [];
    });
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
