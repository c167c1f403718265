import { escalationMethods } from './iam-classes';
import { awsRule, DocumentKind, findingFor, policyDocuments } from './util';
import { Severity } from '../../model';

/** IAM: no privilege-escalation actions on broad resources. */
export const IAM_PRIVILEGE_ESCALATION = awsRule({
  id: 'AWS-022',
  severity: Severity.ERROR,
  title: 'Identity policies allow no privilege escalation',
  description: 'Some IAM actions let a principal give itself more permissions: writing or attaching policies (`iam:Put*Policy`, `iam:Attach*Policy`, `iam:CreatePolicyVersion`, `iam:SetDefaultPolicyVersion`), changing a trust policy (`iam:UpdateAssumeRolePolicy`), creating credentials for other users (`iam:CreateAccessKey`, `iam:CreateLoginProfile`, `iam:UpdateLoginProfile`, `iam:AddUserToGroup`), replacing a function\'s code (`lambda:UpdateFunctionCode`) or passing a role to new compute (`iam:PassRole` with `ec2:RunInstances`, `lambda:CreateFunction`, `ecs:RunTask`, `glue:CreateDevEndpoint`, `cloudformation:CreateStack`...). Allowed on broad resources (`*`, `role/*`, `user/*`, `function:*`), together with the rest of their method, they make the policy as strong as an administrator\'s.',
  fix: 'Remove the actions, or scope them to the exact ARNs they need (and `iam:PassRole` with an `iam:PassedToService` condition); a workload never administers IAM.',
}, input => policyDocuments(input).filter(d => d.kind === DocumentKind.IDENTITY).flatMap(d => escalationMethods(d).map(({ method, statements }) =>
  findingFor(d.resource, `${d.argument} statement${statements.length > 1 ? 's' : ''} ${statements.map(i => (d.statements[i].Sid ? `"${d.statements[i].Sid}"` : i)).join(', ')}: allows privilege escalation ${method.name} (${method.actions.join(' + ')}) on broad resources`))));
