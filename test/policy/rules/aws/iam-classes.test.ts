import { doc, input, messages, roleWithPolicy, tf } from './fixtures';
import { isBroadResource } from '../../../../src/policy/rules/aws/iam-classes';
import { IAM_CREDENTIALS_EXPOSURE } from '../../../../src/policy/rules/aws/iam-credentials-exposure';
import { IAM_DATA_EXFILTRATION } from '../../../../src/policy/rules/aws/iam-data-exfiltration';
import { IAM_PRIVILEGE_ESCALATION } from '../../../../src/policy/rules/aws/iam-privilege-escalation';
import { IAM_WRITE_WITHOUT_CONSTRAINTS } from '../../../../src/policy/rules/aws/iam-write-without-constraints';
import { TRUST_NO_WHOLE_ACCOUNT } from '../../../../src/policy/rules/aws/trust-no-whole-account';

const allow = (Action: any, Resource: any = '*', extra: any = {}) => ({ Effect: 'Allow', Action, Resource, ...extra });
const policy = (...statements: any[]) => input(roleWithPolicy('orders', ...statements));

describe('broad resources', () => {
  test.each([
    ['*', true], ['arn:aws:iam::111122223333:role/*', true], ['arn:aws:iam::*:user/*', true], ['arn:aws:lambda:eu-west-1:111122223333:function:*', true],
    ['arn:aws:s3:::*', true], ['arn:aws:s3:::*/*', true], ['arn:aws:ssm:eu-west-1:111122223333:parameter/*', true],
    ['arn:aws:s3:::receipts/*', false], ['arn:aws:iam::111122223333:role/deployer', false], ['arn:aws:iam::111122223333:role/app/*', false],
    ['${aws_iam_role.r.arn}', false],
  ])('%s: %s', (resource, broad) => expect(isBroadResource(resource)).toBe(broad));
});

describe('AWS-022 privilege escalation', () => {
  test('scoped or harmless permissions pass', () => {
    expect(messages(IAM_PRIVILEGE_ESCALATION, policy(
      allow(['iam:PassRole'], 'arn:aws:iam::111122223333:role/app-task', { Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } } }),
      allow(['ec2:RunInstances'], '*'),
      allow(['iam:PutRolePolicy'], 'arn:aws:iam::111122223333:role/app-task'),
    ))).toEqual([]);
  });

  test('single-action methods on broad resources', () => {
    expect(messages(IAM_PRIVILEGE_ESCALATION, policy(allow(['iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion'])))).toEqual([
      'policy statement 0: allows privilege escalation CreateNewPolicyVersion (iam:CreatePolicyVersion) on broad resources',
      'policy statement 0: allows privilege escalation SetExistingDefaultPolicyVersion (iam:SetDefaultPolicyVersion) on broad resources',
    ]);
    expect(messages(IAM_PRIVILEGE_ESCALATION, policy(allow('iam:Put*Policy', 'arn:aws:iam::111122223333:role/*')))).toEqual([
      'policy statement 0: allows privilege escalation PutUserPolicy (iam:PutUserPolicy) on broad resources',
      'policy statement 0: allows privilege escalation PutGroupPolicy (iam:PutGroupPolicy) on broad resources',
      'policy statement 0: allows privilege escalation PutRolePolicy (iam:PutRolePolicy) on broad resources',
    ]);
    expect(messages(IAM_PRIVILEGE_ESCALATION, policy(allow(['iam:UpdateAssumeRolePolicy', 'lambda:UpdateFunctionCode'])))).toEqual([
      'policy statement 0: allows privilege escalation UpdateRolePolicyToAssumeIt (iam:UpdateAssumeRolePolicy) on broad resources',
      'policy statement 0: allows privilege escalation EditExistingLambdaFunctionWithRole (lambda:UpdateFunctionCode) on broad resources',
    ]);
  });

  test('iam:PassRole with compute creation, across statements', () => {
    expect(messages(IAM_PRIVILEGE_ESCALATION, policy(
      { Sid: 'Pass', ...allow('iam:PassRole') },
      { Sid: 'Launch', ...allow('ec2:RunInstances') },
    ))).toEqual(['policy statements "Pass", "Launch": allows privilege escalation PassExistingRoleToNewEc2Instance (iam:PassRole + ec2:RunInstances) on broad resources']);
  });

  test('"*" grants every method', () => {
    expect(messages(IAM_PRIVILEGE_ESCALATION, policy(allow('*'))).length).toBeGreaterThan(20);
  });
});

