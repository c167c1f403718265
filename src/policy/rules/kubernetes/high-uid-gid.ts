import { containerRule, effective } from './util';
import { Severity } from '../../model';

/** Lowest UID and GID accepted: above the range of host system and login users. */
export const MIN_UID = 10000;

/** NSA/CISA: fixed, high non-root UID and GID. */
export const HIGH_UID_GID = containerRule({
  id: 'K8S-014',
  optOutControl: 'run-as-root',
  severity: Severity.WARNING,
  title: `Containers run as a fixed UID and GID >= ${MIN_UID}`,
  description: `NSA/CISA Kubernetes Hardening Guidance: run containers as a dedicated non-root user. An explicit \`runAsUser\` (and \`runAsGroup\`, if set) of at least ${MIN_UID} cannot collide with a user of the node, so a process that escapes the container holds no host user's files. Pods with \`hostUsers: false\` run in a user namespace, whose UIDs map to an unprivileged range of the node, and pass.`,
  fix: `Set \`securityContext.runAsUser\` and \`runAsGroup\` on the pod to ${MIN_UID + 1} or another value >= ${MIN_UID}.`,
}, (c, pod) => {
  // In a user namespace (`hostUsers: false`) the container's UIDs map to an unprivileged range of the node.
  if (pod.spec?.hostUsers === false) return undefined;
  const uid = effective(c, pod, 'runAsUser');
  const gid = effective(c, pod, 'runAsGroup');
  if (typeof uid !== 'number') return 'sets no runAsUser (the image decides the user)';
  if (uid < MIN_UID) return `runs as UID ${uid} (< ${MIN_UID})`;
  if (typeof gid === 'number' && gid < MIN_UID) return `runs as GID ${gid} (< ${MIN_UID})`;
  return undefined;
});
