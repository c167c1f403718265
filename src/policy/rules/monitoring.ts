import { IRule } from '../model';
import { SNS_TOPIC_ENCRYPTION } from './aws/sns-topic-encryption';
import { SERVICE_SECURITY_ALARMS, SERVICE_SECURITY_FILTERS } from './cross-cutting/service-security-monitoring';

/**
 * The rules of the monitoring capability: AWS-021 (aws pack), X-011 and X-012 (cross-cutting
 * pack). They join their packs together with monitoring on by default on the Platform.
 */
export const MONITORING_RULES: IRule[] = [SNS_TOPIC_ENCRYPTION, SERVICE_SECURITY_FILTERS, SERVICE_SECURITY_ALARMS];
