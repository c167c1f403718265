import * as fs from 'fs';
import * as path from 'path';
import { TerraformStack } from 'cdktf';
import { AttributeType, ManagedSecret, Refactor, Platform, RemovalPolicy, SecureApp, SecureMicroservice, SecureTable, StateBackend, TerraformStacks } from '../../src';
import { ConfigurationError } from '../../src/core/errors';
import { diffOutputs } from '../../src/diff/diff';
import { main } from '../../src/policy/cli';
import { loadDirectory } from '../../src/policy/load';
import { image, newApp, PLATFORM_PROPS, synth } from '../support/synth';

function expectError(f: () => unknown, p: string, property: string, value: string) {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigurationError);
    const err = e as ConfigurationError;
    expect([err.constructPath, err.property, err.value]).toEqual([p, property, value]);
    return;
  }
  throw new Error('expected a ConfigurationError');
}

/** A platform with services in two namespaces, one with a table grant and a secret. */
function shop(stacks: TerraformStacks, extra: object = {}): SecureApp {
  const app = newApp();
  const platform = new Platform(app, 'test', { ...PLATFORM_PROPS, terraformStacks: stacks, ...extra });
  const orders = new SecureMicroservice(platform, 'orders', { image: image(), namespace: 'shop' });
  const web = new SecureMicroservice(platform, 'web', { image: image(), namespace: 'shop' });
  const billing = new SecureMicroservice(platform, 'billing', { image: image(), namespace: 'billing' });
  new SecureTable(platform, 'orders-table', { partitionKey: { name: 'id', type: AttributeType.STRING } }).grantReadData(orders);
  new ManagedSecret(platform, 'db').grantRead(billing);
  web.connectTo(orders);
  return app;
}

const types = (tf: any) => Object.keys(tf.resource ?? {}).sort();

/** Every `${data.terraform_remote_state.<name>.outputs.<output>}` in `value`. */
function remoteRefs(value: unknown): Array<[string, string]> {
  const text = JSON.stringify(value);
  return [...text.matchAll(/data\.terraform_remote_state\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)/g)].map(m => [m[1], m[2]]);
}

