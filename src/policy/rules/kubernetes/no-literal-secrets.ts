import { describeObject } from './util';
import { SECRET_VALUE_OPT_OUT, secretInArgs, secretInText, secretValueReason } from '../../../core/secret-values';
import { IRule, KubernetesObject, PolicyInput, RuleFinding, Severity } from '../../model';

/** Kinds whose `spec.template` is a pod template. */
const TEMPLATE_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job']);

/** The pod spec an object runs, if it runs pods (Pod, workloads with a template, CronJob, PodTemplate). */
function podSpecOf(object: any): any {
  if (!object || typeof object !== 'object') return undefined;
  switch (object.kind) {
    case 'Pod': return object.spec;
    case 'PodTemplate': return object.template?.spec;
    case 'CronJob': return object.spec?.jobTemplate?.spec?.template?.spec;
    default: return TEMPLATE_KINDS.has(object.kind) ? object.spec?.template?.spec : undefined;
  }
}

function list(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

const CONTAINER_GROUPS: Array<[string, string]> = [['initContainers', 'initContainer'], ['containers', 'container'], ['ephemeralContainers', 'ephemeralContainer']];

/** The literal secrets in one container (`env[].value`, `command`, `args`), added to `problems`. */
function containerProblems(container: any, label: () => string, problems: string[]): void {
  for (const e of list(container?.env)) {
    if (typeof e?.value !== 'string') continue;
    const reason = secretValueReason(e.name, e.value);
    if (reason) problems.push(`${label()}: env ${e.name} holds a literal secret (${reason})`);
  }
  for (const field of ['command', 'args']) {
    const found = secretInArgs(container?.[field]);
    if (found) problems.push(`${label()}: ${field}[${found.index}] holds a literal secret (${found.reason})`);
  }
}

function podProblems(spec: any): string[] {
  const problems: string[] = [];
  if (!spec) return problems;
  for (const [key, kind] of CONTAINER_GROUPS) {
    const containers = list(spec[key]);
    for (let i = 0; i < containers.length; i++) {
      const c = containers[i];
      containerProblems(c, () => `${kind} "${c?.name ?? i}"`, problems);
    }
  }
  return problems;
}

/** ConfigMap keys that name a config file: their content is read line by line. */
const CONFIG_FILE = /\.(conf|cfg|cnf|ini|ya?ml|json|toml|properties|env|xml|txt|sh|lua|js|py|tpl|template)$/i;

function configMapProblems(object: any): string[] {
  const data = object?.data;
  if (!data || typeof data !== 'object') return [];
  return Object.keys(data).sort().flatMap(key => {
    const value = data[key];
    if (typeof value !== 'string') return [];
    const trimmed = value.trim();
    const file = trimmed.includes('\n') || CONFIG_FILE.test(key);
    const reason = file ? secretInText(value) : secretValueReason(key, trimmed);
    return reason ? [`data ${key} holds a literal secret (${reason})`] : [];
  });
}

function finding(o: KubernetesObject, message: string): RuleFinding {
  return { constructPath: o.constructPath, file: o.file, resource: describeObject(o.object), message };
}

/**
 * No literal secret values in container environment variables, commands or arguments of any
 * pod-running object, nor in ConfigMap data.
 */
export const NO_LITERAL_SECRETS: IRule = {
  id: 'K8S-040',
  pack: 'kubernetes',
  severity: Severity.ERROR,
  title: 'No literal secret values in env, command, args or ConfigMaps',
  description: 'A secret written into a manifest is readable by everyone who can read the manifest, its Git history, `kubectl get -o yaml` and the API server\'s audit log, and is never rotated. Container `env[].value`, `command` and `args` of every pod-running kind (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob...) and ConfigMap `data` are checked for values that are secrets by name (password, secret, token, API key, private key, credentials, auth...) or by form (AWS access keys, PEM private keys, JSON Web Tokens, tokens with a well-known prefix such as `sk_live_`, `ghp_`, `xoxb-`, `glpat-`, `AIza`, `npm_`, URLs with a password, high-entropy strings). Names that point at a secret (`PASSWORD_FILE`, `TOKEN_URL`, `SECRET_NAME`) and values that are references or paths are not findings.',
  fix: 'Keep the secret in AWS Secrets Manager (`ManagedSecret`) and mount it as a file; pass the application the file\'s path (`DB_PASSWORD_FILE=/run/secrets/...`) instead of the value. A value that is not a secret takes the opt-out `opt-out.secure-constructs.io/secret-value` with the reason.',
  optOutControl: SECRET_VALUE_OPT_OUT,
  check: (input: PolicyInput) => {
    const findings: RuleFinding[] = [];
    for (const o of input.kubernetes) {
      const problems = o.object?.kind === 'ConfigMap' ? configMapProblems(o.object) : podProblems(podSpecOf(o.object));
      for (const m of problems) findings.push(finding(o, m));
    }
    return findings;
  },
};
