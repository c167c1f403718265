import * as k8s from 'cdk8s-plus-33/lib/imports/k8s';
import { IConstruct } from 'constructs';
import { Probe } from './probe';
import { AutoscalingOptions, SecureMicroserviceProps } from './props';
import { fail } from '../core/errors';
import { MIN_REASON_LENGTH, OptOut } from '../core/opt-out';
import { checkProps, propKeys } from '../core/props';
import { refuseLiteralSecrets } from '../core/secret-values';
import type { Platform } from '../platform/platform';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Names of the namespace-wide NetworkPolicies written by the library. */
const RESERVED_NAMES = ['default-deny', 'allow-dns'];

/** A TCP port number. */
export function validatePort(scope: IConstruct, property: string, port: unknown): number {
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
    fail(scope, property, port, 'not a TCP port number (an integer from 1 to 65535)', 'use a port such as 8443');
  }
  return port;
}

/** A namespace a service may run in: not one the cluster or an add-on owns. */
export function validateServiceNamespace(scope: IConstruct, platform: Platform, namespace: string): string {
  const owner = platform._namespaceOwner(namespace);
  if (owner) {
    fail(scope, 'namespace', namespace, `the namespace belongs to ${owner}; the library would label it Pod Security "restricted" and deny all its traffic, cutting it off`,
      'run the service in a namespace of its own (the default) or a shared application namespace');
  }
  return namespace;
}

/** A service name that no namespace-wide object of the library takes. */
export function validateUnreservedName(scope: IConstruct, property: string, name: string): string {
  if (RESERVED_NAMES.includes(name)) {
    fail(scope, property, name, 'the name is taken by a namespace-wide NetworkPolicy the library writes', 'choose another service name');
  }
  return name;
}

/** The opt-outs of a service, by control, each with its trimmed reason. */
export function validateOptOuts(scope: IConstruct, optOuts: OptOut[]): Map<string, string> {
  const result = new Map<string, string>();
  optOuts.forEach((o, i) => {
    if (!(o instanceof OptOut)) {
      fail(scope, `optOuts[${i}]`, o, 'not an OptOut', "use a factory such as OptOut.unpinnedImage('<reason>')");
    }
    if (typeof o.reason !== 'string' || o.reason.trim().length < MIN_REASON_LENGTH) {
      fail(scope, `optOuts[${i}].reason`, o.reason, `an opt-out needs a reason of at least ${MIN_REASON_LENGTH} characters; it is written into the manifest for reviewers`,
        'say why the protection is off and where that is tracked');
    }
    result.set(o.control, o.reason.trim());
  });
  return result;
}

/** A replica count: two or more unless a single replica is opted out of. */
export function validateReplicas(scope: IConstruct, replicas: unknown, singleAllowed: boolean): number {
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 1) {
    fail(scope, 'replicas', replicas, 'must be a whole number of at least 1', 'use 2 or more replicas');
  }
  if (replicas < 2 && !singleAllowed) {
    fail(scope, 'replicas', replicas, 'one replica has no redundancy during rollouts and node drains', "use 2 or more, or pass optOuts: [OptOut.singleReplica('<why>')]");
  }
  return replicas;
}

/** A non-root numeric user or group id. */
export function validateId(scope: IConstruct, property: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 2147483647) {
    fail(scope, property, value, 'must be a non-zero, non-root numeric id', 'use an id of 10000 or more, e.g. 10001');
  }
  return value;
}

/** Plain environment variables, sorted by name. */
export function validateEnv(scope: IConstruct, env: { [name: string]: string }): k8s.EnvVar[] {
  return Object.keys(env).sort().map(name => {
    if (!ENV_NAME.test(name)) {
      fail(scope, `env.${name}`, name, 'not a valid environment variable name', 'use letters, digits and "_", not starting with a digit');
    }
    if (typeof env[name] !== 'string') {
      fail(scope, `env.${name}`, env[name], 'environment values must be strings', 'convert the value to a string; put secrets in a ManagedSecret, never in env');
    }
    return { name, value: env[name] };
  });
}

const SECURE_MICROSERVICE_KEYS = propKeys<SecureMicroserviceProps>({
  image: true,
  port: true,
  replicas: true,
  name: true,
  namespace: true,
  runAsUser: true,
  runAsGroup: true,
  resources: true,
  readinessProbe: true,
  livenessProbe: true,
  autoscaling: true,
  env: true,
  command: true,
  args: true,
  optOuts: true,
  logGroupName: true,
});

const AUTOSCALING_KEYS = propKeys<AutoscalingOptions>({ minReplicas: true, maxReplicas: true, targetCpuUtilizationPercent: true });

/**
 * The shape of a service's props, for callers the type checker does not protect: unknown names,
 * `null`, NaN, a string where a list is expected, a plain object where a class is expected.
 */
export function checkServiceProps(scope: IConstruct, props: SecureMicroserviceProps): void {
  checkProps(scope, 'props', props, {
    knownKeys: SECURE_MICROSERVICE_KEYS,
    required: ['image'],
    strings: ['image', 'name', 'namespace', 'logGroupName'],
    integers: ['port', 'replicas', 'runAsUser', 'runAsGroup'],
    stringLists: ['command', 'args'],
    lists: ['optOuts'],
    stringMaps: ['env'],
    objects: ['resources', 'autoscaling'],
    classes: { readinessProbe: Probe, livenessProbe: Probe },
    hints: { resources: "{ cpuRequest: '250m', memoryLimit: '512Mi' }" },
  });
  if (props.autoscaling !== undefined) {
    checkProps(scope, 'autoscaling', props.autoscaling, {
      knownKeys: AUTOSCALING_KEYS, required: ['maxReplicas'], integers: ['minReplicas', 'maxReplicas', 'targetCpuUtilizationPercent'],
    });
  }
}

/**
 * Refuses literal secrets in the container's environment, command and arguments (by name or by
 * form), unless the service opts out with a reason.
 */
export function validateNoLiteralSecrets(scope: IConstruct, props: SecureMicroserviceProps, optedOut: boolean): void {
  if (optedOut) return;
  refuseLiteralSecrets(scope, { env: props.env, command: props.command, args: props.args });
}
