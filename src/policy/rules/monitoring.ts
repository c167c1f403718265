import { IRule } from '../model';
import { SERVICE_SECURITY_ALARMS, SERVICE_SECURITY_FILTERS } from './cross-cutting/service-security-monitoring';

/**
 * The rules of the monitoring capability, in the cross-cutting pack: X-017 and X-018. An alert
 * topic without a customer-managed key is AWS-027's finding, for any SNS topic.
 */
export const MONITORING_RULES: IRule[] = [SERVICE_SECURITY_FILTERS, SERVICE_SECURITY_ALARMS];
