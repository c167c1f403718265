import { Construct } from 'constructs';
import { EdgeWebAcl, MANAGED_RULE_GROUPS } from './web-acl';
import { createWebAcl, WebAclRuleConfig } from '../aws/wafv2';
import { ACCOUNT_KEY_ACTIONS, LOGS_KEY_ACTIONS } from '../kms/platform-key';
import { attachWebAclAlarms } from '../monitoring/edge-alarms';
import type { Platform } from '../platform/platform';

/** Headers whose values never reach the WAF logs: credentials and sessions. */
export const REDACTED_HEADERS = ['authorization', 'cookie'];

/** The library's web ACL of a platform, as the Ingress names it. */
export interface PlatformWebAcl {
  /** The web ACL's name, `<platform>-edge` (the `wafv2-acl-name` annotation). */
  readonly name: string;
  /** ARN of the web ACL (a Terraform reference). */
  readonly arn: string;
  /** Name of its log group, `aws-waf-logs-<platform>`. */
  readonly logGroupName: string;
}

const acls = new WeakMap<Platform, PlatformWebAcl>();

/** Name of the library's web ACL of a platform. */
export function webAclName(platform: Platform): string {
  return `${platform.node.id}-edge`;
}

/** The rules of the library's web ACL, in priority order. */
export function webAclRules(settings: EdgeWebAcl): WebAclRuleConfig[] {
  const rules: WebAclRuleConfig[] = [
    {
      name: 'rate-limit-per-client-ip',
      priority: 0,
      action: 'block',
      statement: {
        rate_based_statement: {
          limit: settings.rateLimit,
          evaluation_window_sec: settings.rateLimitWindowSeconds,
          aggregate_key_type: 'IP',
        },
      },
    },
    {
      name: 'request-body-size',
      priority: 1,
      action: 'block',
      statement: {
        size_constraint_statement: {
          comparison_operator: 'GT',
          size: settings.maxRequestBodyBytes,
          field_to_match: { body: { oversize_handling: 'MATCH' } },
          text_transformation: [{ priority: 0, type: 'NONE' }],
        },
      },
    },
  ];
  MANAGED_RULE_GROUPS.forEach((name, i) => rules.push({
    name,
    priority: 10 + i,
    statement: { managed_rule_group_statement: { name, vendor_name: 'AWS' } },
  }));
  return rules;
}

/**
 * The platform's web ACL, written into its Terraform stack on first use: the rules of
 * {@link webAclRules}, logging to `aws-waf-logs-<platform>` (encrypted with a key of its own,
 * since the platform key admits CloudWatch Logs only for `/secure-constructs/<platform>/` groups
 * and WAF requires the `aws-waf-logs-` prefix) with {@link REDACTED_HEADERS} redacted, and the
 * log group resource policy that lets only log delivery for this account write to it.
 */
export function ensurePlatformWebAcl(platform: Platform, settings: EdgeWebAcl): PlatformWebAcl {
  const existing = acls.get(platform);
  if (existing) return existing;
  const { partition, region, account } = platform;
  const id = platform.node.id;
  const name = webAclName(platform);
  const logGroupName = `aws-waf-logs-${id}`;
  const logGroupArn = `arn:${partition}:logs:${region}:${account}:log-group:${logGroupName}`;
  const scope = new Construct(platform.terraformStack, 'WebAcl');
  const rules = webAclRules(settings);
  const arn = createWebAcl(scope, {
    name,
    description: `Edge web ACL of platform ${id} (secure-constructs): managed rules, rate limit per client IP, body size limit`,
    rules,
    logGroupName,
    logRetentionDays: settings.logRetentionDays,
    redactedHeaders: REDACTED_HEADERS,
    logKey: {
      description: `WAF log key of ${id} (secure-constructs): encrypts ${logGroupName} only`,
      alias: `alias/${id}-waf-logs`,
      policy: {
        Version: '2012-10-17',
        Statement: [
          { Sid: 'AccountIamDelegation', Effect: 'Allow', Principal: { AWS: `arn:${partition}:iam::${account}:root` }, Action: ACCOUNT_KEY_ACTIONS, Resource: '*' },
          {
            Sid: 'CloudWatchLogsForWafLogGroup',
            Effect: 'Allow',
            Principal: { Service: `logs.${region}.amazonaws.com` },
            Action: LOGS_KEY_ACTIONS,
            Resource: '*',
            Condition: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': logGroupArn } },
          },
        ],
      },
    },
    logDeliveryPolicy: {
      name: `${id}-waf-log-delivery`,
      document: {
        Version: '2012-10-17',
        Statement: [{
          Sid: 'WafLogDelivery',
          Effect: 'Allow',
          Principal: { Service: 'delivery.logs.amazonaws.com' },
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: `${logGroupArn}:log-stream:*`,
          Condition: {
            StringEquals: { 'aws:SourceAccount': account },
            ArnLike: { 'aws:SourceArn': `arn:${partition}:logs:${region}:${account}:*` },
          },
        }],
      },
    },
  });
  // Blocked and rate-limited requests raise alarms (each rule's metric is named after the rule).
  attachWebAclAlarms(platform, scope, name, rules.find(r => r.statement.rate_based_statement !== undefined)!.name);
  const acl = { name, arn, logGroupName };
  acls.set(platform, acl);
  return acl;
}
