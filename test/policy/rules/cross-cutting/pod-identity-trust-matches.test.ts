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

  test('a reference names the role of its own stack, also when another stack has a role at the same address', () => {
    // Two platforms: an IRSA role in "prod", a Pod Identity role and its association in "staging".
    const staging = { ...assoc('orders', 'orders'), stack: 'staging', file: 'terraform/stacks/staging/cdk.tf.json' };
    const prodRole = tf('aws_iam_role', 'r', { name: 'prod-r', assume_role_policy: irsaTrust('orders', 'orders') }, 'prod');
    const stagingRole = tf('aws_iam_role', 'r', { name: 'staging-r', assume_role_policy: podIdentityTrust('orders', 'orders') }, 'staging');
    expect(messages(POD_IDENTITY_TRUST_MATCHES, input([prodRole, stagingRole, staging]))).toEqual([]);
    // Without a role of its own stack, the other stack's role is never taken for it.
    expect(messages(POD_IDENTITY_TRUST_MATCHES, input([prodRole, staging]))).toEqual([]);
  });
});
