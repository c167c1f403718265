import { podRule } from './util';
import { Severity } from '../../model';

/** Least privilege: each workload runs under its own ServiceAccount. */
export const DEDICATED_SERVICE_ACCOUNT = podRule({
  id: 'K8S-025',
  severity: Severity.WARNING,
  title: 'Workloads use a dedicated ServiceAccount',
  description: 'Least privilege: pods that run as the namespace\'s `default` ServiceAccount share its RBAC bindings and cloud identity with every other pod that forgets to choose one. Each workload names its own ServiceAccount.',
  fix: 'Create a ServiceAccount for the workload and set `serviceAccountName` in the pod spec.',
}, pod => {
  const name = pod.spec?.serviceAccountName ?? pod.spec?.serviceAccount;
  return name === undefined || name === 'default' ? ['runs as the "default" ServiceAccount'] : [];
});
