import { TerraformResource } from 'cdktf';
import { IConstruct } from 'constructs';
import { REMOVAL_POLICY_RULE_ID, RemovalSettings, resolveRemovalPolicy } from '../core/removal-policy';

/**
 * The key, in a Terraform resource's `//` block, of the findings the library accepts on it (the
 * same key as `DECLARED_SUPPRESSIONS_KEY` of the policy engine, which the AWS layer does not import).
 */
const SUPPRESSIONS_KEY = 'secure-constructs:suppressions';

/** A `{ ruleId, reason }` entry of a resource's `//` block. */
export interface DeclaredException {
  readonly ruleId: string;
  readonly reason: string;
}

/** The removal policy that applies to a resource created under `scope`, given its own (if any). */
export function removalFor(scope: IConstruct, own: RemovalSettings | undefined): RemovalSettings {
  return resolveRemovalPolicy(scope, own);
}

/** The `lifecycle` meta-argument of a stateful resource under `removal`. */
export function lifecycleFor(removal: RemovalSettings): { preventDestroy: boolean } | undefined {
  return removal.destroy ? undefined : { preventDestroy: true };
}

/** The exceptions a stateful resource declares under `removal`: the removal rule's, with the reason. */
export function removalExceptions(removal: RemovalSettings): DeclaredException[] {
  return removal.destroy ? [{ ruleId: REMOVAL_POLICY_RULE_ID, reason: removal.reason! }] : [];
}

/**
 * Writes `exceptions` into `resource`'s `//` block (a comment for Terraform), where synth's policy
 * check and `secure-constructs check` read them. Nothing is written when there are none.
 */
export function declareExceptions(resource: TerraformResource, exceptions: DeclaredException[]): void {
  if (exceptions.length === 0) return;
  const all = [...(declaredSoFar.get(resource) ?? [])];
  for (const e of exceptions) {
    if (!all.some(a => a.ruleId === e.ruleId && a.reason === e.reason)) all.push(e);
  }
  declaredSoFar.set(resource, all);
  resource.addOverride(`//.${SUPPRESSIONS_KEY}`, all);
}

/** What each resource declared so far (the override holds the whole list). */
const declaredSoFar = new WeakMap<TerraformResource, DeclaredException[]>();

/**
 * Records an accepted finding (`Policy.of(construct).suppress(ruleId, reason)`) on every Terraform
 * resource under `scope`, so that the written output carries it and `secure-constructs check`
 * accepts the same findings as synth.
 */
export function declareUnder(scope: IConstruct, exception: DeclaredException): void {
  for (const c of scope.node.findAll()) {
    if (TerraformResource.isTerraformResource(c)) declareExceptions(c, [exception]);
  }
}

/** Splits a `//` comment map into its declared exceptions and the other entries. */
export function splitComments(comments: { [key: string]: unknown }): { exceptions: DeclaredException[]; rest: { [key: string]: unknown } } {
  const { [SUPPRESSIONS_KEY]: declared, ...rest } = comments;
  return { exceptions: Array.isArray(declared) ? declared as DeclaredException[] : [], rest };
}
