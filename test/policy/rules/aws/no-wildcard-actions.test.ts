import { doc, input, messages, roleWithPolicy, tf } from './fixtures';
import { NO_WILDCARD_ACTIONS } from '../../../../src/policy/rules/aws/no-wildcard-actions';

describe('AWS-001 no wildcard actions', () => {
  test('exact actions pass', () => {
    expect(messages(NO_WILDCARD_ACTIONS, input(roleWithPolicy('orders', { Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: 'arn:aws:sqs:eu-west-1:111122223333:q' })))).toEqual([]);
  });

  test('Deny statements with wildcards pass', () => {
    expect(messages(NO_WILDCARD_ACTIONS, input(roleWithPolicy('orders', { Effect: 'Deny', Action: 's3:*', Resource: '*' })))).toEqual([]);
  });

  test.each([['*'], ['s3:*'], ['s3:Get*'], ['s3:GetObjec?']])('flags %s in an identity policy', action => {
    expect(messages(NO_WILDCARD_ACTIONS, input(roleWithPolicy('orders', { Sid: 'Read', Effect: 'Allow', Action: [action], Resource: 'arn:aws:s3:::b/*' }))))
      .toEqual([`policy statement "Read": allows wildcard action "${action}"`]);
  });

  test('flags resource policies, inline role policies and aws_iam_policy_document data sources', () => {
    const findings = NO_WILDCARD_ACTIONS.check(input([
      tf('aws_kms_key', 'key', { policy: doc({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }) }),
      tf('aws_iam_role', 'r', { inline_policy: [{ name: 'x', policy: doc({ Effect: 'Allow', Action: 'sqs:*', Resource: 'arn:aws:sqs:eu-west-1:111122223333:q' }) }] }),
      tf('data.aws_iam_policy_document', 'd', { statement: [{ actions: ['dynamodb:*'], resources: ['arn:aws:dynamodb:eu-west-1:111122223333:table/t'] }] }),
    ]));
    expect(findings.map(f => [f.resource, f.message])).toEqual([
      ['aws_kms_key.key', 'policy statement 0: allows wildcard action "kms:*"'],
      ['aws_iam_role.r', 'inline_policy[0].policy statement 0: allows wildcard action "sqs:*"'],
      ['data.aws_iam_policy_document.d', 'statement statement 0: allows wildcard action "dynamodb:*"'],
    ]);
  });

  test('policies that are Terraform expressions are skipped, not failed', () => {
    expect(messages(NO_WILDCARD_ACTIONS, input([tf('aws_iam_policy', 'p', { policy: '${data.aws_iam_policy_document.d.json}' })]))).toEqual([]);
  });
});
