import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { Aspects, Fn, IAspect, Lazy, TerraformIterator, TerraformLocal, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { configureStack, createStack, createTerraformApp, StackConfig, TerraformApp } from '../../src/aws/terraform';

const CONFIG: StackConfig = { region: 'eu-west-1', allowedAccountIds: ['111122223333'], defaultTags: { team: 'a' } };

let outdir: string;
beforeEach(() => {
  outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-terraform-'));
});
afterEach(() => fs.rmSync(outdir, { recursive: true, force: true }));

/** What cdktf's own `toTerraform` makes of `stack`. */
function cdktfToTerraform(stack: Construct): unknown {
  return TerraformStack.prototype.toTerraform.call(stack);
}

/** A stack using every kind of element and value cdktf resolves. */
function populate(stack: Construct): IamRole {
  const caller = new DataAwsCallerIdentity(stack, 'caller');
  const bucket = new S3Bucket(stack, 'bucket', { bucketPrefix: 'data-', tags: { owner: Lazy.stringValue({ produce: () => 'team-a' }) } });
  bucket.addOverride('//.note', 'resource override');
  const scope = new Construct(stack, 'svc');
  const role = new IamRole(scope, 'role', {
    name: `svc-${caller.accountId}`,
    assumeRolePolicy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
    lifecycle: { createBeforeDestroy: true },
  });
  new IamRolePolicy(scope, 'policy', {
    role: role.id,
    policy: Fn.jsonencode({ Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `${bucket.arn}/*` }] }),
    dependsOn: [bucket],
  });
  const retention = new TerraformVariable(stack, 'retention', { type: 'number', default: 30 });
  const local = new TerraformLocal(stack, 'prefix', `/logs/${caller.accountId}`);
  const group = new CloudwatchLogGroup(scope, 'logs', { name: `${local.asString}/svc`, retentionInDays: retention.numberValue });
  group.importFrom('/logs/existing');
  new TerraformOutput(scope, 'role-arn', { value: role.arn });
  // Iterators (for_each and a dynamic block), literal expressions and escapes, a number in a string.
  const names = TerraformIterator.fromList(['a', 'b']);
  new IamRole(stack, 'each', {
    forEach: names,
    name: `each-${names.value}`,
    assumeRolePolicy: '{"Statement":[]}',
    description: 'policy variable ${aws:username}, escaped $${x}, port ' + retention.numberValue,
    inlinePolicy: names.dynamic({ name: names.value, policy: '{}' }),
    tags: { 'plain': 'v', 'nothing': undefined as unknown as string, 'key-${x}': 'literal key' },
  });
  return role;
}

function synthesizedJson(app: TerraformApp, stackId: string): string {
  app.synth();
  return fs.readFileSync(path.join(outdir, 'stacks', stackId, 'cdk.tf.json'), 'utf-8');
}