describe('AWS-023 credentials exposure', () => {
  test('scoped assume-role and registry login tokens pass', () => {
    expect(messages(IAM_CREDENTIALS_EXPOSURE, policy(allow('sts:AssumeRole', 'arn:aws:iam::111122223333:role/reader'), allow('s3:GetObject', 'arn:aws:s3:::b/*')))).toEqual([]);
    expect(messages(IAM_CREDENTIALS_EXPOSURE, policy(allow(['ecr:GetAuthorizationToken', 'ecr-public:GetAuthorizationToken'])))).toEqual([]);
  });

  test('credential actions on "*" are flagged', () => {
    expect(messages(IAM_CREDENTIALS_EXPOSURE, policy(allow(['iam:CreateAccessKey', 'sts:GetFederationToken', 'ecr:GetAuthorizationToken'])))).toEqual([
      'policy statement 0: allows credential-exposing actions "iam:CreateAccessKey", "sts:GetFederationToken" on broad resources',
    ]);
    expect(messages(IAM_CREDENTIALS_EXPOSURE, policy(allow('sts:*', 'arn:aws:iam::111122223333:role/*')))).toEqual([
      'policy statement 0: allows credential-exposing actions "sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity", "sts:GetFederationToken", "sts:GetSessionToken" on broad resources',
    ]);
  });
});

describe('AWS-024 data exfiltration', () => {
  test('named resources, or a condition, pass', () => {
    expect(messages(IAM_DATA_EXFILTRATION, policy(
      allow(['s3:GetObject'], 'arn:aws:s3:::receipts/*'),
      allow(['kms:Decrypt'], '*', { Condition: { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } } }),
    ))).toEqual([]);
  });

  test('reading everything is flagged', () => {
    expect(messages(IAM_DATA_EXFILTRATION, policy(allow(['s3:GetObject', 'ssm:GetParameter*', 'secretsmanager:GetSecretValue', 'kms:Decrypt'])))).toEqual([
      'policy statement 0: allows "s3:GetObject", "ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath", "secretsmanager:GetSecretValue", "kms:Decrypt" on broad resources without a condition',
    ]);
    expect(messages(IAM_DATA_EXFILTRATION, policy(allow('s3:Get*', 'arn:aws:s3:::*/*')))).toEqual([
      'policy statement 0: allows "s3:GetObject", "s3:GetObjectVersion" on broad resources without a condition',
    ]);
  });
});

describe('AWS-025 write and permissions management without constraints', () => {
  test('read-only, named resources, conditions or wildcard-only actions pass', () => {
    expect(messages(IAM_WRITE_WITHOUT_CONSTRAINTS, policy(
      allow(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']),
      allow(['ec2:DescribeInstances', 'sts:GetCallerIdentity']),
      allow(['s3:PutObject'], 'arn:aws:s3:::b/*'),
      allow(['xray:PutTraceSegments'], '*', { Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } }),
    ))).toEqual([]);
  });

  test('write and permissions-management actions on "*" are flagged, wildcards expanded by the catalog', () => {
    expect(messages(IAM_WRITE_WITHOUT_CONSTRAINTS, policy(allow(['xray:PutTraceSegments', 'ec2:TerminateInstances', 'iam:PutRolePolicy'])))).toEqual([
      'policy statement 0: allows permissions-management action "iam:PutRolePolicy" and write action "ec2:TerminateInstances" on "*" without a condition',
    ]);
    const [message] = messages(IAM_WRITE_WITHOUT_CONSTRAINTS, policy(allow('s3:Put*')));
    expect(message).toMatch(/^policy statement 0: allows permissions-management actions "s3:put.*" and \d+ more and write actions "s3:put.*" and \d+ more on "\*" without a condition$/);
    expect(message).toContain('"s3:putaccesspointpolicy"');
  });
});

describe('AWS-026 trust of a whole account', () => {
  const trust = (principal: any, condition?: any) => input([tf('aws_iam_role', 'r', {
    assume_role_policy: doc({ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) }),
  })]);

  test('named roles, or an account with a condition, pass', () => {
    expect(messages(TRUST_NO_WHOLE_ACCOUNT, trust('arn:aws:iam::111122223333:role/deployer'))).toEqual([]);
    expect(messages(TRUST_NO_WHOLE_ACCOUNT, trust('arn:aws:iam::111122223333:root', { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/deployer' } }))).toEqual([]);
    expect(messages(TRUST_NO_WHOLE_ACCOUNT, trust('444455556666', { StringEquals: { 'sts:ExternalId': 'x' } }))).toEqual([]);
  });

  test('an account root or a bare account id without a condition is flagged', () => {
    expect(messages(TRUST_NO_WHOLE_ACCOUNT, trust('arn:aws:iam::111122223333:root'))).toEqual(['assume_role_policy statement 0: trusts the whole account 111122223333 without a condition']);
    expect(messages(TRUST_NO_WHOLE_ACCOUNT, trust(['444455556666', 'arn:aws-us-gov:iam::777788889999:root']))).toEqual(['assume_role_policy statement 0: trusts the whole accounts 444455556666, 777788889999 without a condition']);
  });

  test('only trust policies: a key policy delegating to its account is not a trust policy', () => {
    expect(messages(TRUST_NO_WHOLE_ACCOUNT, input([tf('aws_kms_key', 'k', { policy: doc({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }) })]))).toEqual([]);
  });
});
