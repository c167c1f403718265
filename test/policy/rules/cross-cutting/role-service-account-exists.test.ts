import { input, irsaTrust, messages, podIdentityTrust, serviceAccount, tf } from './fixtures';
import { ROLE_SERVICE_ACCOUNT_EXISTS } from '../../../../src/policy/rules/cross-cutting/role-service-account-exists';

const podIdentity = (ns: string, sa: string) => [
  tf('aws_iam_role', `${sa}_Role`, { name: `prod-${sa}`, assume_role_policy: podIdentityTrust(ns, sa) }),
  tf('aws_eks_pod_identity_association', `${sa}_Assoc`, { cluster_name: 'prod-eks', namespace: ns, service_account: sa, role_arn: `\${aws_iam_role.${sa}_Role.arn}` }),
];

describe('X-002 trusted service accounts exist', () => {
  test('Pod Identity and IRSA bindings to existing service accounts pass', () => {
    expect(messages(ROLE_SERVICE_ACCOUNT_EXISTS, input(
      [...podIdentity('orders', 'orders'), tf('aws_iam_role', 'web_Role', { name: 'prod-web', assume_role_policy: irsaTrust('web', 'web') })],
      [serviceAccount('orders', 'orders'), serviceAccount('web', 'web')],
    ))).toEqual([]);
  });

  test('flags bindings to missing service accounts', () => {
    expect(messages(ROLE_SERVICE_ACCOUNT_EXISTS, input(
      [...podIdentity('orders', 'orders'), tf('aws_iam_role', 'web_Role', { name: 'prod-web', assume_role_policy: irsaTrust('web', 'web') })],
      [serviceAccount('orders', 'other')],
    ))).toEqual([
      'associates service account orders/orders, which no manifest defines',
      'trusts service account web/web, which no manifest defines',
    ]);
  });

  test('is not evaluated without Kubernetes objects', () => {
    expect(messages(ROLE_SERVICE_ACCOUNT_EXISTS, input(podIdentity('a', 'a')))).toEqual([]);
  });
});
