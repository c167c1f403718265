import type { PolicySuppression } from './engine';
import { PolicyInput } from './model';
import { MIN_REASON_LENGTH } from '../core/opt-out';

/**
 * The key, in a Terraform resource's `//` block (a comment Terraform ignores), under which the
 * library records the findings on that resource it accepts and why: a list of
 * `{ ruleId, reason }`. It carries a `Policy.of(construct).suppress(ruleId, reason)` made by the
 * library into the written output, so that `secure-constructs check <dir>` applies it too.
 */
export const DECLARED_SUPPRESSIONS_KEY = 'secure-constructs:suppressions';

/** A finding a Terraform resource accepts, with the reason. */
export interface DeclaredSuppression {
  /** The rule whose finding on the resource is accepted. */
  readonly ruleId: string;
  /** Why (at least 10 characters). */
  readonly reason: string;
}

/**
 * The suppressions declared in the Terraform resources of `input`, each scoped to its own
 * resource (its construct path). Entries without a rule id or without a reason of at least 10
 * characters are ignored; an entry for a rule that finds nothing there matches nothing.
 */
export function declaredSuppressions(input: PolicyInput): PolicySuppression[] {
  const result: PolicySuppression[] = [];
  for (const r of input.terraform) {
    const declared = r.config?.['//']?.[DECLARED_SUPPRESSIONS_KEY];
    for (const d of Array.isArray(declared) ? declared : []) {
      const reason = typeof d?.reason === 'string' ? d.reason.trim() : '';
      if (typeof d?.ruleId === 'string' && d.ruleId !== '' && reason.length >= MIN_REASON_LENGTH) {
        result.push({ ruleId: d.ruleId, constructPath: r.constructPath, reason });
      }
    }
  }
  return result;
}
