import { input, messages, roleWithPolicy } from './fixtures';
import { NO_NOT_ACTION_ALLOW } from '../../../../src/policy/rules/aws/no-not-action-allow';

describe('AWS-003 no Allow with NotAction/NotResource', () => {
  test('Deny with NotAction passes', () => {
    expect(messages(NO_NOT_ACTION_ALLOW, input(roleWithPolicy('a', { Effect: 'Deny', NotAction: 'sqs:SendMessage', Resource: '*' })))).toEqual([]);
  });

  test('flags Allow with NotAction and NotResource', () => {
    expect(messages(NO_NOT_ACTION_ALLOW, input(roleWithPolicy('a', { Effect: 'Allow', NotAction: 'iam:*', NotResource: 'arn:aws:s3:::b' }))))
      .toEqual(['policy statement 0: Allow with NotAction and NotResource']);
  });
});
