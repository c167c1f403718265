import { IRule } from '../model';
import { SERVICE_PROMETHEUS_RULES, SERVICE_SCRAPED_OVER_TLS } from './cross-cutting/service-prometheus-monitoring';
import { SERVICE_SECURITY_ALARMS, SERVICE_SECURITY_FILTERS } from './cross-cutting/service-security-monitoring';

/**
 * The rules of the monitoring capability, in the cross-cutting pack: X-017 and X-018 (CloudWatch), X-019 and X-020 (Prometheus). An alert
 * topic without a customer-managed key is AWS-027's finding, for any SNS topic.
 */
export const MONITORING_RULES: IRule[] = [SERVICE_SECURITY_FILTERS, SERVICE_SECURITY_ALARMS, SERVICE_PROMETHEUS_RULES, SERVICE_SCRAPED_OVER_TLS];
