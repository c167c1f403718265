import { input, irsaTrust, messages, podIdentityTrust, tf } from './fixtures';
import { POD_IDENTITY_TRUST_MATCHES } from '../../../../src/policy/rules/cross-cutting/pod-identity-trust-matches';

const assoc = (ns: string, sa: string) => tf('aws_eks_pod_identity_association', 'a', { cluster_name: 'c', namespace: ns, service_account: sa, role_arn: '${aws_iam_role.r.arn}' });

describe('X-008 Pod Identity association and trust agree', () => {
  test('matching trust passes', () => {
    expect(messages(POD_IDENTITY_TRUST_MATCHES, input([tf('aws_iam_role', 'r', { name: 'r', assume_role_policy: podIdentityTrust('orders', 'orders') }), assoc('orders', 'orders')]))).toEqual([]);
  });

  test('flags another service account and a role that does not trust Pod Identity', () => {
    expect(messages(POD_IDENTITY_TRUST_MATCHES, input([tf('aws_iam_role', 'r', { name: 'r', assume_role_policy: podIdentityTrust('orders', 'orders') }), assoc('orders', 'web')])))
      .toEqual(['role aws_iam_role.r does not trust exactly orders/web']);
    expect(messages(POD_IDENTITY_TRUST_MATCHES, input([tf('aws_iam_role', 'r', { name: 'r', assume_role_policy: irsaTrust('orders', 'orders') }), assoc('orders', 'orders')])))
      .toEqual(['role aws_iam_role.r does not trust pods.eks.amazonaws.com']);
  });
});
