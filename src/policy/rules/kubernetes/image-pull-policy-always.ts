import { containerRule } from './util';
import { Severity } from '../../model';

/**
 * The pull policy Kubernetes gives a container that sets none: `Always` for an image tagged
 * `:latest` or without tag and digest, otherwise `IfNotPresent`.
 */
export function defaultPullPolicy(image: any): string {
  if (typeof image !== 'string') return 'IfNotPresent';
  if (image.includes('@')) return 'IfNotPresent';
  const last = image.slice(image.lastIndexOf('/') + 1);
  const colon = last.lastIndexOf(':');
  return colon < 0 || last.slice(colon + 1) === 'latest' ? 'Always' : 'IfNotPresent';
}

/** NSA/CISA: imagePullPolicy Always. */
export const IMAGE_PULL_POLICY_ALWAYS = containerRule({
  id: 'K8S-016',
  severity: Severity.WARNING,
  title: 'Images are always pulled',
  description: 'NSA/CISA Kubernetes Hardening Guidance: with `imagePullPolicy: Always` the kubelet checks the registry\'s credentials for every pod start, so a pod cannot reuse a private image that another tenant pulled onto the node. Kubernetes defaults to `Always` for images tagged `:latest` or without a tag, so those pass without the field.',
  fix: 'Set `imagePullPolicy: Always` on every container (with digest-pinned images the pull is a cheap manifest check).',
}, c => {
  const policy = c.container?.imagePullPolicy ?? defaultPullPolicy(c.container?.image);
  if (policy === 'Always') return undefined;
  return c.container?.imagePullPolicy === undefined ? `imagePullPolicy is not set (defaults to ${policy} for image "${c.container?.image}")` : `imagePullPolicy is ${policy}`;
});
