import { asList, crossRule, namespaceOf, objectFinding, objectsOfKind } from './util';
import { containerLogGlob, containerTagRegex, LOG_SHIPPER_COMPONENT, SHIPPER_INPUT_TAG } from '../../../logging/fluent-bit-routes';
import { IRule, PolicyInput, Severity } from '../../model';
import { resourcesOfType } from '../aws/util';
import { podTemplateOf } from '../kubernetes/util';

const MANAGED_BY = 'app.kubernetes.io/managed-by';
const PART_OF = 'app.kubernetes.io/part-of';
const COMPONENT = 'app.kubernetes.io/component';

/** A pattern test, compiled on first use; an invalid pattern matches nothing. */
type Matcher = (value: string) => boolean;

/** What a platform's shippers read and where they send it, from their Fluent Bit configuration. */
interface Routing {
  /** `tail` inputs: the file patterns they read (as written, and as tests) and their tag (`kube.*`). */
  readonly inputs: Array<{ readonly written: Set<string>; readonly paths: Matcher[]; readonly tag: string }>;
  /** `cloudwatch_logs` outputs: the tags they take and the group they write to. */
  readonly outputs: Array<{ readonly matches: Matcher; readonly group: string }>;
  /** The groups of the outputs by their `Match_Regex` as written. */
  readonly groupsByRegex: Map<string, string[]>;
}

