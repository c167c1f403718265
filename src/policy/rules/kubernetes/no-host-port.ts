import { containerRule } from './util';
import { Severity } from '../../model';

/** PSS baseline: no host ports. */
export const NO_HOST_PORT = containerRule({
  id: 'K8S-009',
  severity: Severity.ERROR,
  title: 'No host ports',
  description: 'Pod Security Standards: containers must not set `ports[].hostPort`. A host port exposes the pod on the node\'s address, outside Services and NetworkPolicies, and limits scheduling.',
  fix: 'Remove `hostPort` and expose the port through a Service.',
}, c => {
  const ports = (Array.isArray(c.container?.ports) ? c.container.ports : []).filter((p: any) => p?.hostPort !== undefined && p.hostPort !== 0);
  return ports.length ? `uses host port ${ports.map((p: any) => p.hostPort).join(', ')}` : undefined;
});
