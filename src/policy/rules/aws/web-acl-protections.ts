import { awsRule, blocks, findingFor, resourcesDesignating, resourcesOfType } from './util';
import { Severity } from '../../model';

/** The statements of a web ACL's rules, from `rule` blocks or `rule_json`. */
function statementsOf(config: any): any[] {
  const rules = [...blocks(config?.rule)];
  if (typeof config?.rule_json === 'string') {
    try {
      const parsed = JSON.parse(config.rule_json);
      // rule_json uses the WAFv2 API's names (Statement.RateBasedStatement, ...).
      for (const r of Array.isArray(parsed) ? parsed : []) rules.push({ statement: r?.Statement });
    } catch {
      // Not JSON: no rules can be read from it.
    }
  }
  return rules.flatMap(r => blocks(r?.statement));
}

/** Whether a statement (or a nested one) has a key, in Terraform or API spelling. */
function has(statement: any, keys: string[], depth = 0): boolean {
  if (!statement || typeof statement !== 'object' || depth > 8) return false;
  return Object.entries(statement).some(([k, v]) => keys.includes(k) || blocks(v).some(x => has(x, keys, depth + 1)));
}

/** Rate limiting and input validation: a web ACL limits rates, runs managed rules and logs. */
export const WEB_ACL_PROTECTIONS = awsRule({
  id: 'AWS-032',
  severity: Severity.ERROR,
  title: 'WAF web ACLs limit rates, run managed rule groups and log',
  description: 'A WAFv2 web ACL in front of public services needs a rate-based rule (so one client cannot flood the service or brute-force logins), at least one managed rule group (common exploits, SQL injection, known bad inputs) and an `aws_wafv2_web_acl_logging_configuration` (so blocked and allowed requests can be investigated).',
  fix: "Use the library's web ACL (EdgeWebAcl.managed()), or add the missing rate-based rule, managed rule group or logging configuration to your own.",
}, input => resourcesOfType(input, 'aws_wafv2_web_acl').flatMap(acl => {
  const statements = statementsOf(acl.config);
  const problems: string[] = [];
  if (!statements.some(s => has(s, ['rate_based_statement', 'RateBasedStatement']))) problems.push('no rate-based rule: no limit per client');
  if (!statements.some(s => has(s, ['managed_rule_group_statement', 'ManagedRuleGroupStatement']))) problems.push('no managed rule group');
  if (resourcesDesignating(input, 'aws_wafv2_web_acl_logging_configuration', 'resource_arn', acl, ['arn']).length === 0) problems.push('no logging configuration');
  return problems.map(p => findingFor(acl, p));
}));
