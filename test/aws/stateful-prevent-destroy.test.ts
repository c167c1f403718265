import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/policy/cli';
import { Packs } from '../../src/policy/packs';
import { STATEFUL_PREVENT_DESTROY } from '../../src/policy/rules/aws/stateful-prevent-destroy';
import { tf } from '../policy/helpers';

const run = (...resources: ReturnType<typeof tf>[]) => STATEFUL_PREVENT_DESTROY.check({ kubernetes: [], terraform: resources }).map(f => `${f.resource}: ${f.message}`);

describe('AWS-033 stateful resources are protected from destruction', () => {
  test('is part of the AWS pack', () => {
    expect(Packs.all().filter(r => r.id === 'AWS-033')).toEqual([STATEFUL_PREVENT_DESTROY]);
  });

  test.each(['aws_kms_key', 'aws_secretsmanager_secret', 'aws_s3_bucket', 'aws_dynamodb_table', 'aws_sqs_queue', 'aws_db_instance', 'aws_efs_file_system'])('flags %s without prevent_destroy, passes it with', type => {
    expect(run(tf(type, 'a', {}))).toEqual([`${type}.a: no lifecycle.prevent_destroy: a plan that drops or replaces it destroys its data`]);
    expect(run(tf(type, 'a', { lifecycle: { prevent_destroy: false } }))).toHaveLength(1);
    expect(run(tf(type, 'a', { lifecycle: { prevent_destroy: true } }))).toEqual([]);
    // The HCL-shaped list form and a string "true" read the same.
    expect(run(tf(type, 'a', { lifecycle: [{ prevent_destroy: 'true' }] }))).toEqual([]);
  });

  test('log groups also need skip_destroy', () => {
    expect(run(tf('aws_cloudwatch_log_group', 'g', { lifecycle: { prevent_destroy: true } })))
      .toEqual(['aws_cloudwatch_log_group.g: no skip_destroy: the log group and its events are deleted when it leaves the state']);
    expect(run(tf('aws_cloudwatch_log_group', 'g', {}))).toHaveLength(2);
    expect(run(tf('aws_cloudwatch_log_group', 'g', { skip_destroy: true, lifecycle: { prevent_destroy: true } }))).toEqual([]);
  });

  test('ignores stateless resources', () => {
    expect(run(tf('aws_iam_role', 'r', {}), tf('aws_kms_alias', 'a', {}), tf('aws_sqs_queue_policy', 'p', {}))).toEqual([]);
  });

  test('the checker applies it to Terraform the library did not write, and honours a declared exception', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-021-'));
    const write = (resource: any) => fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify({ resource }));
    const table = { name: 't', hash_key: 'id', attribute: [{ name: 'id', type: 'S' }], server_side_encryption: { enabled: true, kms_key_arn: 'arn:aws:kms:eu-west-1:111122223333:key/x' }, point_in_time_recovery: { enabled: true } };
    write({ aws_dynamodb_table: { t: table } });
    const out: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => out.push(t) };
    expect(await main(['check', dir, '--out', path.join(dir, 'policy')], io)).toBe(1);
    expect(out.join('')).toMatch(/error\s+AWS-033.*aws_dynamodb_table\.t/);
    write({ aws_dynamodb_table: { t: { ...table, '//': { 'secure-constructs:suppressions': [{ ruleId: 'AWS-033', reason: 'scratch table of the load test' }] } } } });
    out.length = 0;
    expect(await main(['check', dir, '--out', path.join(dir, 'policy')], io)).toBe(0);
    expect(out.join('')).toMatch(/error \(suppressed\)\s+AWS-033/);
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'policy', 'report.json'), 'utf8'));
    expect(JSON.stringify(report)).toContain('scratch table of the load test');
  });
});
