import { doc, input, messages, tf } from './fixtures';
import { RESOURCE_POLICY_NO_PUBLIC } from '../../../../src/policy/rules/aws/resource-policy-no-public';

describe('AWS-006 resource policies do not allow "*" unconditionally', () => {
  test('named principals and conditioned "*" pass', () => {
    expect(messages(RESOURCE_POLICY_NO_PUBLIC, input([
      tf('aws_s3_bucket_policy', 'p', {
        bucket: '${aws_s3_bucket.b.id}',
        policy: doc(
          { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/r' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
          { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } } },
          { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::b/*' },
        ),
      }),
    ]))).toEqual([]);
  });

  test('flags an unconditioned public Allow', () => {
    expect(messages(RESOURCE_POLICY_NO_PUBLIC, input([
      tf('aws_sqs_queue_policy', 'p', { queue_url: 'x', policy: doc({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:eu-west-1:111122223333:q' }) }),
    ]))).toEqual(['policy statement 0: allows every principal ("*") without a condition']);
  });
});
