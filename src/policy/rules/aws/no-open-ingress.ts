import { asList, blocks, resourceRule } from './util';
import { Severity } from '../../model';

const OPEN = new Set(['0.0.0.0/0', '::/0']);

function open(...lists: any[]): string[] {
  return lists.flatMap(l => asList(l)).filter(c => typeof c === 'string' && OPEN.has(c));
}

function ports(rule: any): string {
  const from = rule.from_port ?? rule.fromPort;
  const to = rule.to_port ?? rule.toPort;
  return from === undefined ? 'all ports' : from === to ? `port ${from}` : `ports ${from}-${to}`;
}

/** Network: no security group ingress from anywhere. */
export const NO_OPEN_INGRESS = resourceRule({
  id: 'AWS-020',
  severity: Severity.ERROR,
  title: 'No security group ingress from 0.0.0.0/0 or ::/0',
  description: 'A security group rule that admits the whole internet exposes the attached ENIs (nodes, load balancers, databases) to scanning and attacks.',
  fix: 'Admit only the CIDR ranges or security groups that need access; expose public services through a load balancer with HTTPS only.',
}, ['aws_security_group', 'aws_security_group_rule', 'aws_vpc_security_group_ingress_rule'], r => {
  const c = r.config ?? {};
  if (r.type === 'aws_security_group') {
    return blocks(c.ingress).flatMap(rule => open(rule.cidr_blocks, rule.ipv6_cidr_blocks)
      .map(cidr => `ingress from ${cidr} on ${ports(rule)}`));
  }
  if (r.type === 'aws_security_group_rule') {
    return c.type === 'ingress' ? open(c.cidr_blocks, c.ipv6_cidr_blocks).map(cidr => `ingress from ${cidr} on ${ports(c)}`) : [];
  }
  return open(c.cidr_ipv4, c.cidr_ipv6).map(cidr => `ingress from ${cidr} on ${ports(c)}`);
});
