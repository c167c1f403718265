import { crossRule, namespaceOf, objectFinding } from './util';
import { LOG_GROUP_ANNOTATION, LOG_SHIPPER_COMPONENT } from '../../../logging/fluent-bit-routes';
import { metricNamespace, MONITORING_CONTROL, SECURITY_SIGNALS, serviceLogGroupName, signalMetricName } from '../../../monitoring/signals';
import { IRule, KubernetesObject, PolicyInput, RuleFinding, Severity } from '../../model';
import { asList, resourcesOfType } from '../aws/util';
import { memo } from '../kubernetes/util';

/** The kinds the library runs services as. */
const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

const MANAGED_BY = 'app.kubernetes.io/managed-by';
const PART_OF = 'app.kubernetes.io/part-of';
const COMPONENT = 'app.kubernetes.io/component';

/** The services a platform watches: secure-constructs workloads other than the log shipper. */
function watchedWorkloads(input: PolicyInput): Array<{ o: KubernetesObject; platform: string; namespace: string; name: string }> {
  return input.kubernetes
    .filter(o => WORKLOAD_KINDS.has(o.object?.kind) && o.object.metadata?.labels?.[MANAGED_BY] === 'secure-constructs'
      && typeof o.object.metadata.labels[PART_OF] === 'string' && o.object.metadata.labels[COMPONENT] !== LOG_SHIPPER_COMPONENT)
    .map(o => ({ o, platform: String(o.object.metadata.labels[PART_OF]), namespace: namespaceOf(o.object), name: String(o.object.metadata.name) }));
}

/** A key of strings, which hold no NUL character; undefined when a part is not a string. */
function key(...parts: unknown[]): string | undefined {
  return parts.every(p => typeof p === 'string') ? parts.join('\0') : undefined;
}

/**
 * What the monitoring rules look up, indexed once per input (each rule asks once per signal of
 * every workload): the metrics counted by a metric filter with a pattern, by (stack, log group,
 * metric namespace, metric name), and the metrics watched by an alarm with an action, by (stack,
 * metric namespace, metric name).
 */
interface MonitoringIndex {
  readonly filtered: Set<string | undefined>;
  readonly alarmed: Set<string | undefined>;
}

const indexes = new WeakMap<PolicyInput, MonitoringIndex>();

function monitoringIndex(input: PolicyInput): MonitoringIndex {
  return memo(indexes, input, () => {
    const filtered = new Set<string | undefined>();
    for (const r of resourcesOfType(input, 'aws_cloudwatch_log_metric_filter')) {
      if (typeof r.config?.pattern !== 'string' || r.config.pattern.trim() === '') continue;
      for (const t of asList<any>(r.config?.metric_transformation)) filtered.add(key(r.stack, r.config?.log_group_name, t?.namespace, t?.name));
    }
    const alarmed = new Set<string | undefined>();
    for (const r of resourcesOfType(input, 'aws_cloudwatch_metric_alarm')) {
      if (asList(r.config?.alarm_actions).length > 0) alarmed.add(key(r.stack, r.config?.namespace, r.config?.metric_name));
    }
    filtered.delete(undefined);
    alarmed.delete(undefined);
    return { filtered, alarmed };
  });
}

/** Monitoring: every service's log group counts its security signals. */
export const SERVICE_SECURITY_FILTERS: IRule = {
  ...crossRule({
    id: 'X-017',
    severity: Severity.ERROR,
    title: 'Every service\'s log group has the security metric filters',
    description: 'Shipped logs that nothing counts do not reveal an attack. Every workload managed by secure-constructs (except the log shipper) must have, on its log group `/secure-constructs/<platform>/<namespace>/<service>`, CloudWatch metric filters with a non-empty pattern for authentication failures (401), authorization denials (403) and server errors (5xx), counting into `SecureConstructs/<platform>` as `<namespace>/<service>/Unauthorized`, `/Forbidden` and `/ServerErrors`. Accepted, with its reason, when the platform turns monitoring off (`Monitoring.disabled(reason)`) or ships no logs.',
    fix: 'Leave monitoring on (the Platform default, `Monitoring.cloudWatch()`), or turn it off explicitly with `monitoring: Monitoring.disabled(\'<reason>\')`.',
  }, input => watchedWorkloads(input).flatMap(({ o, platform, namespace, name }): RuleFinding[] => {
    // A pinned log group name is recorded on the Deployment.
    const group = o.object.metadata?.annotations?.[LOG_GROUP_ANNOTATION] ?? serviceLogGroupName(platform, namespace, name);
    const { filtered } = monitoringIndex(input);
    const missing = SECURITY_SIGNALS.filter(s =>
      !filtered.has(key(platform, group, metricNamespace(platform), signalMetricName(namespace, name, s))));
    return missing.length === 0 ? [] : [objectFinding(o, `its log group ${group} has no metric filter for ${missing.join(', ')}`)];
  })),
  optOutControl: MONITORING_CONTROL,
};

/** Monitoring: every service's security metrics have alarms that notify someone. */
export const SERVICE_SECURITY_ALARMS: IRule = {
  ...crossRule({
    id: 'X-018',
    severity: Severity.ERROR,
    title: 'Every service has alarms on its security metrics',
    description: 'A metric without an alarm is read by no one. Every workload managed by secure-constructs (except the log shipper) must have, in its platform\'s Terraform, a CloudWatch alarm with at least one alarm action on each of its security metrics (`SecureConstructs/<platform>`: `<namespace>/<service>/Unauthorized`, `/Forbidden`, `/ServerErrors`). Accepted, with its reason, when the platform turns monitoring off (`Monitoring.disabled(reason)`) or ships no logs.',
    fix: 'Leave monitoring on (the Platform default, `Monitoring.cloudWatch()`), which writes the alarms and the alert topic they notify, or turn it off explicitly with `monitoring: Monitoring.disabled(\'<reason>\')`.',
  }, input => watchedWorkloads(input).flatMap(({ o, platform, namespace, name }): RuleFinding[] => {
    const { alarmed } = monitoringIndex(input);
    const missing = SECURITY_SIGNALS.filter(s => !alarmed.has(key(platform, metricNamespace(platform), signalMetricName(namespace, name, s))));
    return missing.length === 0 ? [] : [objectFinding(o, `no alarm with an action watches its ${missing.join(', ')} metric${missing.length > 1 ? 's' : ''}`)];
  })),
  optOutControl: MONITORING_CONTROL,
};
