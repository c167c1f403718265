/**
 * The AWS layer: the only module (with its siblings in src/aws/) that imports cdktf and
 * @cdktf/provider-aws. Everything else in the library hands it plain data, so moving to another
 * Terraform CDK (for example CDK Terrain) touches this folder only.
 *
 * Provider resources are imported by deep path: the package's barrel costs seconds and hundreds of
 * MB at load.
 */
import * as fs from 'fs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import {
  App, Aspects, DefaultTokenResolver, LocalBackend, S3Backend, StringConcat, TerraformBackend, TerraformElement,
  TerraformOutput, TerraformProvider, TerraformStack,
} from 'cdktf';
import { DISABLE_STACK_TRACE_IN_METADATA } from 'cdktf/lib/annotations';
import { resolve as resolveTokens } from 'cdktf/lib/tokens/private/resolve';
import { deepMerge } from 'cdktf/lib/util';
import { Construct, IConstruct } from 'constructs';
import { resolvePlainParts } from './plain-resolve';
import { mergeSorted } from './sorted-merge';
import { capturing, handOver } from './stack-capture';
import { stacksInPreparation, synthesizeAtomically, WrittenConfiguration } from './terraform-output';
import { withoutTokenTraces } from './token-traces';

/**
 * cdktf's app and stack classes, for the library's public types (`SecureApp.terraformApp`,
 * `Platform.terraformStack`, the props that adopt a user's own) without importing cdktf outside
 * this folder.
 */
export { App as CdktfApp, TerraformStack } from 'cdktf';

/** A cdktf app writing the standard cdktf layout under `outdir`. */
export interface TerraformApp {
  /** Root of the physical Terraform construct tree. */
  readonly root: App;
  /** The directory it writes to. */
  readonly outdir: string;
  /**
   * Writes `manifest.json` and `stacks/<stack>/cdk.tf.json`, each atomically; returns the
   * configurations of the stacks whose text the library wrote.
   */
  synth(): WrittenConfiguration[];
}

export function createTerraformApp(outdir: string): TerraformApp {
  // cdktf creates its outdir (not its parents) when constructed.
  fs.mkdirSync(outdir, { recursive: true });
  // Stack traces would make output depend on the machine; they are off.
  return adoptTerraformApp(new App({ outdir, stackTraces: false, skipValidation: false }));
}

/** Whether `x` is a cdktf App. */
export function isTerraformApp(x: unknown): x is App {
  return App.isApp(x);
}

/** Whether `x` is a cdktf TerraformStack. */
export function isTerraformStack(x: unknown): x is TerraformStack {
  return TerraformStack.isStack(x);
}

/** Names (ids) of the stacks of `app`, in tree order. */
export function stackNames(app: TerraformApp): string[] {
  return app.root.node.findAll().filter(c => TerraformStack.isStack(c)).map(c => c.node.id);
}

/**
 * A cdktf App created by the caller, synthesized by the library. Stack traces in construct
 * metadata are turned off when the app has no children yet (cdktf accepts context only then).
 */
export function adoptTerraformApp(app: App): TerraformApp {
  // Resolution creates transient reference tokens (each resource's logical id, its attribute
  // references): their creation stacks are not kept either (see token-traces.ts).
  if (app.node.children.length === 0) app.node.setContext(DISABLE_STACK_TRACE_IN_METADATA, true);
  return { root: app, outdir: app.outdir, synth: () => withoutTokenTraces(() => synthesizeAtomically(app)) };
}

/** Why `stack` cannot become a platform's stack (it already has a backend or an AWS provider), if it cannot. */
export function stackConflict(stack: TerraformStack): string | undefined {
  for (const c of stack.node.findAll()) {
    if (TerraformBackend.isBackend(c)) return `it already has a Terraform backend (${c.node.path})`;
    if (TerraformProvider.isTerraformProvider(c) && c.terraformResourceType === 'aws') return `it already has an AWS provider (${c.node.path})`;
  }
  return undefined;
}

/** S3 remote state: encrypted, with locking. */
export interface S3StateConfig {
  readonly bucket: string;
  readonly key: string;
  readonly region: string;
  readonly kmsKeyId?: string;
  readonly dynamodbTable?: string;
}

export interface StackConfig {
  readonly region: string;
  readonly allowedAccountIds: string[];
  readonly defaultTags: { [key: string]: string };
  readonly s3State?: S3StateConfig;
  /** Path of the local state file, relative to the stack's directory; default `terraform.<stack>.tfstate`. */
  readonly localStatePath?: string;
}

