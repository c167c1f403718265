import { resourceRule } from './util';
import { Severity } from '../../model';

/** CloudWatch Logs: log groups expire their events. */
export const LOG_GROUP_RETENTION = resourceRule({
  id: 'AWS-019',
  severity: Severity.WARNING,
  title: 'CloudWatch log groups have a retention period',
  description: 'Without `retention_in_days` (or with 0) log events are kept forever: cost grows without bound and old personal data is never deleted.',
  fix: 'Set `retention_in_days` to the period your retention policy requires, e.g. 90 or 365.',
}, ['aws_cloudwatch_log_group'], r => {
  const days = Number(r.config?.retention_in_days ?? 0);
  return Number.isFinite(days) && days > 0 ? [] : ['no retention_in_days: events never expire'];
});
