import { containerRule } from './util';
import { Severity } from '../../model';

/** PSS restricted: capabilities drop ALL. */
export const DROP_ALL_CAPABILITIES = containerRule({
  id: 'K8S-004',
  severity: Severity.ERROR,
  title: 'All capabilities are dropped',
  description: 'Pod Security Standards "restricted": every container must drop all Linux capabilities (`capabilities.drop: [ALL]`). The runtime default set includes capabilities such as NET_RAW and CHOWN that ordinary services never need.',
  fix: 'Set `securityContext.capabilities.drop: ["ALL"]` on every container; add back only NET_BIND_SERVICE if the process binds a port below 1024.',
}, c => {
  const drop = c.container?.securityContext?.capabilities?.drop;
  return Array.isArray(drop) && drop.some((d: unknown) => typeof d === 'string' && d.toUpperCase() === 'ALL')
    ? undefined : 'does not drop ALL capabilities';
});
