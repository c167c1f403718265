import { input, messages, tf } from './fixtures';
import { NO_OPEN_INGRESS } from '../../../../src/policy/rules/aws/no-open-ingress';

describe('AWS-020 no open ingress', () => {
  test('scoped ingress and open egress pass', () => {
    expect(messages(NO_OPEN_INGRESS, input([
      tf('aws_security_group', 'sg', { ingress: [{ from_port: 443, to_port: 443, protocol: 'tcp', cidr_blocks: ['10.0.0.0/16'] }], egress: [{ from_port: 0, to_port: 0, protocol: '-1', cidr_blocks: ['0.0.0.0/0'] }] }),
      tf('aws_security_group_rule', 'e', { type: 'egress', from_port: 443, to_port: 443, cidr_blocks: ['0.0.0.0/0'] }),
      tf('aws_vpc_security_group_ingress_rule', 'i', { from_port: 443, to_port: 443, cidr_ipv4: '10.1.0.0/16' }),
    ]))).toEqual([]);
  });

  test('flags 0.0.0.0/0 and ::/0 ingress in every form', () => {
    expect(messages(NO_OPEN_INGRESS, input([
      tf('aws_security_group', 'sg', { ingress: [{ from_port: 22, to_port: 22, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'], ipv6_cidr_blocks: ['::/0'] }] }),
      tf('aws_security_group_rule', 'r', { type: 'ingress', from_port: 0, to_port: 65535, cidr_blocks: ['0.0.0.0/0'] }),
      tf('aws_vpc_security_group_ingress_rule', 'i', { ip_protocol: '-1', cidr_ipv6: '::/0' }),
    ]))).toEqual([
      'ingress from 0.0.0.0/0 on port 22',
      'ingress from ::/0 on port 22',
      'ingress from 0.0.0.0/0 on ports 0-65535',
      'ingress from ::/0 on all ports',
    ]);
  });
});
