import { asList, blocks, resourceRule } from './util';
import { Severity } from '../../model';

const OPEN = new Set(['0.0.0.0/0', '::/0']);

function open(...lists: any[]): string[] {
  return lists.flatMap(l => asList(l)).filter(c => typeof c === 'string' && OPEN.has(c));
}

/** Whether a rule covers every port: protocol `-1`/`all`, or ports 0-65535. */
export function allTraffic(protocol: any, from: any, to: any): boolean {
  const p = String(protocol ?? '').toLowerCase();
  if (p === '-1' || p === 'all') return true;
  return Number(from) === 0 && Number(to) === 65535;
}

/** Network: no security group egress to the whole internet on every port. */
export const NO_OPEN_EGRESS = resourceRule({
  id: 'AWS-028',
  severity: Severity.WARNING,
  title: 'No security group egress to 0.0.0.0/0 or ::/0 on all ports',
  description: 'An egress rule for every protocol and port to `0.0.0.0/0` or `::/0` (the default of `aws_security_group` in the AWS console, and what many modules write) lets anything on the attached ENIs send data anywhere, which makes exfiltration and command-and-control traffic easy. Nodes usually need only HTTPS to registries and AWS endpoints.',
  fix: 'Allow only the ports and destinations needed (e.g. TCP 443 to the VPC endpoints\' prefix list or CIDRs), and enforce per-workload egress with NetworkPolicies.',
}, ['aws_security_group', 'aws_security_group_rule', 'aws_vpc_security_group_egress_rule'], r => {
  const c = r.config ?? {};
  if (r.type === 'aws_security_group') {
    return blocks(c.egress).filter(rule => allTraffic(rule.protocol, rule.from_port, rule.to_port))
      .flatMap(rule => open(rule.cidr_blocks, rule.ipv6_cidr_blocks).map(cidr => `egress to ${cidr} on all ports`));
  }
  if (r.type === 'aws_security_group_rule') {
    return c.type === 'egress' && allTraffic(c.protocol, c.from_port, c.to_port)
      ? open(c.cidr_blocks, c.ipv6_cidr_blocks).map(cidr => `egress to ${cidr} on all ports`) : [];
  }
  return allTraffic(c.ip_protocol, c.from_port, c.to_port) ? open(c.cidr_ipv4, c.cidr_ipv6).map(cidr => `egress to ${cidr} on all ports`) : [];
});
