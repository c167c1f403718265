import { asList, crossRule, objectFinding, objectsOfKind } from './util';
import { Severity } from '../../model';

/** Network: no NetworkPolicy rule opens every peer on every port. */
export const NO_ALLOW_ALL_NETWORK_RULES = crossRule({
  id: 'X-009',
  severity: Severity.WARNING,
  title: 'No NetworkPolicy rule allows every peer on every port',
  description: 'NetworkPolicies add up: one rule with neither peers nor ports (`- {}`) opens the selected pods to, or from, everything, whatever the default-deny and the declared edges say.',
  fix: 'List the peers (pod/namespace selectors or IP blocks) and the ports of every rule.',
}, input => objectsOfKind(input, 'NetworkPolicy').flatMap(p => (['ingress', 'egress'] as const).flatMap(direction =>
  asList<any>(p.object?.spec?.[direction]).flatMap((rule, i) => {
    const peers = asList(rule?.[direction === 'ingress' ? 'from' : 'to']);
    return peers.length === 0 && asList(rule?.ports).length === 0
      ? [objectFinding(p, `${direction} rule ${i} allows every peer on every port`)] : [];
  }))));
