import { blocks, isTrue, resourceRule } from './util';
import { Severity } from '../../model';

/** DynamoDB: tables can be restored to any point in time. */
export const DYNAMODB_POINT_IN_TIME_RECOVERY = resourceRule({
  id: 'AWS-017',
  severity: Severity.WARNING,
  title: 'DynamoDB tables have point-in-time recovery',
  description: 'Point-in-time recovery protects a table against accidental or malicious writes and deletes by allowing restores to any second of the last 35 days.',
  fix: 'Add `point_in_time_recovery { enabled = true }`.',
}, ['aws_dynamodb_table'], r => {
  const pitr = blocks(r.config?.point_in_time_recovery)[0];
  return pitr && isTrue(pitr.enabled) ? [] : ['point_in_time_recovery is not enabled'];
});
