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

/**
 * The annotation prefix under which a Kubernetes object records a finding on it that is accepted:
 * `suppress.secure-constructs.io/<rule id>: <reason>`. Synth writes one for every
 * `Policy.of(construct).suppress(ruleId, reason)` on every object the construct writes.
 */
export const SUPPRESSION_ANNOTATION_PREFIX = 'suppress.secure-constructs.io/';

/** A finding a Terraform resource accepts, with the reason. */
export interface DeclaredSuppression {
  /** The rule whose finding on the resource is accepted. */
  readonly ruleId: string;
  /** Why (at least 10 characters). */
  readonly reason: string;
}

/**
 * The suppressions declared in the output: in the `//` block of Terraform resources and in the
 * `suppress.secure-constructs.io/<rule id>` annotations of Kubernetes objects, each scoped to its
 * own resource or object (its construct path). Entries without a rule id or without a reason of at
 * least 10 characters are ignored; an entry for a rule that finds nothing there matches nothing.
 */
export function declaredSuppressions(input: PolicyInput): PolicySuppression[] {
  const result: PolicySuppression[] = [];
  const seen = new Set<string>();
  for (const o of input.kubernetes) {
    const annotations = o.object?.metadata?.annotations;
    if (!annotations || typeof annotations !== 'object') continue;
    for (const [key, value] of Object.entries(annotations)) {
      if (!key.startsWith(SUPPRESSION_ANNOTATION_PREFIX)) continue;
      const reason = typeof value === 'string' ? value.trim() : '';
      const ruleId = key.slice(SUPPRESSION_ANNOTATION_PREFIX.length);
      const id = `${ruleId}\u0000${o.constructPath}\u0000${reason}`;
      if (ruleId !== '' && reason.length >= MIN_REASON_LENGTH && !seen.has(id)) {
        seen.add(id);
        result.push({ ruleId, constructPath: o.constructPath, reason });
      }
    }
  }
  for (const r of input.terraform) {
    const declared = r.config?.['//']?.[DECLARED_SUPPRESSIONS_KEY];
    for (const d of Array.isArray(declared) ? declared : []) {
      const reason = typeof d?.reason === 'string' ? d.reason.trim() : '';
      const id = `${d?.ruleId}\u0000${r.constructPath}\u0000${reason}`;
      if (typeof d?.ruleId === 'string' && d.ruleId !== '' && reason.length >= MIN_REASON_LENGTH && !seen.has(id)) {
        seen.add(id);
        result.push({ ruleId: d.ruleId, constructPath: r.constructPath, reason });
      }
    }
  }
  return result;
}