/** A test of `pattern` (a regular expression, or a Fluent Bit wildcard with `*`), compiled on first use. */
function matcher(pattern: string, regex: boolean): Matcher {
  let compiled: RegExp | null | undefined;
  return value => {
    if (compiled === undefined) {
      try {
        compiled = new RegExp(regex ? pattern : `^${pattern.split('*').map(p => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
      } catch {
        compiled = null;
      }
    }
    return compiled !== null && compiled.test(value);
  };
}

/** The sections of a Fluent Bit classic-mode configuration: `[NAME]` then `Key Value` lines (keys lower-cased). */
function sections(text: string): Array<{ name: string; keys: Map<string, string> }> {
  const result: Array<{ name: string; keys: Map<string, string> }> = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const header = /^\[([A-Za-z_]+)\]$/.exec(line);
    if (header) {
      result.push({ name: header[1].toUpperCase(), keys: new Map() });
    } else if (result.length > 0 && line && !line.startsWith('#')) {
      const [key, ...rest] = line.split(/\s+/);
      result[result.length - 1].keys.set(key.toLowerCase(), rest.join(' '));
    }
  }
  return result;
}

/** The routing of the log shippers of `platform`: secure-constructs DaemonSets labelled as its log shipper. */
function routingOf(input: PolicyInput, platform: string): Routing | undefined {
  const shippers = objectsOfKind(input, 'DaemonSet').filter(o => o.object?.metadata?.labels?.[MANAGED_BY] === 'secure-constructs'
    && o.object.metadata.labels[COMPONENT] === LOG_SHIPPER_COMPONENT && o.object.metadata.labels[PART_OF] === platform);
  if (shippers.length === 0) return undefined;
  const routing: Routing = { inputs: [], outputs: [], groupsByRegex: new Map() };
  for (const shipper of shippers) {
    const maps = asList<any>(shipper.object.spec?.template?.spec?.volumes).map(v => v?.configMap?.name).filter(n => typeof n === 'string');
    const configs = objectsOfKind(input, 'ConfigMap').filter(c => namespaceOf(c.object) === namespaceOf(shipper.object) && maps.includes(c.object?.metadata?.name));
    const text = configs.flatMap(c => Object.values(c.object?.data ?? {}).filter(v => typeof v === 'string')).join('\n');
    for (const { name: section, keys } of sections(text)) {
      const plugin = keys.get('name')?.toLowerCase();
      if (section === 'INPUT' && plugin === 'tail' && keys.has('path')) {
        const written = keys.get('path')!.split(',').map(p => p.trim());
        routing.inputs.push({ written: new Set(written), paths: written.map(p => matcher(p, false)), tag: keys.get('tag') ?? '' });
      } else if (section === 'OUTPUT' && plugin === 'cloudwatch_logs' && keys.get('log_group_name')) {
        const regex = keys.get('match_regex');
        const group = keys.get('log_group_name')!;
        routing.outputs.push({ matches: matcher(regex ?? keys.get('match') ?? '', regex !== undefined), group });
        if (regex !== undefined) routing.groupsByRegex.set(regex, [...routing.groupsByRegex.get(regex) ?? [], group]);
      }
    }
  }
  return routing;
}

/**
 * The log groups a container's log file (`/var/log/containers/<pod>_<namespace>_<container>-<id>.log`)
 * reaches: those of the shipper's own route for it if one of them is `defined`, else every group
 * whose output takes the file's tag.
 */
function groupsOf(routing: Routing, namespace: string, pod: string, container: string, defined: (group: string) => boolean): string[] {
  // The shipper's own route, found by its patterns as written without testing every pattern: the
  // input reads the container's files under the shipper's tag, an output takes exactly its tags.
  if (routing.inputs.some(i => i.tag === SHIPPER_INPUT_TAG && i.written.has(containerLogGlob(namespace, container)))) {
    const direct = (routing.groupsByRegex.get(containerTagRegex(namespace, container)) ?? []).filter(defined);
    if (direct.length > 0) return direct;
  }
  const file = `/var/log/containers/${pod}-0_${namespace}_${container}-${'0'.repeat(64)}.log`;
  const tags = routing.inputs.filter(i => i.paths.some(p => p(file))).map(i => i.tag.replace('*', file.slice(1).replace(/\//g, '.')));
  return routing.outputs.filter(o => tags.some(t => o.matches(t))).map(o => o.group);
}

/** Logging: every service's container logs reach a log group of its platform. */
export const SERVICE_LOGS_SHIPPED: IRule = {
  ...crossRule({
    id: 'X-010',
    severity: Severity.ERROR,
    title: 'Every service ships its logs to a log group of its platform',
    description: 'Logs that stay on the node are lost when the node goes and cannot be searched or audited. Every workload managed by secure-constructs (except the log shipper itself) must have its container log files read by its platform\'s log shipper (a secure-constructs Fluent Bit DaemonSet labelled `app.kubernetes.io/component: log-shipper`) and sent to a CloudWatch log group that the Terraform of the same platform defines. Accepted, with its reason, when the platform turns log shipping off (`PlatformLogging.disabled(reason)`).',
    fix: 'Leave logging on (the Platform default, `PlatformLogging.cloudWatch()`, which needs `awsEndpointCidrs`), or turn it off explicitly with `logging: PlatformLogging.disabled(\'<reason>\')`.',
  }, input => {
    const routings = new Map<string, Routing | undefined>();
    const groups = new Set(resourcesOfType(input, 'aws_cloudwatch_log_group').map(r => `${r.stack}\u0000${r.config?.name}`));
    return input.kubernetes
      .filter(o => podTemplateOf(o.object) !== undefined && o.object.metadata?.labels?.[MANAGED_BY] === 'secure-constructs'
        && typeof o.object.metadata.labels[PART_OF] === 'string' && o.object.metadata.labels[COMPONENT] !== LOG_SHIPPER_COMPONENT)
      .flatMap(o => {
        const platform: string = o.object.metadata.labels[PART_OF];
        if (!routings.has(platform)) routings.set(platform, routingOf(input, platform));
        const routing = routings.get(platform);
        if (!routing) return [objectFinding(o, `its logs are not shipped: no log shipper runs on platform "${platform}"`)];
        const containers = asList<any>(podTemplateOf(o.object)?.spec?.containers).map(c => c?.name).filter(n => typeof n === 'string');
        return containers.flatMap((c: string) => {
          const reached = groupsOf(routing, namespaceOf(o.object), String(o.object.metadata.name), c, g => groups.has(`${platform}\u0000${g}`));
          if (reached.length === 0) return [objectFinding(o, `its logs are not shipped: the log shipper of platform "${platform}" sends no log file of container "${c}" to a CloudWatch log group`)];
          return reached.some(g => groups.has(`${platform}\u0000${g}`)) ? []
            : [objectFinding(o, `container "${c}" logs to ${reached.map(g => `"${g}"`).join(', ')}, which the Terraform of platform "${platform}" does not define`)];
        });
      });
  }),
  optOutControl: 'log-shipping',
};
