import { asList, awsRule, findingFor } from './util';
import { Severity, TerraformResource } from '../../model';

/** AWS-managed policies that grant administrative or service-wide power. */
const ADMIN_POLICIES = new Set(['AdministratorAccess', 'PowerUserAccess', 'IAMFullAccess', 'AdministratorAccess-Amplify',
  'AdministratorAccess-AWSElasticBeanstalk', 'AWSOrganizationsFullAccess', 'SecurityAudit', 'ReadOnlyAccess', 'ViewOnlyAccess']);

/** Whether `arn` is an AWS-managed administrative, job-function or `*FullAccess` policy. */
export function isAdminManagedPolicy(arn: unknown): boolean {
  if (typeof arn !== 'string') return false;
  const m = /^arn:[a-z-]+:iam::aws:policy\/(.+)$/.exec(arn);
  if (!m) return false;
  const name = m[1].split('/').pop()!;
  return ADMIN_POLICIES.has(name) || m[1].startsWith('job-function/') || /FullAccess$/.test(name);
}

/** Where managed policies are attached: type -> arguments holding ARNs. */
const ATTACHMENTS: { [type: string]: string[] } = {
  aws_iam_role_policy_attachment: ['policy_arn'],
  aws_iam_user_policy_attachment: ['policy_arn'],
  aws_iam_group_policy_attachment: ['policy_arn'],
  aws_iam_policy_attachment: ['policy_arn'],
  aws_iam_role_policy_attachments_exclusive: ['policy_arns'],
  aws_iam_role: ['managed_policy_arns'],
  aws_iam_user: ['managed_policy_arns'],
};

/** IAM: no broad AWS-managed policies. */
export const NO_ADMIN_MANAGED_POLICIES = awsRule({
  id: 'AWS-004',
  severity: Severity.ERROR,
  title: 'No broad AWS-managed policies',
  description: 'AWS-managed policies such as AdministratorAccess, PowerUserAccess, IAMFullAccess, ReadOnlyAccess, job-function policies and `*FullAccess` grant whole services or the whole account, and change when AWS updates them.',
  fix: 'Detach the managed policy and grant the exact actions on the exact resources in an inline policy (`resource.grantX(service)`).',
}, input => input.terraform.flatMap((r: TerraformResource) => (ATTACHMENTS[r.type] ?? [])
  .flatMap(arg => asList(r.config?.[arg]))
  .filter(isAdminManagedPolicy)
  .map(arn => findingFor(r, `attaches AWS-managed policy ${arn}`))));
