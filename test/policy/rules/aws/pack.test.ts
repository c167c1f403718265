import { AWS_RULES } from '../../../../src/policy/rules/aws';

describe('AWS pack', () => {
  test('ids are unique, sequential and the metadata is complete', () => {
    expect(AWS_RULES.map(r => r.id)).toEqual(AWS_RULES.map((_, i) => `AWS-${String(i + 1).padStart(3, '0')}`));
    for (const r of AWS_RULES) {
      expect(r.pack).toBe('aws');
      expect(r.title.length).toBeGreaterThan(10);
      expect(r.description.length).toBeGreaterThan(40);
      expect(r.fix.length).toBeGreaterThan(20);
    }
  });

  test('no rule throws on odd input', () => {
    const odd = {
      kubernetes: [],
      terraform: [null, 'x', 42, [], { policy: 'not json' }, { assume_role_policy: '{"Statement": "x"}' }]
        .flatMap((config, i) => ['aws_iam_role', 'aws_iam_role_policy', 'aws_s3_bucket', 'aws_kms_key', 'aws_security_group', 'aws_dynamodb_table', 'aws_cloudwatch_log_group', 'aws_sqs_queue']
          .map(type => ({ file: 'f', stack: 's', type, name: `n${i}`, config, constructPath: 'p' }))),
    };
    for (const r of AWS_RULES) expect(() => r.check(odd)).not.toThrow();
  });
});
