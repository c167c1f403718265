import { blocks, isTrue, resourceRule } from './util';
import { REMOVAL_POLICY_RULE_ID } from '../../../core/removal-policy';
import { SKIP_DESTROY_TYPES, STATEFUL_RESOURCES } from '../../../diff/stateful';
import { Severity } from '../../model';

/** Stateful resources: Terraform refuses to destroy them. */
export const STATEFUL_PREVENT_DESTROY = resourceRule({
  id: REMOVAL_POLICY_RULE_ID,
  severity: Severity.ERROR,
  title: 'Stateful resources are protected from destruction',
  description: 'A KMS key, secret, bucket, table, queue, log group (or another resource that holds data) without `lifecycle { prevent_destroy = true }` is destroyed by any plan that drops or replaces it: renaming a construct, moving it under another scope, or changing a name that forces replacement deletes the data. Log groups also need `skip_destroy = true`, which keeps the group and its events when it leaves the state.',
  fix: 'Add `lifecycle { prevent_destroy = true }` (log groups also `skip_destroy = true`); with secure-constructs this is the default. For a throw-away environment, accept the finding with a reason: `removalPolicy: RemovalPolicy.destroy(\'<reason>\')` on the construct or the Platform.',
}, Object.keys(STATEFUL_RESOURCES), r => {
  const messages: string[] = [];
  const lifecycle = blocks(r.config?.lifecycle)[0];
  if (!lifecycle || !isTrue(lifecycle.prevent_destroy)) messages.push('no lifecycle.prevent_destroy: a plan that drops or replaces it destroys its data');
  if (SKIP_DESTROY_TYPES.includes(r.type) && !isTrue(r.config?.skip_destroy)) messages.push('no skip_destroy: the log group and its events are deleted when it leaves the state');
  return messages;
});
