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
