import { asList, conditionKeys, FoundDocument, globMatches, isAllow, Statement } from './util';
import { actionsOfLevel, isWildcardOnlyAction } from './wildcard-only-actions';

/*
 * The classes of risky IAM permissions that cloudsplaining and checkov report (privilege
 * escalation, credentials exposure, data exfiltration, unconstrained write and permissions
 * management), over identity policy statements.
 */

/** Whether a statement has any condition. */
export function hasCondition(s: Statement): boolean {
  return conditionKeys(s, Object.keys(s.Condition ?? {})).length > 0;
}

/** The actions (patterns) an Allow statement grants; NotAction counts as every action. */
export function grantedActions(s: Statement): string[] {
  if (!isAllow(s)) return [];
  if (s.NotAction !== undefined) return ['*'];
  return asList(s.Action).filter((a): a is string => typeof a === 'string');
}

/**
 * Whether a resource pattern covers every resource of its type: `*`, a `NotResource`, or an ARN
 * whose resource part is `*` or `<type>/*` / `<type>:*` (`arn:aws:iam::123456789012:role/*`).
 * S3 ARNs name a bucket in the resource part, so only `arn:aws:s3:::*` is broad there.
 */
export function isBroadResource(resource: string): boolean {
  if (resource === '*') return true;
  const parts = resource.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return false;
  const rest = parts.slice(5).join(':');
  if (parts[2] === 's3') return rest === '*' || rest === '*/*';
  return /^([A-Za-z0-9-]+[/:])?\*$/.test(rest);
}

/** Whether an Allow statement applies to broad resources (see {@link isBroadResource}). */
export function onBroadResources(s: Statement): boolean {
  if (s.NotResource !== undefined) return true;
  return asList(s.Resource).some(r => typeof r === 'string' && isBroadResource(r));
}

/** Whether an Allow statement applies to `"Resource": "*"` (or a NotResource). */
export function onEveryResource(s: Statement): boolean {
  if (s.NotResource !== undefined) return true;
  return asList(s.Resource).includes('*');
}

/** Whether any action pattern granted matches the exact action `action`. */
export function grants(patterns: string[], action: string): boolean {
  return patterns.some(p => globMatches(p, action));
}

/** The listed actions that the patterns grant, in list order. */
export function grantedOf(patterns: string[], list: readonly string[]): string[] {
  return list.filter(a => grants(patterns, a));
}

/** One privilege-escalation method: the actions that together let a principal raise its own permissions. */
export interface EscalationMethod {
  readonly name: string;
  readonly actions: readonly string[];
}

/**
 * Privilege-escalation methods (Rhino Security Labs' catalogue, as cloudsplaining and checkov
 * use it): each is a set of actions that, allowed together on broad resources, lets a principal
 * gain permissions it was not given.
 */
