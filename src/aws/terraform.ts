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
import { App, LocalBackend, S3Backend, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { withoutTokenTraces } from './token-traces';

/** A cdktf app writing the standard cdktf layout under `outdir`. */
export interface TerraformApp {
  /** Root of the physical Terraform construct tree. */
  readonly root: Construct;
  /** Writes `manifest.json` and `stacks/<stack>/cdk.tf.json`. */
  synth(): void;
}

export function createTerraformApp(outdir: string): TerraformApp {
  // cdktf creates its outdir (not its parents) when constructed.
  fs.mkdirSync(outdir, { recursive: true });
  // Stack traces would make output depend on the machine; they are off.
  const app = new App({ outdir, stackTraces: false, skipValidation: false });
  // Resolution creates transient reference tokens (each resource's logical id, its attribute
  // references): their creation stacks are not kept either (see token-traces.ts).
  return { root: app, synth: () => withoutTokenTraces(() => app.synth()) };
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
}

/**
 * A TerraformStack that skips cdktf's preparing resolution when it is the app's only stack.
 *
 * Before synthesizing, cdktf resolves every value of every stack once only to find cross-stack
 * references (`prepareStack`), then resolves everything again to write it: a third of the
 * Terraform synthesis time. With a single stack there is nothing to find (a reference can only
 * cross stacks when there are two), so the first pass is skipped; the backend default that
 * `prepareStack` also adds is kept. With several stacks, cdktf's `prepareStack` runs unchanged.
 */
class Stack extends TerraformStack {
  public prepareStack(): void {
    const stacks = this.node.root.node.findAll().filter(c => TerraformStack.isStack(c));
    if (stacks.length !== 1) {
      super.prepareStack();
      return;
    }
    this.ensureBackendExists();
  }
}

/** One Terraform stack with the AWS provider pinned to the platform's account and region. */
export function createStack(app: TerraformApp, id: string, config: StackConfig): Construct {
  return withoutTokenTraces(() => {
    const stack = new Stack(app.root, id);
    new AwsProvider(stack, 'aws', {
      region: config.region,
      allowedAccountIds: config.allowedAccountIds,
      defaultTags: [{ tags: config.defaultTags }],
    });
    if (!config.s3State) {
      // A relative path (to the stack's working directory) keeps the output machine-independent.
      new LocalBackend(stack, { path: `terraform.${id}.tfstate` });
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
