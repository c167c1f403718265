import { ensureAlertTopic } from './alert-topic';
import { Monitoring } from './monitoring';
import { attachPrometheus } from './prometheus';
import { metricNamespace, MONITORING_CONTROL, SECURITY_SIGNALS, signalMetricName } from './signals';
import { createLogSignalAlarm } from '../aws/cloudwatch-alarms';
import { fitName } from '../core/names';
import { OPT_OUT_ANNOTATION_PREFIX } from '../core/opt-out';
import { logGroupName } from '../logging/log-shipper';
import type { ServiceWorkload } from '../workload/service-workload';

/**
 * Watches a service: with `Monitoring.prometheus()`, its ServiceMonitor and PrometheusRule (see
 * `attachPrometheus`); always a metric filter and an alarm per security signal on its log group, the
 * alarms notifying the platform's alert topic. With monitoring off, the service's Deployment
 * carries the reason as `opt-out.secure-constructs.io/monitoring`; with log shipping off there is
 * no log group to watch, and the Deployment says so under the same control.
 */
export function attachMonitoring(workload: ServiceWorkload, monitoring: Monitoring, options: { servesMetrics?: boolean } = {}): void {
  const annotation = `${OPT_OUT_ANNOTATION_PREFIX}${MONITORING_CONTROL}`;
  if (!monitoring.enabled) {
    workload.annotateWorkload(annotation, monitoring.disabledReason!);
    return;
  }
  if (monitoring.prometheusSettings) attachPrometheus(workload, monitoring.prometheusSettings, options.servesMetrics ?? true);
  const platform = workload.platform;
  const logging = platform.logging;
  if (!logging.enabled) {
    workload.annotateWorkload(annotation, `log shipping is off, so there is no log group to watch: ${logging.disabledReason}`);
    return;
  }
  const topic = ensureAlertTopic(platform, monitoring);
  const scope = workload.terraformScope();
  const group = workload.logGroupName ?? logGroupName(platform.node.id, workload.namespace, workload.name);
  const signals = {
    Unauthorized: { pattern: monitoring.unauthorizedPattern, threshold: monitoring.unauthorizedThreshold, what: 'authentication failures (HTTP 401)' },
    Forbidden: { pattern: monitoring.forbiddenPattern, threshold: monitoring.forbiddenThreshold, what: 'authorization denials (HTTP 403)' },
    ServerErrors: { pattern: monitoring.serverErrorPattern, threshold: monitoring.serverErrorThreshold, what: 'server errors (HTTP 5xx)' },
  };
  for (const signal of SECURITY_SIGNALS) {
    const s = signals[signal];
    const name = fitName(`${platform.node.id}-${workload.namespace}-${workload.name}-${signal.toLowerCase()}`, 255);
    createLogSignalAlarm(scope, signal, {
      logGroupName: group,
      logGroup: scope.node.tryFindChild('LogGroup'),
      name,
      pattern: s.pattern,
      metricNamespace: metricNamespace(platform.node.id),
      metricName: signalMetricName(workload.namespace, workload.name, signal),
      threshold: s.threshold,
      periodSeconds: monitoring.periodSeconds,
      evaluationPeriods: monitoring.evaluationPeriods,
      description: `${s.threshold} or more ${s.what} in ${monitoring.periodSeconds} s in the logs of ${workload.namespace}/${workload.name} (${workload.path})`,
      actions: topic.actions,
    });
  }
}