describe('Terraform stack', () => {
  test('writes what cdktf writes, for every kind of element', () => {
    const app = createTerraformApp(outdir);
    const stack = createStack(app, 'prod', { ...CONFIG, s3State: { bucket: 'state', key: 'prod.tfstate', region: 'eu-west-1' } });
    populate(stack);
    const ours = (stack as TerraformStack).toTerraform();
    const theirs = cdktfToTerraform(stack);
    expect(ours).toEqual(theirs);
    // The comparison covers what matters: overrides in the metadata, the import, outputs, locals.
    expect(ours['//'].metadata).toEqual(expect.objectContaining({
      backend: 's3',
      overrides: { aws_s3_bucket: ['//'], backend: ['use_lockfile'] },
      imports: { aws_cloudwatch_log_group: [expect.any(String)] },
    }));
    expect(ours['//'].outputs).toEqual({ prod: { svc: { 'role-arn': expect.stringMatching(/^svc_role-arn_/) } } });
    expect(Object.keys(ours.resource).sort()).toEqual(['aws_cloudwatch_log_group', 'aws_iam_role', 'aws_iam_role_policy', 'aws_s3_bucket']);
    expect(JSON.stringify(ours)).not.toMatch(/TfToken|\$\{Token/);
  });

  test('writes the same file as cdktf', () => {
    const app = createTerraformApp(outdir);
    const stack = createStack(app, 'prod', CONFIG);
    populate(stack);
    const expected = JSON.stringify(cdktfToTerraform(stack));
    const written = JSON.parse(synthesizedJson(app, 'prod'));
    expect(written).toEqual(JSON.parse(expected));
  });

  test('writes the configuration byte for byte as cdktf\'s synthesizer writes it', () => {
    const app = createTerraformApp(outdir);
    const stack = createStack(app, 'prod', CONFIG);
    populate(stack);
    const written = synthesizedJson(app, 'prod');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const stringify = require(require.resolve('json-stable-stringify', { paths: [require.resolve('cdktf')] }));
    expect(written).toBe(stringify((stack as TerraformStack).toTerraform(), { space: 2 }));
    // Outside synthesis, toTerraform returns the configuration as before.
    expect(Object.keys((stack as TerraformStack).toTerraform().resource)).toContain('aws_iam_role');
  });

  test('a stack of cdktf\'s own class, and a synthesizer of the user\'s, keep cdktf\'s writing', () => {
    const app = createTerraformApp(outdir);
    const own = configureStack(new TerraformStack(app.root, 'own'), 'own', CONFIG);
    new S3Bucket(own, 'bucket', { bucketPrefix: 'own-', tags: {} });
    const custom = createStack(app, 'custom', CONFIG);
    populate(custom);
    // A synthesizer of the user's that reads the configuration gets all of it, and writes what it likes.
    const seen: string[] = [];
    (custom as TerraformStack).synthesizer = {
      synthesize: (session: any) => {
        const config = (custom as TerraformStack).toTerraform();
        seen.push(...Object.keys(config.resource));
        fs.mkdirSync(path.join(session.outdir, 'stacks', 'custom'), { recursive: true });
        fs.writeFileSync(path.join(session.outdir, session.manifest.forStack(custom).synthesizedStackPath), JSON.stringify(config));
      },
    };
    app.synth();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const stringify = require(require.resolve('json-stable-stringify', { paths: [require.resolve('cdktf')] }));
    expect(fs.readFileSync(path.join(outdir, 'stacks', 'own', 'cdk.tf.json'), 'utf-8')).toBe(stringify(own.toTerraform(), { space: 2 }));
    expect(seen).toContain('aws_iam_role');
    expect(JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'custom', 'cdk.tf.json'), 'utf-8')).resource.aws_iam_role).toBeDefined();
  });

  test('two stacks with a cross-stack reference: what cdktf writes', () => {
    const app = createTerraformApp(outdir);
    const a = createStack(app, 'a', CONFIG);
    const b = createStack(app, 'b', CONFIG);
    const role = populate(a);
    new IamRolePolicy(b, 'uses-a', { role: role.id, policy: '{}' });
    // cdktf's own preparation runs with two stacks: it adds the output and the remote state.
    for (const s of [a, b]) (s as TerraformStack).prepareStack();
    for (const s of [a, b]) expect((s as TerraformStack).toTerraform()).toEqual(cdktfToTerraform(s));
    expect(JSON.stringify((b as TerraformStack).toTerraform())).toMatch(/terraform_remote_state/);
  });

  test('a stack with overrides of its own takes cdktf\'s path, deletions included', () => {
    const app = createTerraformApp(outdir);
    const stack = createStack(app, 'prod', CONFIG) as TerraformStack;
    populate(stack);
    stack.addOverride('terraform.required_version', '>= 1.10');
    stack.addOverride('provider.aws.0.region', undefined);
    const ours = stack.toTerraform();
    expect(ours).toEqual(cdktfToTerraform(stack));
    expect(ours.terraform.required_version).toBe('>= 1.10');
    expect(ours.provider.aws[0]).not.toHaveProperty('region');
  });

  test('each value is resolved once: a single stack skips the preparing pass, several reuse what it resolved', () => {
    const counted = (stacks: string[], aspect?: IAspect) => {
      const app = createTerraformApp(fs.mkdtempSync(path.join(outdir, 'app-')));
      let produced = 0;
      for (const id of stacks) {
        const stack = createStack(app, id, CONFIG);
        new CloudwatchLogGroup(stack, 'logs', { name: Lazy.stringValue({ produce: () => `/logs/${++produced}` }) });
        if (aspect && id === stacks[0]) Aspects.of(stack).add(aspect);
      }
      app.synth();
      const names = stacks.map(id => Object.values<any>(JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', id, 'cdk.tf.json'), 'utf8'))
        .resource.aws_cloudwatch_log_group)[0].name);
      return { produced, names };
    };
    expect(counted(['prod'])).toEqual({ produced: 1, names: ['/logs/1'] });
    // cdktf's prepareStack resolves every value to find cross-stack references; that result is the output.
    expect(counted(['a', 'b'])).toEqual({ produced: 2, names: ['/logs/1', '/logs/2'] });
    // An aspect runs after the preparing pass and may change an element: its stack is resolved again.
    const retention: IAspect = { visit: node => { if (node instanceof CloudwatchLogGroup) node.retentionInDays = 7; } };
    expect(counted(['a', 'b'], retention)).toEqual({ produced: 3, names: ['/logs/3', '/logs/2'] });
  });

  test('an aspect\'s change made after the preparing pass is in the output of a stack among several', () => {
    const app = createTerraformApp(outdir);
    const a = createStack(app, 'a', CONFIG);
    createStack(app, 'b', CONFIG);
    new CloudwatchLogGroup(a, 'logs', { name: '/logs/a' });
    Aspects.of(a).add({ visit: node => { if (node instanceof CloudwatchLogGroup) node.retentionInDays = 7; } });
    app.synth();
    const tf = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'a', 'cdk.tf.json'), 'utf8'));
    expect(Object.values<any>(tf.resource.aws_cloudwatch_log_group)[0].retention_in_days).toBe(7);
  });
});
