import { ContainerRef, containerRule, PodSpecRef } from './util';
import { Severity } from '../../model';

/** The SELinux types Pod Security Standards "baseline" allows. */
export const ALLOWED_SELINUX_TYPES = ['container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t'];

function problems(options: any, where: string): string[] {
  if (!options || typeof options !== 'object') return [];
  const result: string[] = [];
  const type = options.type;
  if (type !== undefined && type !== null && type !== '' && !ALLOWED_SELINUX_TYPES.includes(type)) result.push(`${where}seLinuxOptions.type is ${type}`);
  for (const field of ['user', 'role']) {
    const v = options[field];
    if (v !== undefined && v !== null && v !== '') result.push(`${where}seLinuxOptions.${field} is set (${v})`);
  }
  return result;
}

/** PSS baseline: SELinux options stay within the container types. */
export const SELINUX_OPTIONS = containerRule({
  id: 'K8S-030',
  severity: Severity.ERROR,
  title: 'SELinux options use only the container types',
  description: `Pod Security Standards "baseline": \`seLinuxOptions.type\` (pod or container) must be unset or one of ${ALLOWED_SELINUX_TYPES.map(t => `\`${t}\``).join(', ')}, and \`seLinuxOptions.user\` and \`role\` must be unset. Other types or users (e.g. \`spc_t\`, \`unconfined_t\`) lift the SELinux confinement of the container.`,
  fix: 'Remove `seLinuxOptions` or keep only `level` and an allowed `type`.',
}, (c: ContainerRef, pod: PodSpecRef) => {
  const found = [...problems(pod.spec?.securityContext?.seLinuxOptions, 'pod '), ...problems(c.container?.securityContext?.seLinuxOptions, '')];
  return found.length === 0 ? undefined : found.join('; ');
});
