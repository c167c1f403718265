import { input, messages, tf } from './fixtures';
import { NO_ADMIN_MANAGED_POLICIES } from '../../../../src/policy/rules/aws/no-admin-managed-policies';

describe('AWS-004 no broad AWS-managed policies', () => {
  test('customer policies and narrow AWS-managed policies pass', () => {
    expect(messages(NO_ADMIN_MANAGED_POLICIES, input([
      tf('aws_iam_role_policy_attachment', 'a', { role: 'r', policy_arn: '${aws_iam_policy.p.arn}' }),
      tf('aws_iam_role_policy_attachment', 'b', { role: 'r', policy_arn: 'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy' }),
    ]))).toEqual([]);
  });

  test.each([
    ['aws_iam_role_policy_attachment', { policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess' }],
    ['aws_iam_role_policy_attachment', { policy_arn: 'arn:aws:iam::aws:policy/PowerUserAccess' }],
    ['aws_iam_user_policy_attachment', { policy_arn: 'arn:aws-us-gov:iam::aws:policy/IAMFullAccess' }],
    ['aws_iam_role', { managed_policy_arns: ['arn:aws:iam::aws:policy/AmazonS3FullAccess'] }],
    ['aws_iam_role_policy_attachment', { policy_arn: 'arn:aws:iam::aws:policy/job-function/SystemAdministrator' }],
  ])('flags %s %j', (type, config) => {
    expect(messages(NO_ADMIN_MANAGED_POLICIES, input([tf(type, 'x', config)]))).toHaveLength(1);
  });
});
