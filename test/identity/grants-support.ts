import { createHash } from 'crypto';
import * as path from 'path';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { Synthesized } from '../support/synth';

export const ACCOUNT = '111122223333';
export const REGION = 'eu-west-1';

/** A concrete ARN for each Terraform reference `${<type>.<name>.arn}` of a stack, computed from the resource's config. */
export function concreteArns(tf: any): Map<string, string> {
  const arns = new Map<string, string>();
  const add = (type: string, f: (name: string, config: any) => string) => {
    for (const [name, config] of Object.entries<any>(tf.resource?.[type] ?? {})) arns.set(`\${${type}.${name}.arn}`, f(name, config));
  };
  add('aws_kms_key', name => `arn:aws:kms:${REGION}:${ACCOUNT}:key/${uuid(name)}`);
  add('aws_secretsmanager_secret', (_, c) => `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${c.name}-AbCdEf`);
  add('aws_s3_bucket', (_, c) => `arn:aws:s3:::${c.bucket}`);
  add('aws_sqs_queue', (_, c) => `arn:aws:sqs:${REGION}:${ACCOUNT}:${c.name}`);
  add('aws_dynamodb_table', (_, c) => `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${c.name}`);
  return arns;
}

function uuid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** Replaces every Terraform reference to an ARN in `text`; fails on references left over. */
export function substitute(text: string, arns: Map<string, string>): string {
  const result = text.replace(/\$\{[a-z0-9_]+\.[A-Za-z0-9_-]+\.arn\}/g, ref => {
    const arn = arns.get(ref);
    if (!arn) throw new Error(`no concrete ARN for ${ref}`);
    return arn;
  });
  if (result.includes('${')) throw new Error(`unresolved reference in ${result}`);
  return result;
}

/** The resource's concrete ARN, by its value of `field` (name, bucket). */
export function arnOf(tf: any, type: string, field: string, value: string): string {
  const entry = Object.entries<any>(tf.resource?.[type] ?? {}).find(([, c]) => c[field] === value);
  if (!entry) throw new Error(`no ${type} with ${field} = ${value}`);
  return concreteArns(tf).get(`\${${type}.${entry[0]}.arn}`)!;
}

/** The platform key's concrete ARN. */
export function keyArn(tf: any): string {
  const names = Object.keys(tf.resource?.aws_kms_key ?? {});
  if (names.length !== 1) throw new Error(`expected one key, found ${names.length}`);
  return concreteArns(tf).get(`\${aws_kms_key.${names[0]}.arn}`)!;
}

/** The permissions policy of the role named `roleName`, with concrete ARNs. */
export function rolePolicy(out: Synthesized, platform: string, roleName: string): any {
  const tf = out.terraform[platform];
  const role = Object.entries<any>(tf.resource.aws_iam_role).find(([, c]) => c.name === roleName);
  if (!role) throw new Error(`no role ${roleName}`);
  const policies = Object.values<any>(tf.resource.aws_iam_role_policy).filter(p => p.role === `\${aws_iam_role.${role[0]}.name}`);
  if (policies.length !== 1) throw new Error(`expected one policy for ${roleName}, found ${policies.length}`);
  return JSON.parse(substitute(policies[0].policy, concreteArns(tf)));
}

export type Decision = 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied';

/**
 * Simulates one request of `roleName` against its identity policy.
 *
 * The validating engine drops context keys whose variable part is not `/`-delimited, so it never
 * sees `kms:EncryptionContext:aws:s3:arn` and friends (AWS documents them with colons). Requests
 * that carry an encryption context are first validated (action, resource, policy) with the
 * context removed, then evaluated with the full context by the engine without input checks.
 */
export async function decide(policy: any, roleName: string, action: string, resource: string,
  context: Record<string, string | string[]> = {}, resourcePolicy?: any): Promise<Decision> {
  const simulation = (contextVariables: Record<string, string | string[]>) => ({
    request: {
      principal: `arn:aws:iam::${ACCOUNT}:role/${roleName}`,
      action,
      resource: { resource, accountId: ACCOUNT },
      contextVariables,
    },
    identityPolicies: [{ name: 'least-privilege', policy }],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(resourcePolicy ? { resourcePolicy } : {}),
  });
  const encryptionContext = Object.keys(context).some(k => k.startsWith('kms:EncryptionContext:'));
  const validated = await runSimulation(simulation(encryptionContext
    ? Object.fromEntries(Object.entries(context).filter(([k]) => !k.startsWith('kms:EncryptionContext:')))
    : context), {});
  if (validated.resultType === 'error') throw new Error(`simulation failed: ${JSON.stringify(validated.errors)}`);
  if (!encryptionContext) return validated.overallResult as Decision;
  return authorizeWithContext(policy, roleName, action, resource, context, resourcePolicy);
}

/**
 * The library's own engine without input checks (what `runUnsafeSimulation` does, which cannot
 * take a resource policy in this version: it loads it without the name the engine reads).
 */
function authorizeWithContext(policy: any, roleName: string, action: string, resource: string,
  context: Record<string, string | string[]>, resourcePolicy?: any): Decision {
  const dist = path.dirname(require.resolve('@cloud-copilot/iam-simulate'));
  // The engine's internals, and iam-policy as iam-simulate resolves it (not a dependency of ours).
  const load = (file: string) => require(require.resolve(file, { paths: [dist] })); // eslint-disable-line @typescript-eslint/no-require-imports
  const { authorize } = load('./core_engine/CoreSimulatorEngine.js');
  const { AwsRequestImpl } = load('./request/request.js');
  const { RequestContextImpl } = load('./requestContext.js');
  const { DiscoveryContextKeyConstraints } = load('./context_keys/discoveryContextKeyConstraints.js');
  const { loadPolicy } = load('@cloud-copilot/iam-policy');
  const request = new AwsRequestImpl(`arn:aws:iam::${ACCOUNT}:role/${roleName}`, { resource, accountId: ACCOUNT }, action, new RequestContextImpl(context));
  const analysis = authorize({
    request,
    sessionPolicy: undefined,
    identityPolicies: [loadPolicy(policy, { name: 'least-privilege' })],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: resourcePolicy ? loadPolicy(resourcePolicy, { name: 'key-policy' }) : undefined,
    permissionBoundaries: undefined,
    vpcEndpointPolicies: undefined,
    simulationParameters: { simulationMode: 'Strict', discoveryContextKeyConstraints: new DiscoveryContextKeyConstraints([]) },
    serviceSettings: { s3: {} },
  });
  return analysis.result;
}

/** The platform key's key policy (KMS needs the key policy to allow, here by delegating to IAM). */
export function keyPolicy(tf: any): any {
  const keys = Object.values<any>(tf.resource.aws_kms_key);
  return JSON.parse(keys[0].policy);
}

/** Every action of every statement (identity, key, resource policies) in a stack. */
export function allActions(tf: any): string[] {
  const texts: string[] = [];
  for (const [type, field] of [['aws_iam_role_policy', 'policy'], ['aws_kms_key', 'policy'], ['aws_s3_bucket_policy', 'policy'], ['aws_sqs_queue_policy', 'policy']]) {
    for (const c of Object.values<any>(tf.resource?.[type] ?? {})) texts.push(c[field]);
  }
  const actions = new Set<string>();
  for (const text of texts) {
    for (const s of JSON.parse(text).Statement) for (const a of [s.Action].flat()) actions.add(a);
  }
  return [...actions].sort();
}
