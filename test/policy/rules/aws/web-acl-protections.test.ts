import { input, messages, tf } from './fixtures';
import { WEB_ACL_PROTECTIONS } from '../../../../src/policy/rules/aws/web-acl-protections';

const rate = { name: 'rate', priority: 0, action: { block: {} }, statement: { rate_based_statement: { limit: 100, aggregate_key_type: 'IP' } } };
const managed = { name: 'common', priority: 1, override_action: { none: {} }, statement: { managed_rule_group_statement: { name: 'AWSManagedRulesCommonRuleSet', vendor_name: 'AWS' } } };
const logging = tf('aws_wafv2_web_acl_logging_configuration', 'log', { resource_arn: '${aws_wafv2_web_acl.acl.arn}', log_destination_configs: ['x'] });

describe('AWS-032 web ACLs limit rates, run managed rules and log', () => {
  test('passes a complete web ACL, also when written as rule_json', () => {
    expect(messages(WEB_ACL_PROTECTIONS, input([tf('aws_wafv2_web_acl', 'acl', { rule: [rate, managed] }), logging]))).toEqual([]);
    const json = JSON.stringify([{ Name: 'r', Statement: { RateBasedStatement: { Limit: 100 } } }, { Name: 'm', Statement: { ManagedRuleGroupStatement: { Name: 'x', VendorName: 'AWS' } } }]);
    expect(messages(WEB_ACL_PROTECTIONS, input([tf('aws_wafv2_web_acl', 'acl', { rule_json: json }), logging]))).toEqual([]);
  });
  test('a rate limit nested in a scope-down still counts', () => {
    const nested = { name: 'n', priority: 2, statement: { and_statement: { statement: [{ rate_based_statement: { limit: 10 } }] } } };
    expect(messages(WEB_ACL_PROTECTIONS, input([tf('aws_wafv2_web_acl', 'acl', { rule: [nested, managed] }), logging]))).toEqual([]);
  });
  test('flags each missing protection', () => {
    expect(messages(WEB_ACL_PROTECTIONS, input([tf('aws_wafv2_web_acl', 'acl', { rule: [managed] }), logging]))).toEqual(['no rate-based rule: no limit per client']);
    expect(messages(WEB_ACL_PROTECTIONS, input([tf('aws_wafv2_web_acl', 'acl', { rule: [rate] }), logging]))).toEqual(['no managed rule group']);
    expect(messages(WEB_ACL_PROTECTIONS, input([tf('aws_wafv2_web_acl', 'acl', { rule: [rate, managed] })]))).toEqual(['no logging configuration']);
    expect(messages(WEB_ACL_PROTECTIONS, input([tf('aws_wafv2_web_acl', 'acl', { rule_json: 'not json' })]))).toHaveLength(3);
  });
});
