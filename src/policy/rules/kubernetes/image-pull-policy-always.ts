import { containerRule } from './util';
import { Severity } from '../../model';

/** NSA/CISA: imagePullPolicy Always. */
export const IMAGE_PULL_POLICY_ALWAYS = containerRule({
  id: 'K8S-016',
  severity: Severity.WARNING,
  title: 'Images are always pulled',
  description: 'NSA/CISA Kubernetes Hardening Guidance: with `imagePullPolicy: Always` the kubelet checks the registry\'s credentials for every pod start, so a pod cannot reuse a private image that another tenant pulled onto the node.',
  fix: 'Set `imagePullPolicy: Always` on every container (with digest-pinned images the pull is a cheap manifest check).',
}, c => (c.container?.imagePullPolicy === 'Always' ? undefined : `imagePullPolicy is ${c.container?.imagePullPolicy ?? 'not set'}`));
