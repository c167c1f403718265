import { doc, input, irsaTrust, messages, tf } from './fixtures';
import { WEB_IDENTITY_TRUST_SCOPED } from '../../../../src/policy/rules/aws/web-identity-trust-scoped';

const issuer = 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE';
const federated = { Federated: `arn:aws:iam::111122223333:oidc-provider/${issuer}` };

describe('AWS-008 web identity trust is scoped', () => {
  test('the library IRSA trust passes', () => {
    expect(messages(WEB_IDENTITY_TRUST_SCOPED, input([tf('aws_iam_role', 'r', { assume_role_policy: irsaTrust('orders', 'orders') })]))).toEqual([]);
  });

  test('flags a missing audience', () => {
    expect(messages(WEB_IDENTITY_TRUST_SCOPED, input([tf('aws_iam_role', 'r', {
      assume_role_policy: doc({
        Effect: 'Allow',
        Principal: federated,
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { [`${issuer}:sub`]: 'system:serviceaccount:a:a' } },
      }),
    })]))).toEqual(['assume_role_policy statement 0: trusts a web identity without exact StringEquals on :aud']);
  });

  test('flags a StringLike subject wildcard', () => {
    expect(messages(WEB_IDENTITY_TRUST_SCOPED, input([tf('aws_iam_role', 'r', {
      assume_role_policy: doc({
        Effect: 'Allow',
        Principal: federated,
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { [`${issuer}:aud`]: 'sts.amazonaws.com' }, StringLike: { [`${issuer}:sub`]: 'system:serviceaccount:*' } },
      }),
    })]))).toEqual(['assume_role_policy statement 0: trusts a web identity without exact StringEquals on :sub']);
  });
});
