import { CREDENTIALS_EXPOSURE_ACTIONS, grantedActions, grantedOf, onBroadResources } from './iam-classes';
import { DocumentKind, statementRule } from './util';
import { Severity } from '../../model';

/** IAM: no actions that hand out credentials on broad resources. */
export const IAM_CREDENTIALS_EXPOSURE = statementRule({
  id: 'AWS-023',
  severity: Severity.ERROR,
  title: 'Identity policies do not expose credentials',
  description: `Actions that create or return credentials (${CREDENTIALS_EXPOSURE_ACTIONS.slice(0, 8).map(a => `\`${a}\``).join(', ')}, \`ec2:GetPasswordData\`, \`rds-db:Connect\`...) allowed on broad resources let a compromised workload mint keys, passwords or sessions for other identities and keep access after its own credentials are revoked.`,
  fix: 'Remove the actions, or scope them to the exact users, roles or databases they need; grant `sts:AssumeRole` only on named role ARNs. A workload that really needs a federation or session token states it with a suppression and its reason. Registry login tokens (`ecr:GetAuthorizationToken`) are not counted: they carry only the caller\'s own repository permissions.',
}, [DocumentKind.IDENTITY], s => {
  if (!onBroadResources(s)) return undefined;
  const granted = grantedOf(grantedActions(s), CREDENTIALS_EXPOSURE_ACTIONS);
  return granted.length === 0 ? undefined : `allows credential-exposing action${granted.length > 1 ? 's' : ''} ${granted.map(a => `"${a}"`).join(', ')} on broad resources`;
});
