import { memo, podRule, PodSpecRef } from './util';
import { PolicyInput, Severity } from '../../model';

const serviceAccounts = new WeakMap<PolicyInput, Map<string, any>>();

/** NSA/CISA: no service account token unless needed. */
export const NO_SERVICE_ACCOUNT_TOKEN = podRule({
  id: 'K8S-013',
  severity: Severity.ERROR,
  title: 'No service account token is mounted',
  description: 'NSA/CISA Kubernetes Hardening Guidance: pods that do not call the Kubernetes API must not mount a service account token. A stolen token lets an attacker act on the API with the pod\'s permissions. The pod must set `automountServiceAccountToken: false`, or its ServiceAccount must.',
  fix: 'Set `automountServiceAccountToken: false` on the pod spec (and on its ServiceAccount); mount a projected token explicitly for the rare workload that talks to the API server.',
}, (pod, input) => tokenMountProblem(pod, input));

/** The pod's ServiceAccount name (`default` when unset). */
export function serviceAccountOf(pod: PodSpecRef): string {
  return pod.spec?.serviceAccountName ?? pod.spec?.serviceAccount ?? 'default';
}

/** Why a pod mounts a service account token, or nothing when it does not. */
export function tokenMountProblem(pod: PodSpecRef, input: PolicyInput): string[] {
  const own = pod.spec?.automountServiceAccountToken;
  if (own === false) return [];
  if (own === true) return ['automountServiceAccountToken is true'];
  const accounts = memo(serviceAccounts, input, () => new Map(input.kubernetes
    .filter(o => o.object.kind === 'ServiceAccount')
    .map(o => [`${o.object.metadata?.namespace ?? ''}/${o.object.metadata?.name}`, o.object])));
  const name = serviceAccountOf(pod);
  const sa = accounts.get(`${pod.owner.object.metadata?.namespace ?? ''}/${name}`);
  return sa?.automountServiceAccountToken === false ? [] : [`mounts a service account token (neither the pod nor ServiceAccount "${name}" sets automountServiceAccountToken: false)`];
}
