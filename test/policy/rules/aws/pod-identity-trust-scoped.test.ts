import { doc, input, messages, podIdentityTrust, tf } from './fixtures';
import { POD_IDENTITY_TRUST_SCOPED } from '../../../../src/policy/rules/aws/pod-identity-trust-scoped';

describe('AWS-007 Pod Identity trust is scoped', () => {
  test('the library trust policy passes', () => {
    expect(messages(POD_IDENTITY_TRUST_SCOPED, input([tf('aws_iam_role', 'r', { assume_role_policy: podIdentityTrust('orders', 'orders') })]))).toEqual([]);
  });

  test('flags a trust without conditions', () => {
    expect(messages(POD_IDENTITY_TRUST_SCOPED, input([tf('aws_iam_role', 'r', {
      assume_role_policy: doc({ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }),
    })]))).toEqual(['assume_role_policy statement 0: trusts pods.eks.amazonaws.com but StringEquals lacks aws:SourceAccount, aws:RequestTag/kubernetes-namespace, aws:RequestTag/kubernetes-service-account']);
  });

  test('flags wildcard values', () => {
    expect(messages(POD_IDENTITY_TRUST_SCOPED, input([tf('aws_iam_role', 'r', { assume_role_policy: podIdentityTrust('orders', '*') })])))
      .toEqual(['assume_role_policy statement 0: trusts pods.eks.amazonaws.com but aws:RequestTag/kubernetes-service-account must be exact values']);
  });
});
