import { asList, crossRule, objectFinding, objectsOfKind } from './util';
import { coversEverything, IpBlock } from '../../../core/cidr';
import { Severity } from '../../model';

/** Whether a rule's peers are everyone: no peers at all, or IP blocks that together cover every address. */
function everyPeer(peers: any[]): boolean {
  if (peers.length === 0) return true;
  if (!peers.every(p => p?.ipBlock && !p.podSelector && !p.namespaceSelector)) return false;
  const blocks: IpBlock[] = peers.map(p => ({ cidr: p.ipBlock.cidr, except: asList<string>(p.ipBlock.except) }));
  try {
    return coversEverything(blocks);
  } catch {
    return false;
  }
}

/** Whether a rule's ports are all ports: no port list, or an entry without a port (every port of its protocol). */
function everyPort(ports: any[]): boolean {
  return ports.length === 0 || ports.some(p => p?.port === undefined || p?.port === null);
}

/** Network: no NetworkPolicy rule opens every peer on every port. */
export const NO_ALLOW_ALL_NETWORK_RULES = crossRule({
  id: 'X-009',
  severity: Severity.ERROR,
  title: 'No NetworkPolicy rule allows every peer on every port',
  description: 'NetworkPolicies add up: one rule that admits every peer (no peers at all, or IP blocks that together cover every address such as `0.0.0.0/0` and `::/0`, or `0.0.0.0/1` with `128.0.0.0/1`) on every port (no ports, or a port entry without a port number, which means every port of its protocol) opens the selected pods to, or from, everything, whatever the default-deny and the declared edges say.',
  fix: 'List the peers (pod/namespace selectors or the IP ranges needed) and the port numbers of every rule.',
}, input => objectsOfKind(input, 'NetworkPolicy').flatMap(p => (['ingress', 'egress'] as const).flatMap(direction =>
  asList<any>(p.object?.spec?.[direction]).flatMap((rule, i) => {
    const peers = asList<any>(rule?.[direction === 'ingress' ? 'from' : 'to']);
    return everyPeer(peers) && everyPort(asList(rule?.ports))
      ? [objectFinding(p, `${direction} rule ${i} allows every peer on every port`)] : [];
  }))));
