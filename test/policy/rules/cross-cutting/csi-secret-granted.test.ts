import { csiWorkload, input, messages, roleWithPolicy, serviceAccount, tf } from './fixtures';
import { CSI_SECRET_GRANTED } from '../../../../src/policy/rules/cross-cutting/csi-secret-granted';

const association = (ns: string, sa: string) => tf('aws_eks_pod_identity_association', `${sa}_Assoc`, {
  cluster_name: 'prod-eks', namespace: ns, service_account: sa, role_arn: `\${aws_iam_role.${sa}_Role.arn}`,
});
const read = (resource: string) => ({ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: [resource] });

describe('X-005 mounted secrets are granted', () => {
  test('a role with GetSecretValue on a secret (reference or ARN) passes', () => {
    expect(messages(CSI_SECRET_GRANTED, input(
      [...roleWithPolicy('orders', read('${aws_secretsmanager_secret.db.arn}')), association('orders', 'orders')],
      [csiWorkload('orders', 'orders', 'db'), serviceAccount('orders', 'orders')],
    ))).toEqual([]);
    expect(messages(CSI_SECRET_GRANTED, input(
      [...roleWithPolicy('orders', read('arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCdEf')), association('orders', 'orders')],
      [csiWorkload('orders', 'orders', 'db')],
    ))).toEqual([]);
  });

  test('flags a workload without a role, or whose role cannot read a secret', () => {
    expect(messages(CSI_SECRET_GRANTED, input(
      [...roleWithPolicy('orders', { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:eu-west-1:111122223333:q' }), association('orders', 'orders')],
      [csiWorkload('orders', 'orders', 'db'), csiWorkload('web', 'web', 'db')],
    ))).toEqual([
      'volume "secrets" mounts secrets, but the role of orders/orders has no secretsmanager:GetSecretValue on a secret',
      'volume "secrets" mounts secrets, but service account web/web has no IAM role',
    ]);
  });
});
