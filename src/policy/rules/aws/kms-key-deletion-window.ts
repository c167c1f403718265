import { resourceRule } from './util';
import { Severity } from '../../model';

/** The shortest deletion waiting period accepted, in days. */
export const MIN_DELETION_WINDOW_DAYS = 7;

/** KMS: a deleted key can be recovered for a while. */
export const KMS_KEY_DELETION_WINDOW = resourceRule({
  id: 'AWS-010',
  severity: Severity.WARNING,
  title: `KMS keys have a deletion window of at least ${MIN_DELETION_WINDOW_DAYS} days`,
  description: 'Deleting a KMS key makes everything encrypted with it unreadable. A waiting period leaves time to notice and cancel an unintended deletion.',
  fix: `Set \`deletion_window_in_days\` to ${MIN_DELETION_WINDOW_DAYS}-30 (default 30).`,
}, ['aws_kms_key'], r => {
  const days = r.config?.deletion_window_in_days;
  if (days === undefined || days === null) return [];
  const n = Number(days);
  return Number.isFinite(n) && n >= MIN_DELETION_WINDOW_DAYS ? [] : [`deletion_window_in_days is ${days}`];
});
