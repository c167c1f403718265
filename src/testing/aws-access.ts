/**
 * Decides whether a workload's IAM role allows an AWS action on a resource, by simulating the
 * role's identity policies (read from the Terraform JSON) with @cloud-copilot/iam-simulate.
 *
 * The simulator is a development dependency: it is loaded lazily, only when a simulation runs,
 * so the library has no runtime dependency on it.
 */
import { createHash } from 'crypto';
import { PolicyInput, TerraformResource } from '../policy/model';
import { isReference, referencedResource } from '../policy/rules/aws/util';
import { identityPoliciesOf, rolesOfServiceAccount } from '../policy/rules/cross-cutting/util';

/** Account, region and partition used to turn Terraform references into ARNs. */
export interface AwsEnvironment {
  readonly account: string;
  readonly region: string;
  readonly partition: string;
}

/** The outcome of a simulation. */
export interface AwsAccessDecision {
  readonly allowed: boolean;
  /** `Allowed`, `ImplicitlyDenied`, `ExplicitlyDenied`, or why no simulation ran. */
  readonly result: string;
  /** The role simulated, if any. */
  readonly roleName?: string;
  /** The resource ARN simulated (Terraform references resolved). */
  readonly resource: string;
}

/** The package `toAllowAwsAction` simulates with, and the command that installs it. */
export const SIMULATOR_PACKAGE = '@cloud-copilot/iam-simulate';
export const SIMULATOR_INSTALL = `npm install --save-dev ${SIMULATOR_PACKAGE}`;

/**
 * What is used of the simulator (its own types stay out of the declarations, so that projects
 * without it still type-check).
 */
export interface Simulator {
  runSimulation(simulation: unknown, options: unknown): Promise<any>;
}

/**
 * Loads the simulator (lazily: it is a devDependency of users' tests, never needed at synth time).
 *
 * @param load how to load it (`require`; replaceable in tests)
 * @throws Error saying what to install when it is not installed
 */
export function loadSimulator(load: (id: string) => unknown = require): Simulator {
  try {
    return load(SIMULATOR_PACKAGE) as Simulator;
  } catch (e: any) {
    if (e?.code !== 'MODULE_NOT_FOUND' || !String(e?.message).includes(SIMULATOR_PACKAGE)) throw e;
    throw new Error(`toAllowAwsAction simulates IAM policies with ${SIMULATOR_PACKAGE}, which is not installed: run \`${SIMULATOR_INSTALL}\``);
  }
}

/** A stable 12-hex-digit suffix for synthetic identifiers. */
function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

/**
 * The ARN a resource will have, for the resource types the library writes; synthetic but stable
 * (and of the right shape) where AWS chooses part of it.
 */
export function arnOf(r: TerraformResource, env: AwsEnvironment): string | undefined {
  const { partition: p, region, account } = env;
  const c = r.config ?? {};
  const name = c.name ?? r.name;
  switch (r.type) {
    case 'aws_secretsmanager_secret': return `arn:${p}:secretsmanager:${region}:${account}:secret:${name}-${hash(name).slice(0, 6)}`;
    case 'aws_kms_key': return `arn:${p}:kms:${region}:${account}:key/00000000-0000-4000-8000-${hash(r.name)}`;
    case 'aws_sqs_queue': return `arn:${p}:sqs:${region}:${account}:${name}`;
    case 'aws_sns_topic': return `arn:${p}:sns:${region}:${account}:${name}`;
    case 'aws_s3_bucket': return `arn:${p}:s3:::${c.bucket ?? r.name}`;
    case 'aws_dynamodb_table': return `arn:${p}:dynamodb:${region}:${account}:table/${name}`;
    case 'aws_cloudwatch_log_group': return `arn:${p}:logs:${region}:${account}:log-group:${name}`;
    case 'aws_iam_role': return `arn:${p}:iam::${account}:role/${name}`;
    default: return undefined;
  }
}

/** Replaces `${type.name.arn}` references (whole or as a prefix, e.g. `${aws_s3_bucket.b.arn}/*`) by ARNs. */
export function resolveReferences(value: string, input: PolicyInput, env: AwsEnvironment): string {
  return value.replace(/\$\{([^}]+)\.arn\}/g, (whole, _ref: string) => {
    const target = referencedResource(whole, input.terraform);
    return (target && arnOf(target, env)) ?? whole;
  });
}

function resolveDeep(value: any, input: PolicyInput, env: AwsEnvironment): any {
  if (typeof value === 'string') return resolveReferences(value, input, env);
  if (Array.isArray(value)) return value.map(v => resolveDeep(v, input, env));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveDeep(v, input, env)]));
  }
  return value;
}

/**
 * Simulates `action` on `resource` by the role bound to `namespace/serviceAccount`. `resource`
 * may be an ARN or a Terraform reference (`${aws_sqs_queue.q.arn}`).
 */
export async function simulateAwsAccess(input: PolicyInput, env: AwsEnvironment, namespace: string, serviceAccount: string,
  action: string, resource: string, context: { [key: string]: string | string[] } = {}): Promise<AwsAccessDecision> {
  const arn = resolveReferences(resource, input, env);
  const roles = rolesOfServiceAccount(input, namespace, serviceAccount);
  if (roles.length === 0) return { allowed: false, result: `no IAM role is bound to ${namespace}/${serviceAccount}`, resource: arn };
  if (isReference(arn)) return { allowed: false, result: `cannot resolve ${resource} to an ARN`, resource: arn };
  const { runSimulation } = loadSimulator();
  const role = roles[0];
  const roleName = String(role.config?.name ?? role.name);
  const identityPolicies = identityPoliciesOf(input, role).map((p, i) => ({
    name: `${p.resource.type}.${p.resource.name}.${i}`,
    policy: { Version: '2012-10-17', Statement: resolveDeep(p.statements, input, env) },
  }));
  const accountOfArn = arn.split(':')[4];
  const result = await runSimulation({
    request: {
      principal: `arn:${env.partition}:iam::${env.account}:role/${roleName}`,
      action,
      resource: { resource: arn, accountId: accountOfArn && /^\d{12}$/.test(accountOfArn) ? accountOfArn : env.account },
      contextVariables: context,
    },
    identityPolicies,
    serviceControlPolicies: [],
    resourceControlPolicies: [],
  }, {});
  if (result.resultType === 'error') {
    return { allowed: false, result: `simulation error: ${result.errors.message}`, roleName, resource: arn };
  }
  return { allowed: result.overallResult === 'Allowed', result: String(result.overallResult), roleName, resource: arn };
}
