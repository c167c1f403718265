import { serviceAccountOf, tokenMountProblem } from './no-service-account-token';
import { podRule } from './util';
import { Severity } from '../../model';

/** RBAC: no pod holds the token of its namespace's default ServiceAccount. */
export const DEFAULT_SERVICE_ACCOUNT_TOKEN = podRule({
  id: 'K8S-039',
  severity: Severity.ERROR,
  title: 'No workload mounts the default ServiceAccount\'s token',
  description: 'A pod that runs as its namespace\'s `default` ServiceAccount and mounts its token carries a credential that every other pod of the namespace without its own ServiceAccount shares, and that any RoleBinding to `default` (often added for one tool) silently extends.',
  fix: 'Give the workload its own ServiceAccount (`serviceAccountName`) and set `automountServiceAccountToken: false` on the pod, or on the `default` ServiceAccount.',
}, (pod, input) => {
  if (serviceAccountOf(pod) !== 'default') return [];
  return tokenMountProblem(pod, input).map(p => `runs as the "default" ServiceAccount and ${p}`);
});