export const ESCALATION_METHODS: readonly EscalationMethod[] = [
  { name: 'CreateNewPolicyVersion', actions: ['iam:CreatePolicyVersion'] },
  { name: 'SetExistingDefaultPolicyVersion', actions: ['iam:SetDefaultPolicyVersion'] },
  { name: 'CreateAccessKey', actions: ['iam:CreateAccessKey'] },
  { name: 'CreateLoginProfile', actions: ['iam:CreateLoginProfile'] },
  { name: 'UpdateLoginProfile', actions: ['iam:UpdateLoginProfile'] },
  { name: 'AttachUserPolicy', actions: ['iam:AttachUserPolicy'] },
  { name: 'AttachGroupPolicy', actions: ['iam:AttachGroupPolicy'] },
  { name: 'AttachRolePolicy', actions: ['iam:AttachRolePolicy'] },
  { name: 'PutUserPolicy', actions: ['iam:PutUserPolicy'] },
  { name: 'PutGroupPolicy', actions: ['iam:PutGroupPolicy'] },
  { name: 'PutRolePolicy', actions: ['iam:PutRolePolicy'] },
  { name: 'AddUserToGroup', actions: ['iam:AddUserToGroup'] },
  { name: 'UpdateRolePolicyToAssumeIt', actions: ['iam:UpdateAssumeRolePolicy'] },
  { name: 'PassExistingRoleToNewEc2Instance', actions: ['iam:PassRole', 'ec2:RunInstances'] },
  { name: 'PassExistingRoleToNewLambdaThenInvoke', actions: ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'] },
  { name: 'PassExistingRoleToNewLambdaThenTriggerWithNewDynamo', actions: ['iam:PassRole', 'lambda:CreateFunction', 'lambda:CreateEventSourceMapping'] },
  { name: 'EditExistingLambdaFunctionWithRole', actions: ['lambda:UpdateFunctionCode'] },
  { name: 'PassExistingRoleToNewGlueDevEndpoint', actions: ['iam:PassRole', 'glue:CreateDevEndpoint'] },
  { name: 'UpdateExistingGlueDevEndpoint', actions: ['glue:UpdateDevEndpoint'] },
  { name: 'PassExistingRoleToCloudFormation', actions: ['iam:PassRole', 'cloudformation:CreateStack'] },
  { name: 'PassExistingRoleToNewDataPipeline', actions: ['iam:PassRole', 'datapipeline:CreatePipeline'] },
  { name: 'PassExistingRoleToNewEcsTask', actions: ['iam:PassRole', 'ecs:RegisterTaskDefinition', 'ecs:RunTask'] },
  { name: 'PassExistingRoleToNewSageMakerNotebook', actions: ['iam:PassRole', 'sagemaker:CreateNotebookInstance'] },
  { name: 'PassExistingRoleToNewCodeBuildProject', actions: ['iam:PassRole', 'codebuild:CreateProject'] },
  { name: 'PassExistingRoleToNewEksNodegroup', actions: ['iam:PassRole', 'eks:CreateNodegroup'] },
];

/**
 * Actions that return or create credentials (cloudsplaining's credentials-exposure list): keys,
 * passwords, tokens and temporary credentials. As in cloudsplaining and checkov, the registry
 * login tokens `ecr:GetAuthorizationToken` and `ecr-public:GetAuthorizationToken` are not in it:
 * they support only `"Resource": "*"`, every image pull needs them, and the token carries no
 * permission beyond the caller's own repository permissions.
 */
export const CREDENTIALS_EXPOSURE_ACTIONS: readonly string[] = [
  'iam:CreateAccessKey', 'iam:UpdateAccessKey', 'iam:CreateLoginProfile', 'iam:UpdateLoginProfile',
  'iam:CreateServiceSpecificCredential', 'iam:ResetServiceSpecificCredential',
  'sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity', 'sts:GetFederationToken', 'sts:GetSessionToken',
  'codeartifact:GetAuthorizationToken',
  'ec2:GetPasswordData', 'redshift:GetClusterCredentials', 'redshift-serverless:GetCredentials', 'rds-db:Connect',
  'sso:GetRoleCredentials', 'cognito-identity:GetCredentialsForIdentity', 'cognito-identity:GetOpenIdToken',
  'cognito-identity:GetOpenIdTokenForDeveloperIdentity', 'lightsail:GetInstanceAccessDetails',
  'lightsail:GetRelationalDatabaseMasterUserPassword', 'chime:CreateApiKey', 'connect:GetFederationToken',
  'gamelift:RequestUploadCredentials', 'mediapackage:RotateIngestEndpointCredentials', 'codepipeline:PollForJobs',
];

/** Actions that read stored data or secrets out of the account (cloudsplaining's data-exfiltration list, and KMS decryption). */
export const DATA_EXFILTRATION_ACTIONS: readonly string[] = [
  's3:GetObject', 's3:GetObjectVersion', 'ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath',
  'secretsmanager:GetSecretValue', 'secretsmanager:BatchGetSecretValue', 'kms:Decrypt',
];

/** The escalation methods an identity document enables: every action of the method granted on broad resources. */
export function escalationMethods(doc: FoundDocument): Array<{ method: EscalationMethod; statements: number[] }> {
  const broad = doc.statements.map((s, i) => [i, onBroadResources(s) ? grantedActions(s) : []] as [number, string[]]);
  const result: Array<{ method: EscalationMethod; statements: number[] }> = [];
  for (const method of ESCALATION_METHODS) {
    const statements = new Set<number>();
    const all = method.actions.every(a => {
      const granting = broad.filter(([, patterns]) => grants(patterns, a)).map(([i]) => i);
      granting.forEach(i => statements.add(i));
      return granting.length > 0;
    });
    if (all) result.push({ method, statements: [...statements].sort((a, b) => a - b) });
  }
  return result;
}

/**
 * The catalog's write and permissions-management actions an Allow statement grants that support
 * resource-level permissions (those that could have been scoped: cloudsplaining's "restrictable"
 * actions; wildcard-only actions such as `xray:PutTraceSegments` cannot be).
 */
export function writeActions(s: Statement): { write: string[]; permissions: string[] } {
  const patterns = grantedActions(s);
  const write = new Set<string>();
  const permissions = new Set<string>();
  for (const p of patterns) {
    // An exact action is shown as written; a wildcard as the catalog actions it matches.
    const exact = !/[*?]/.test(p);
    actionsOfLevel(p, 'write').filter(a => !isWildcardOnlyAction(a)).forEach(a => write.add(exact ? p : a));
    actionsOfLevel(p, 'permissions').filter(a => !isWildcardOnlyAction(a)).forEach(a => permissions.add(exact ? p : a));
  }
  const sorted = (xs: Set<string>) => [...xs].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0));
  // An action of both levels is listed once, as permissions management.
  return { write: sorted(new Set([...write].filter(a => !permissions.has(a)))), permissions: sorted(permissions) };
}
