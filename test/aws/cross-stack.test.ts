import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { asPlatformResources, PLATFORM_TAG } from '../../src/policy/cross-stack';
import { loadDirectory } from '../../src/policy/load';

/** A directory with the given cdktf-style stacks (`stacks/<id>/cdk.tf.json`). */
function dist(stacks: { [id: string]: any }): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cross-stack-'));
  for (const [id, json] of Object.entries(stacks)) {
    fs.mkdirSync(path.join(root, 'stacks', id), { recursive: true });
    fs.writeFileSync(path.join(root, 'stacks', id, 'cdk.tf.json'), JSON.stringify({ '//': { metadata: { stackName: id } }, ...json }));
  }
  return root;
}

const tagged = (platform: string) => ({ provider: { aws: [{ default_tags: [{ tags: { 'secure-constructs:platform': platform } }] }] } });
const meta = (p: string) => ({ '//': { metadata: { path: p } } });

describe('loading the stacks of a split platform', () => {
  const base = { ...tagged('prod'), resource: { aws_kms_key: { k: { ...meta('prod/Key/Resource') } } }, output: { 'cross-stack-output-aws_kms_keykarn': { value: '${aws_kms_key.k.arn}', sensitive: true } } };
  const input = '${data.terraform_remote_state.cross-stack-reference-input-prod.outputs.cross-stack-output-aws_kms_keykarn}';
  const shop = {
    ...tagged('prod'),
    data: { terraform_remote_state: { 'cross-stack-reference-input-prod': { backend: 'local', config: { path: '../prod/terraform.prod.tfstate' } } } },
    resource: { aws_cloudwatch_log_group: { g: { ...meta('prod-shop/orders/LogGroup'), kms_key_id: input, name: `x-${input}-y`, tags: { missing: '${data.terraform_remote_state.cross-stack-reference-input-prod.outputs.gone}' } } } },
  };

  test('resources of every stack of a platform have the platform as stack and logical construct paths; references are linked', () => {
    const r = loadDirectory(dist({ 'prod': base, 'prod-shop': shop })).terraform;
    const group = r.find(x => x.type === 'aws_cloudwatch_log_group')!;
    expect([group.stack, group.constructPath, group.file]).toEqual(['prod', 'prod/orders/LogGroup', 'stacks/prod-shop/cdk.tf.json']);
    expect(group.config.kms_key_id).toBe('${aws_kms_key.k.arn}');
    expect(group.config.name).toBe('x-${aws_kms_key.k.arn}-y');
    // An output that does not exist stays a remote-state reference.
    expect(group.config.tags.missing).toBe('${data.terraform_remote_state.cross-stack-reference-input-prod.outputs.gone}');
    expect(r.find(x => x.type === 'aws_kms_key')!.stack).toBe('prod');
  });

  test('without the platform tag, or without the source stack, nothing changes', () => {
    const { provider: _p, ...untagged } = shop;
    const r = loadDirectory(dist({ 'prod-shop': untagged })).terraform;
    const group = r.find(x => x.type === 'aws_cloudwatch_log_group')!;
    expect([group.stack, group.constructPath, group.config.kms_key_id]).toEqual(['prod-shop', 'prod-shop/orders/LogGroup', input]);
  });
});

describe('resources of a platform stack', () => {
  test('take the platform as their stack and keep a lazily computed line lazy', () => {
    const json = {
      '//': { metadata: { stackName: 'prod-orders' } },
      'provider': { aws: [{ default_tags: [{ tags: { [PLATFORM_TAG]: 'prod' } }] }] },
    };
    let computed = 0;
    const resource: any = { type: 'aws_sqs_queue', name: 'q', address: 'aws_sqs_queue.q', stack: 'prod-orders', constructPath: 'prod-orders/q', config: {} };
    Object.defineProperty(resource, 'line', { enumerable: true, get: () => { computed++; return 7; } });
    const [moved]: any[] = asPlatformResources(json, [resource]);
    expect(computed).toBe(0);
    expect(moved).toMatchObject({ stack: 'prod', constructPath: 'prod/q', address: 'aws_sqs_queue.q' });
    expect(moved.line).toBe(7);
    expect(computed).toBe(1);
    expect(resource.stack).toBe('prod-orders');
  });
});
