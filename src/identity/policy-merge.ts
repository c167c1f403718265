import { fail } from '../core/errors';

/**
 * Longest inline policy text IAM accepts per role, summed over all of the role's inline
 * policies, counted without whitespace. Splitting into several inline policies does not raise
 * it, so a larger policy is refused rather than split.
 */
export const MAX_INLINE_POLICY_CHARS = 10240;

/** Length assumed for a Terraform reference whose value is unknown at synth time. */
const UNKNOWN_REFERENCE_LENGTH = 256;

const estimates = new Map<string, string>();

/**
 * Records an ARN of the same shape and length as the value a Terraform reference will take
 * (for example the secret ARN with its 6-character suffix), for the policy size check.
 */
export function registerArnEstimate(reference: string, estimate: string): void {
  estimates.set(reference, estimate);
}

interface StatementJson {
  Sid?: string;
  Effect: string;
  Action: string[];
  Resource: string[];
  Condition?: unknown;
}

/**
 * Merges statements without changing what they allow: statements with the same effect,
 * resources and conditions are joined by uniting their actions; then statements with the same
 * effect, actions and conditions are joined by uniting their resources. Actions, resources and
 * statements are sorted, so the result does not depend on the order of grants.
 */
export function mergeStatements(statements: StatementJson[]): StatementJson[] {
  const byScope = group(statements, s => JSON.stringify([s.Sid, s.Effect, s.Resource, s.Condition]),
    (a, b) => ({ ...a, Action: union(a.Action, b.Action) }));
  const byActions = group(byScope, s => JSON.stringify([s.Sid, s.Effect, s.Action, s.Condition]),
    (a, b) => ({ ...a, Resource: union(a.Resource, b.Resource) }));
  return byActions
    .map(s => ({
      ...(s.Sid ? { Sid: s.Sid } : {}),
      Effect: s.Effect,
      Action: s.Action,
      Resource: s.Resource,
      ...(s.Condition ? { Condition: s.Condition } : {}),
    }))
    .sort((a, b) => compare(JSON.stringify(a), JSON.stringify(b)));
}

/** The policy's size as IAM counts it, with Terraform references replaced by estimates. */
export function estimatePolicySize(document: unknown): number {
  let text = JSON.stringify(document);
  text = text.replace(/\$\{TfToken\[[^\]]*\]\}/g, ref => estimates.get(ref) ?? 'x'.repeat(UNKNOWN_REFERENCE_LENGTH));
  return text.length;
}

/** Fails when the policy of the role at `path` would pass the IAM inline policy limit. */
export function checkPolicySize(path: string, document: unknown): void {
  const size = estimatePolicySize(document);
  if (size > MAX_INLINE_POLICY_CHARS) {
    fail(path, 'grants', `${size} characters of policy`,
      `the service's IAM policy would exceed the ${MAX_INLINE_POLICY_CHARS}-character limit for the inline policies of a role (IAM counts all inline policies of a role together, so splitting does not help)`,
      'grant on fewer resources (for example one bucket with key prefixes instead of many buckets), or split the service\'s work across services with their own roles');
  }
}

type Merge = (a: StatementJson, b: StatementJson) => StatementJson;

function group(items: StatementJson[], key: (s: StatementJson) => string, merge: Merge): StatementJson[] {
  const result = new Map<string, StatementJson>();
  for (const item of items) {
    const k = key(item);
    const existing = result.get(k);
    result.set(k, existing ? merge(existing, item) : item);
  }
  return [...result.values()];
}

function union(a: string[], b: string[]): string[] {
  return [...new Set([...a, ...b])].sort(compare);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
