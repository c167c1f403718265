// The names the monitoring capability writes and the policy rules look for (no cdktf import, so
// the checker can load it).

/** The security signals counted in every service's log group. */
export const SECURITY_SIGNALS = ['Unauthorized', 'Forbidden', 'ServerErrors'] as const;

/** One security signal. */
export type SecuritySignal = typeof SECURITY_SIGNALS[number];

/** The opt-out control, written as `opt-out.secure-constructs.io/monitoring`, that records why a service has no alarms. */
export const MONITORING_CONTROL = 'monitoring';

/** CloudWatch namespace of a platform's security metrics: `SecureConstructs/<platform>`. */
export function metricNamespace(platformId: string): string {
  return `SecureConstructs/${platformId}`;
}

/** Metric of one signal of one service: `<namespace>/<service>/<signal>`. */
export function signalMetricName(namespace: string, service: string, signal: SecuritySignal): string {
  return `${namespace}/${service}/${signal}`;
}

/**
 * The log group of a service, `/secure-constructs/<platform>/<namespace>/<service>` (the name the
 * logging capability gives it; a test keeps the two equal).
 */
export function serviceLogGroupName(platformId: string, namespace: string, service: string): string {
  return `/secure-constructs/${platformId}/${namespace}/${service}`;
}

/** Where a platform's alarms live (structural, so the platform key can use it without an import cycle). */
export interface AlarmScope {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly node: { readonly id: string };
}

/** ARN pattern of a platform's alarms (`<platform>-*`), which alone may publish to its alert topic. */
export function alarmArnPattern(platform: AlarmScope): string {
  return `arn:${platform.partition}:cloudwatch:${platform.region}:${platform.account}:alarm:${platform.node.id}-*`;
}

/**
 * The statement the platform key's policy needs so that the platform's CloudWatch alarms can
 * publish to the alert topic the key encrypts: CloudWatch, for this account's alarms of this
 * platform only, may generate data keys and decrypt them.
 */
export function alarmKeyStatement(platform: AlarmScope): unknown {
  return {
    Sid: 'CloudWatchAlarmsForPlatformAlertTopic',
    Effect: 'Allow',
    Principal: { Service: 'cloudwatch.amazonaws.com' },
    Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
    Resource: '*',
    Condition: {
      StringEquals: { 'aws:SourceAccount': platform.account },
      ArnLike: { 'aws:SourceArn': alarmArnPattern(platform) },
    },
  };
}

/**
 * Annotation on the Deployment of a service watched by Prometheus (`Monitoring.prometheus()`),
 * naming the ServiceMonitor and PrometheusRule the policy rules look for.
 */
export const PROMETHEUS_ANNOTATION = 'monitoring.secure-constructs.io/prometheus';

/** The opt-out control, `opt-out.secure-constructs.io/metrics-endpoint`, of a service that serves no metrics. */
export const METRICS_ENDPOINT_CONTROL = 'metrics-endpoint';

/** API version of the Prometheus Operator's ServiceMonitor and PrometheusRule. */
export const PROMETHEUS_OPERATOR_API_VERSION = 'monitoring.coreos.com/v1';

/** The alerts of every service's PrometheusRule (the mesh one in mesh mode only). */
export const PROMETHEUS_ALERTS = ['CrashLooping', 'OOMKilled', 'ServerErrorRatio', 'ClientErrorRatio'] as const;

/** The alert on mesh authorization denials (mesh mode). */
export const MESH_DENIALS_ALERT = 'MeshAuthorizationDenials';