/**
 * A TerraformStack that resolves every value once instead of three times.
 *
 * cdktf 0.21.0 (the final cdktf release; the project is archived, so the code below does not move
 * under us) resolves each value of a stack up to three times when it synthesizes it:
 *
 * - `prepareStack` resolves everything once only to find cross-stack references. With a single
 *   stack there is nothing to find (a reference can only cross stacks when there are two), so that
 *   pass is skipped; the backend default that `prepareStack` also adds is kept. With several stacks
 *   the pass runs over the parts of each element that may hold tokens (`resolvePlainParts`).
 * - `toTerraform` resolves each element's fragment, merges the fragments, and resolves the merged
 *   configuration again. The fragments are already resolved (resolution is recursive, and resolved
 *   values contain no tokens), so the second pass returns what it is given; it is skipped. It also
 *   resolves every element's metadata, which for a resource without overrides, imports or moves is
 *   three `undefined`s; only metadata with a value is resolved and merged. Each fragment goes
 *   through `resolvePlainParts`, which copies plain data itself and hands cdktf's resolution only
 *   the parts that may hold tokens.
 *
 * The result is the same object cdktf builds (a test compares the two on a stack with references,
 * overrides, outputs, data sources, locals, variables, imports, `for_each` and a dynamic block, and
 * on two stacks with a cross-stack reference). A stack with raw overrides of its own (`stack.addOverride`) takes cdktf's
 * path: merging an override before or after resolution differs when it deletes a key.
 *
 * When the stack is synthesized, its configuration is written by `synthesizeAtomically` with
 * `stableJson` (the same text as cdktf's `json-stable-stringify`, with less work; see
 * stack-capture.ts).
 */
class Stack extends TerraformStack {
  public prepareStack(): void {
    this.ensureBackendExists();
    if (stackCount(this) === 1) return;
    // cdktf resolves every element once, in preparing mode, for the side effect of registering
    // cross-stack references (an output here, a remote state there). Plain data holds no reference:
    // only the parts that may hold tokens are handed to that resolution (as in toTerraform).
    const resolver = new DefaultTokenResolver(new StringConcat());
    const hooks = { found: this.node.scopes.some(hasSynthesisHooks) };
    const fragments = new Map<TerraformElement, unknown>();
    for (const element of terraformElements(this, [], hooks)) {
      fragments.set(element, resolvePlainParts(element.toTerraform(),
        (value, prefix) => resolveTokens(value, { scope: this, preparing: true, resolver, prefix })));
    }
    if (!hooks.found) preparedFragments.set(this, fragments);
  }

  public toTerraform(): any {
    // While synthesized, the configuration is written by the library (see stack-capture.ts).
    return handOver(this, this.configuration());
  }

  private configuration(): any {
    const internals = this as unknown as { rawOverrides: object; cdktfVersion: string };
    if (Object.keys(internals.rawOverrides).length > 0) return super.toTerraform();
    const resolver = new DefaultTokenResolver(new StringConcat());
    // cdktf's own resolution (its public `Tokenization.resolve` drops the path that errors report).
    const resolve = (value: unknown, prefix: string[] = []) => resolveTokens(value, { scope: this, preparing: false, resolver, prefix });

    const elements = terraformElements(this);
    const metadata: Record<string, unknown> = { version: internals.cdktfVersion, stackName: this.node.id, backend: 'local' };
    for (const element of elements) {
      const meta = element.toMetadata();
      if (Object.values(meta).some(value => value !== undefined)) deepMerge(metadata, resolve(meta));
    }
    const outputs = {};
    for (const element of elements) {
      if (!TerraformOutput.isTerraformOutput(element)) continue;
      // { a: { b: { c: <output's id> } } } for the output at path a/b/c, as cdktf writes it.
      const nested = element.node.path.split('/').reduceRight<unknown>(
        (inner, part) => ({ [part]: inner }), element.friendlyUniqueId);
      deepMerge(outputs, nested);
    }
    const tf: Record<string, unknown> = { '//': resolve({ metadata, outputs }) };
    // The fragments the preparing pass resolved are what this pass would resolve again (see
    // `preparedFragments`); elements added since (cross-stack outputs and remote states) are resolved here.
    const prepared = preparedFragments.get(this);
    preparedFragments.delete(this);
    // A configuration written by the library is merged with its keys in order, so that writing it
    // sorted copies next to nothing; one returned to a caller keeps cdktf's key order.
    const merge = capturing(this) ? mergeSorted : deepMerge;
    for (const element of elements) merge(tf, prepared?.get(element) ?? resolvePlainParts(element.toTerraform(), resolve));
    return tf;
  }
}

