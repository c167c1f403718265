import { doc, input, messages, podIdentityTrust, tf } from './fixtures';
import { TRUST_NO_WILDCARD_PRINCIPAL } from '../../../../src/policy/rules/aws/trust-no-wildcard-principal';

describe('AWS-005 trust policies do not trust "*"', () => {
  test('a service principal passes', () => {
    expect(messages(TRUST_NO_WILDCARD_PRINCIPAL, input([tf('aws_iam_role', 'r', { assume_role_policy: podIdentityTrust('a', 'a') })]))).toEqual([]);
  });

  test.each([['*'], [{ AWS: '*' }], [{ AWS: ['arn:aws:iam::111122223333:root', '*'] }]])('flags Principal %j', principal => {
    expect(messages(TRUST_NO_WILDCARD_PRINCIPAL, input([tf('aws_iam_role', 'r', {
      assume_role_policy: doc({ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }),
    })]))).toEqual(['assume_role_policy statement 0: trusts every principal ("*")']);
  });
});
