import { containerRule } from './util';
import { Severity } from '../../model';

const ALLOWED_TYPES = new Set(['RuntimeDefault', 'Localhost']);

/** The annotation that set a container's AppArmor profile before the `appArmorProfile` field. */
export const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

/** PSS baseline: AppArmor is not turned off. */
export const APPARMOR_PROFILE = containerRule({
  id: 'K8S-029',
  severity: Severity.ERROR,
  title: 'AppArmor is not set to Unconfined',
  description: 'Pod Security Standards "baseline": an AppArmor profile, set with `securityContext.appArmorProfile.type` (pod or container) or the annotation `container.apparmor.security.beta.kubernetes.io/<container>`, must be unset, `RuntimeDefault` (`runtime/default`) or `Localhost` (`localhost/<profile>`). `Unconfined` turns off the mandatory access control that blocks many container escapes.',
  fix: 'Remove the profile or set `appArmorProfile: {type: RuntimeDefault}` (annotation `runtime/default`).',
}, (c, pod) => {
  const own = c.container?.securityContext?.appArmorProfile?.type;
  const type = own ?? pod.spec?.securityContext?.appArmorProfile?.type;
  if (type !== undefined && type !== null && !ALLOWED_TYPES.has(type)) return `appArmorProfile.type is ${type}`;
  const annotation = pod.metadata?.annotations?.[`${APPARMOR_ANNOTATION_PREFIX}${c.container?.name}`];
  if (annotation === undefined || annotation === null) return undefined;
  return annotation === 'runtime/default' || (typeof annotation === 'string' && annotation.startsWith('localhost/'))
    ? undefined : `AppArmor annotation is "${annotation}"`;
});