/**
 * The number of stacks in `stack`'s app. Every stack asks when it is prepared; with one stack per
 * namespace, walking the whole tree (or even listing the root's children) for each would be
 * quadratic: during `synthesizeAtomically` the count is the one it found; otherwise it is kept for
 * the app root until its children change (the library creates its stacks as children of the root).
 */
function stackCount(stack: TerraformStack): number {
  const root = stack.node.root;
  const known = stacksInPreparation(root);
  if (known !== undefined) return known;
  const cached = stackCounts.get(root);
  if (cached && cached.children === root.node.children.length) return cached.count;
  const count = root.node.findAll().filter(c => TerraformStack.isStack(c)).length;
  stackCounts.set(root, { children: root.node.children.length, count });
  return count;
}

const stackCounts = new WeakMap<object, { children: number; count: number }>();

/**
 * Each element's fragment as the preparing pass of a stack resolved it, kept for the stack's
 * `toTerraform` that follows in the same synth. Resolution in preparing mode returns what it
 * returns otherwise: the only resolvable of cdktf 0.21.0 that looks at the mode is a reference,
 * which in preparing mode registers a cross-stack reference and then returns the same expression
 * it returns afterwards (the remote state's output in the consuming stack). Elements the
 * preparing passes add (the outputs and remote states of cross-stack references) are not in it.
 * Between the two, cdktf runs the stack's aspects and custom syntheses, which may change elements:
 * a stack with any keeps nothing (see `hasSynthesisHooks`).
 * `toTerraform` takes the stack's entry out, so a later `toTerraform` resolves anew.
 */
const preparedFragments = new WeakMap<TerraformStack, Map<TerraformElement, unknown>>();

/**
 * The Terraform elements of `stack` in tree order, without those of nested stacks (as cdktf).
 * With `hooks`, `hooks.found` is set when a construct on the way has synthesis hooks.
 */
function terraformElements(node: Construct, into: TerraformElement[] = [], hooks?: { found: boolean }): TerraformElement[] {
  if (TerraformElement.isTerraformElement(node)) into.push(node);
  if (hooks && !hooks.found && hasSynthesisHooks(node)) hooks.found = true;
  for (const child of node.node.children) {
    if (!TerraformStack.isStack(child)) terraformElements(child as Construct, into, hooks);
  }
  return into;
}

const CUSTOM_SYNTHESIS = Symbol.for('cdktf/customSynthesis');

/**
 * Whether cdktf runs code of `node` when it synthesizes its stack, after the preparing passes and
 * before `toTerraform`: an aspect (`Aspects.of(node)`, as `Refactor` adds for its `moved` blocks)
 * or a custom synthesis (`TerraformAsset`). Such code may change elements, so the fragments of the
 * preparing pass are not kept for a stack where it runs.
 */
function hasSynthesisHooks(node: IConstruct): boolean {
  return Aspects.of(node).all.length > 0 || (node as unknown as { [CUSTOM_SYNTHESIS]?: unknown })[CUSTOM_SYNTHESIS] !== undefined;
}

/** One Terraform stack with the AWS provider pinned to the platform's account and region. */
export function createStack(app: TerraformApp, id: string, config: StackConfig): TerraformStack {
  return withoutTokenTraces(() => configureStack(new Stack(app.root, id), id, config));
}

/**
 * Adds the AWS provider pinned to the platform's account and region and the state backend to
 * `stack` (one created by the library, or the caller's own; see {@link stackConflict}).
 */
export function configureStack(stack: TerraformStack, id: string, config: StackConfig): TerraformStack {
  return withoutTokenTraces(() => {
    new AwsProvider(stack, 'aws', {
      region: config.region,
      allowedAccountIds: config.allowedAccountIds,
      defaultTags: [{ tags: config.defaultTags }],
    });
    if (!config.s3State) {
      // A relative path (to the stack's working directory) keeps the output machine-independent.
      new LocalBackend(stack, { path: config.localStatePath ?? `terraform.${id}.tfstate` });
    } else {
      const backend = new S3Backend(stack, {
        bucket: config.s3State.bucket,
        key: config.s3State.key,
        region: config.s3State.region,
        encrypt: true,
        kmsKeyId: config.s3State.kmsKeyId,
        dynamodbTable: config.s3State.dynamodbTable,
      });
      if (!config.s3State.dynamodbTable) {
        // S3-native state locking (Terraform >= 1.10); cdktf 0.21 has no typed property for it.
        backend.addOverride('use_lockfile', true);
      }
    }
    return stack;
  });
}
