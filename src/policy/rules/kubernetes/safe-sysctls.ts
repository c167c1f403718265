import { podRule } from './util';
import { Severity } from '../../model';

/** The sysctls Pod Security Standards allow (namespaced and isolated per pod). */
const SAFE = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]);

/** PSS baseline: only safe sysctls. */
export const SAFE_SYSCTLS = podRule({
  id: 'K8S-011',
  severity: Severity.ERROR,
  title: 'Only safe sysctls',
  description: `Pod Security Standards: pods may set only the safe, pod-isolated sysctls (${[...SAFE].join(', ')}). Other sysctls change kernel behaviour for every pod on the node.`,
  fix: 'Remove the sysctl from `securityContext.sysctls`; if the workload really needs it, run it on dedicated nodes configured by the platform team.',
}, pod => (Array.isArray(pod.spec?.securityContext?.sysctls) ? pod.spec.securityContext.sysctls : [])
  .filter((s: any) => !SAFE.has(s?.name))
  .map((s: any) => `sets unsafe sysctl ${s?.name}`));