describe('TerraformStacks.perNamespace()', () => {
  test('the shared stack keeps the key, the data stores and the shipper; each namespace gets its services\' resources', () => {
    const out = synth(shop(TerraformStacks.perNamespace()));
    expect(Object.keys(out.terraform).sort()).toEqual(['test', 'test-billing', 'test-shop']);
    expect(types(out.terraform.test)).toEqual(expect.arrayContaining(['aws_dynamodb_table', 'aws_kms_key', 'aws_secretsmanager_secret']));
    expect(Object.keys(out.terraform.test.resource.aws_iam_role)).toEqual([expect.stringMatching(/^LogShipper_/)]);
    expect(out.terraform.test.resource.aws_cloudwatch_log_group).toBeUndefined();
    expect(Object.values<any>(out.terraform['test-shop'].resource.aws_cloudwatch_log_group).map(g => g.name).sort())
      .toEqual(['/secure-constructs/test/shop/orders', '/secure-constructs/test/shop/web']);
    expect(Object.keys(out.terraform['test-shop'].resource.aws_iam_role)).toEqual([expect.stringMatching(/^orders_/)]);
    expect(Object.keys(out.terraform['test-billing'].resource.aws_iam_role)).toEqual([expect.stringMatching(/^billing_/)]);
    // Every stateful resource is still protected.
    for (const tf of Object.values<any>(out.terraform)) {
      for (const t of ['aws_cloudwatch_log_group', 'aws_kms_key', 'aws_dynamodb_table']) {
        for (const r of Object.values<any>(tf.resource[t] ?? {})) expect(r.lifecycle).toEqual({ prevent_destroy: true });
      }
    }
  });

  test('each cross-stack reference resolves to an output of the stack it depends on, read from that stack\'s state', () => {
    const app = shop(TerraformStacks.perNamespace());
    const out = synth(app);
    const manifest = JSON.parse(fs.readFileSync(path.join(app.outdir, 'terraform', 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.stacks).sort()).toEqual(['test', 'test-billing', 'test-shop']);
    expect(manifest.stacks.test.dependencies).toEqual([]);
    for (const ns of ['test-shop', 'test-billing']) {
      expect(manifest.stacks[ns].dependencies).toEqual(['test']);
      const tf = out.terraform[ns];
      const refs = remoteRefs({ resource: tf.resource, locals: tf.locals });
      expect(refs.length).toBeGreaterThan(0);
      for (const [state, output] of refs) {
        const remote = tf.data.terraform_remote_state[state];
        // The data source reads the shared stack's local state, relative to this stack's directory.
        expect(remote).toEqual(expect.objectContaining({ backend: 'local', config: expect.objectContaining({ path: '../test/terraform.test.tfstate' }) }));
        const value = out.terraform.test.output[output]?.value;
        expect([output, typeof value]).toEqual([output, 'string']);
        // The output is an attribute of a resource of the shared stack.
        const [, type, name] = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\./.exec(value)!;
        expect(out.terraform.test.resource[type]?.[name]).toBeDefined();
      }
    }
    // The shared stack's own backend is the same file, named so that its consumers find it.
    expect(out.terraform.test.terraform.backend.local.path).toBe('../test/terraform.test.tfstate');
    expect(out.terraform['test-shop'].terraform.backend.local.path).toBe('../test-shop/terraform.test-shop.tfstate');
  });

  test('with S3 state each stack has its own key and lock', () => {
    const s3 = { stateBackend: StateBackend.s3({ bucket: 'acme-tf-state' }) };
    const out = synth(shop(TerraformStacks.perNamespace(), s3));
    const keys = Object.fromEntries(Object.entries<any>(out.terraform)
      .map(([id, tf]) => [id, [tf.terraform.backend.s3.key, tf.terraform.backend.s3.use_lockfile]]));
    expect(keys).toEqual({ 'test': ['test/terraform.tfstate', true], 'test-billing': ['test-billing/terraform.tfstate', true], 'test-shop': ['test-shop/terraform.tfstate', true] });
    const remote = Object.values<any>(out.terraform['test-shop'].data.terraform_remote_state)[0];
    expect(remote).toEqual(expect.objectContaining({ backend: 's3', config: expect.objectContaining({ bucket: 'acme-tf-state', key: 'test/terraform.tfstate' }) }));
    const explicit = synth(shop(TerraformStacks.perNamespace(), { stateBackend: StateBackend.s3({ bucket: 'acme-tf-state', key: 'platforms/test.tfstate' }) }));
    expect(Object.values<any>(explicit.terraform).map(tf => tf.terraform.backend.s3.key).sort())
      .toEqual(['platforms/test.billing.tfstate', 'platforms/test.shop.tfstate', 'platforms/test.tfstate']);
  });

  test('named groups share a stack; namespaces outside a group get their own', () => {
    const out = synth(shop(TerraformStacks.perNamespace({ groups: { commerce: ['shop', 'billing'] } })));
    expect(Object.keys(out.terraform).sort()).toEqual(['test', 'test-commerce']);
    expect(Object.keys(out.terraform['test-commerce'].resource.aws_iam_role).sort()).toEqual([expect.stringMatching(/^billing_/), expect.stringMatching(/^orders_/)]);
    const partial = synth(shop(TerraformStacks.perNamespace({ groups: { money: ['billing'] } })));
    expect(Object.keys(partial.terraform).sort()).toEqual(['test', 'test-money', 'test-shop']);
  });

  test('the platform\'s removal policy reaches the namespace stacks', () => {
    const out = synth(shop(TerraformStacks.perNamespace(), { removalPolicy: RemovalPolicy.destroy('preview environment of a pull request') }));
    for (const g of Object.values<any>(out.terraform['test-shop'].resource.aws_cloudwatch_log_group)) expect(g.lifecycle).toBeUndefined();
  });

  test('single() and the default write one stack, with the local state path unchanged', () => {
    for (const stacks of [TerraformStacks.single(), undefined]) {
      const out = synth(shop(stacks as any));
      expect(Object.keys(out.terraform)).toEqual(['test']);
      expect(out.terraform.test.terraform.backend.local.path).toBe('terraform.test.tfstate');
      expect(out.terraform.test.data?.terraform_remote_state).toBeUndefined();
    }
  });

  test.each([
    ['not a TerraformStacks', { perNamespaceStacks: true }, 'terraformStacks', '{"perNamespaceStacks":true}'],
    ['a group that is not a DNS label', TerraformStacks.perNamespace({ groups: { Money: ['billing'] } }), 'terraformStacks.groups.Money', '"Money"'],
    ['an empty group', TerraformStacks.perNamespace({ groups: { money: [] } }), 'terraformStacks.groups.money', '[]'],
    ['a group that is not a list', TerraformStacks.perNamespace({ groups: { money: 'billing' as any } }), 'terraformStacks.groups.money', '"billing"'],
    ['a namespace that is not a DNS label', TerraformStacks.perNamespace({ groups: { money: ['Billing'] } }), 'terraformStacks.groups.money[0]', '"Billing"'],
    ['a namespace in two groups', TerraformStacks.perNamespace({ groups: { a: ['x'], b: ['x'] } }), 'terraformStacks.groups.b[0]', '"x"'],
    ['groups that are not a map', TerraformStacks.perNamespace({ groups: ['x'] as any }), 'terraformStacks.groups', '["x"]'],
  ])('refuses %s', (_what, value, property, shown) => {
    expectError(() => new Platform(newApp(), 'test', { ...PLATFORM_PROPS, terraformStacks: value as any }), 'test', property, shown);
  });

  test('refuses a namespace stack whose name another platform\'s stack has', () => {
    const app = newApp();
    new Platform(app, 'test-shop', PLATFORM_PROPS);
    const platform = new Platform(app, 'test', { ...PLATFORM_PROPS, terraformStacks: TerraformStacks.perNamespace() });
    expectError(() => new SecureMicroservice(platform, 'orders', { image: image(), namespace: 'shop' }), 'test', 'terraformStacks', '"test-shop"');
  });

  test('the policy engine judges the stacks as one platform: stack, construct paths and cross-stack references', async () => {
    const app = shop(TerraformStacks.perNamespace());
    synth(app);
    const input = loadDirectory(app.outdir, ['terraform']);
    const group = input.terraform.find(r => r.type === 'aws_cloudwatch_log_group' && r.config.name === '/secure-constructs/test/shop/orders')!;
    expect([group.stack, group.file, group.constructPath]).toEqual(['test', 'terraform/stacks/test-shop/cdk.tf.json', 'test/orders/LogGroup']);
    const key = input.terraform.find(r => r.type === 'aws_kms_key')!;
    expect(group.config.kms_key_id).toBe(`\${aws_kms_key.${key.name}.arn}`);
    const policy = input.terraform.find(r => r.type === 'aws_iam_role_policy' && r.file.includes('test-billing'))!;
    const secret = input.terraform.find(r => r.type === 'aws_secretsmanager_secret')!;
    expect(policy.config.policy).toContain(`\${aws_secretsmanager_secret.${secret.name}.arn}`);
    expect(policy.config.policy).not.toContain('terraform_remote_state');
    // Synth's check passed; the checker agrees.
    expect(app.policyReport!.findings.filter(f => f.failing)).toEqual([]);
    const io = { out: () => undefined, err: () => undefined };
    expect(await main(['check', app.outdir, '--out', path.join(app.outdir, 'check')], io)).toBe(0);
  });

  test('moves within a namespace stack work; moving a platform to per-namespace stacks shows up in diff', () => {
    const before = shop(TerraformStacks.single());
    synth(before);
    const split = shop(TerraformStacks.perNamespace());
    synth(split);
    const destroyed = diffOutputs(before.outdir, split.outdir).destructions;
    expect(destroyed.map(d => [d.type, d.reason]).sort()).toEqual([
      ['aws_cloudwatch_log_group', 'it leaves this configuration for terraform/stacks/test-billing (another state)'],
      ['aws_cloudwatch_log_group', 'it leaves this configuration for terraform/stacks/test-shop (another state)'],
      ['aws_cloudwatch_log_group', 'it leaves this configuration for terraform/stacks/test-shop (another state)'],
    ]);

    const app = newApp();
    const platform = new Platform(app, 'test', { ...PLATFORM_PROPS, terraformStacks: TerraformStacks.perNamespace() });
    Refactor.of(new SecureMicroservice(platform, 'orders-v2', { image: image(), namespace: 'shop', name: 'orders' })).movedFrom('test/orders');
    const out = synth(app);
    // The log group moves, and with it the service's metric filters and alarms (monitoring).
    const moved = out.terraform['test-shop'].moved as Array<{ from: string; to: string }>;
    expect(moved.filter(m => m.from.startsWith('aws_cloudwatch_log_group.'))).toEqual([{ from: expect.stringMatching(/^aws_cloudwatch_log_group\.orders_LogGroup_/), to: expect.stringMatching(/^aws_cloudwatch_log_group\.orders-v2_LogGroup_/) }]);
    expect(moved.map(m => m.from.replace(/\..*/, '')).sort()).toEqual(['aws_cloudwatch_log_group', ...Array(3).fill('aws_cloudwatch_log_metric_filter'), ...Array(3).fill('aws_cloudwatch_metric_alarm')]);
    for (const m of moved) expect(m.to).toContain('.orders-v2_');
  });

  test('a service\'s own data stores go to its namespace\'s stack; stacks that would depend on each other are refused', () => {
    const app = newApp();
    const platform = new Platform(app, 'test', { ...PLATFORM_PROPS, terraformStacks: TerraformStacks.perNamespace() });
    const a = new SecureMicroservice(platform, 'a', { image: image(), namespace: 'na' });
    const b = new SecureMicroservice(platform, 'b', { image: image(), namespace: 'nb' });
    new SecureTable(a, 'table', { tableName: 'test-a', partitionKey: { name: 'id', type: AttributeType.STRING } }).grantReadData(b);
    const out = synth(app);
    expect(Object.keys(out.terraform['test-na'].resource.aws_dynamodb_table)).toEqual([expect.stringMatching(/^a_table_/)]);
    expect(JSON.parse(fs.readFileSync(path.join(app.outdir, 'terraform', 'manifest.json'), 'utf8')).stacks['test-nb'].dependencies.sort()).toEqual(['test', 'test-na']);

    const cyclic = newApp();
    const p = new Platform(cyclic, 'test', { ...PLATFORM_PROPS, terraformStacks: TerraformStacks.perNamespace() });
    const x = new SecureMicroservice(p, 'x', { image: image(), namespace: 'nx' });
    const y = new SecureMicroservice(p, 'y', { image: image(), namespace: 'ny' });
    new SecureTable(x, 't', { tableName: 'test-x', partitionKey: { name: 'id', type: AttributeType.STRING } }).grantReadData(y);
    new SecureTable(y, 't', { tableName: 'test-y', partitionKey: { name: 'id', type: AttributeType.STRING } }).grantReadData(x);
    try {
      cyclic.synth();
      throw new Error('expected a ConfigurationError');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigurationError);
      const err = e as ConfigurationError;
      expect([err.property, err.problem]).toEqual(['terraformStacks', expect.stringMatching(/refer to each other's resources/)]);
      expect(err.value).toMatch(/test-nx|test-ny/);
    }
  });

  test('the preparing pass over the parts that may hold tokens finds what cdktf\'s own finds', () => {
    const ours = shop(TerraformStacks.perNamespace());
    ours.synth();
    const theirs = shop(TerraformStacks.perNamespace());
    for (const stack of theirs._terraformApp.root.node.children.filter(c => TerraformStack.isStack(c)) as TerraformStack[]) {
      stack.prepareStack = TerraformStack.prototype.prepareStack;
    }
    theirs.synth();
    const read = (outdir: string) => Object.fromEntries(['test', 'test-shop', 'test-billing']
      .map(id => [id, fs.readFileSync(path.join(outdir, 'terraform', 'stacks', id, 'cdk.tf.json'), 'utf8')]));
    const a = read(ours.outdir);
    expect(a['test-shop']).toContain('terraform_remote_state');
    expect(a).toEqual(read(theirs.outdir));
  });
});
