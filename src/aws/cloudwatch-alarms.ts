import { CloudwatchLogMetricFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-metric-filter';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { ITerraformDependable } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { withoutTokenTraces } from './token-traces';

export interface LogSignalAlarmConfig {
  readonly logGroupName: string;
  /** Name of the metric filter and the alarm. */
  readonly name: string;
  readonly pattern: string;
  readonly metricNamespace: string;
  readonly metricName: string;
  readonly threshold: number;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  readonly description: string;
  /** Topic ARNs the alarm notifies when it fires and when it recovers. */
  readonly actions: string[];
  /** The log group resource, when the same configuration creates it: the filter waits for it. */
  readonly logGroup?: IConstruct;
}

/**
 * A metric filter that counts the log events matching a pattern, and an alarm on the count
 * (missing data is no event, so it does not alarm).
 */
export function createLogSignalAlarm(scope: Construct, id: string, config: LogSignalAlarmConfig): void {
  withoutTokenTraces(() => {
    new CloudwatchLogMetricFilter(scope, `${id}Filter`, {
      name: config.name,
      logGroupName: config.logGroupName,
      pattern: config.pattern,
      metricTransformation: { name: config.metricName, namespace: config.metricNamespace, value: '1', defaultValue: '0', unit: 'Count' },
      ...(config.logGroup ? { dependsOn: [config.logGroup as unknown as ITerraformDependable] } : {}),
    });
    createMetricAlarm(scope, `${id}Alarm`, {
      name: config.name,
      description: config.description,
      namespace: config.metricNamespace,
      metricName: config.metricName,
      statistic: 'Sum',
      periodSeconds: config.periodSeconds,
      evaluationPeriods: config.evaluationPeriods,
      threshold: config.threshold,
      actions: config.actions,
    });
  });
}

/** An alarm on one CloudWatch metric (a count or a gauge, per period). */
export interface MetricAlarmConfig {
  /** Name of the alarm. */
  readonly name: string;
  readonly description: string;
  readonly namespace: string;
  readonly metricName: string;
  /** The metric's dimensions; none for a metric without dimensions (such as a log metric filter's). */
  readonly dimensions?: { [name: string]: string };
  readonly statistic: 'Sum' | 'Maximum';
  readonly threshold: number;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  /** Topic ARNs the alarm notifies when it fires and when it recovers. */
  readonly actions: string[];
}

/** An alarm on one CloudWatch metric; missing data (no traffic) does not alarm. */
export function createMetricAlarm(scope: Construct, id: string, config: MetricAlarmConfig): void {
  withoutTokenTraces(() => new CloudwatchMetricAlarm(scope, id, {
    alarmName: config.name,
    alarmDescription: config.description,
    namespace: config.namespace,
    metricName: config.metricName,
    dimensions: config.dimensions,
    statistic: config.statistic,
    period: config.periodSeconds,
    evaluationPeriods: config.evaluationPeriods,
    threshold: config.threshold,
    comparisonOperator: 'GreaterThanOrEqualToThreshold',
    treatMissingData: 'notBreaching',
    alarmActions: config.actions,
    okActions: config.actions,
  }));
}

/** An alarm on a CloudWatch Metrics Insights query that returns one time series. */
export interface QueryAlarmConfig {
  readonly name: string;
  readonly description: string;
  /** The query, e.g. `SELECT SUM(HTTPCode_ELB_5XX_Count) FROM "AWS/ApplicationELB" WHERE ...`. */
  readonly query: string;
  readonly threshold: number;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  readonly actions: string[];
}

/**
 * An alarm on a Metrics Insights query (`metric_query` with the query as its `expression`), for
 * metrics whose dimensions are not known before apply (a load balancer the controller creates);
 * missing data does not alarm.
 */
export function createQueryAlarm(scope: Construct, id: string, config: QueryAlarmConfig): void {
  withoutTokenTraces(() => new CloudwatchMetricAlarm(scope, id, {
    alarmName: config.name,
    alarmDescription: config.description,
    metricQuery: [{ id: 'q1', expression: config.query, period: config.periodSeconds, returnData: true }],
    evaluationPeriods: config.evaluationPeriods,
    threshold: config.threshold,
    comparisonOperator: 'GreaterThanOrEqualToThreshold',
    treatMissingData: 'notBreaching',
    alarmActions: config.actions,
    okActions: config.actions,
  }));
}
