import { containerRule } from './util';
import { Severity } from '../../model';

/** PSS baseline/restricted: no privileged containers. */
export const NO_PRIVILEGED = containerRule({
  id: 'K8S-002',
  severity: Severity.ERROR,
  title: 'No privileged containers',
  description: 'Pod Security Standards: containers must not set `securityContext.privileged: true`. A privileged container has every capability and access to all host devices; it is equivalent to root on the node.',
  fix: 'Remove `privileged: true` (or set it to false); grant only the specific capability the workload needs, if any.',
}, c => (c.container?.securityContext?.privileged === true ? 'is privileged' : undefined));
