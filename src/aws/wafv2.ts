import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import type * as LogResourcePolicyModule from '@cdktf/provider-aws/lib/cloudwatch-log-resource-policy';
import type * as WebAclModule from '@cdktf/provider-aws/lib/wafv2-web-acl';
import type * as WebAclLoggingModule from '@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration';
import { Construct } from 'constructs';
import { PolicyDocumentJson } from './iam';
import { createKmsKey } from './kms';
import { declareExceptions, lifecycleFor, removalExceptions, removalFor } from './protection';
import { withoutTokenTraces } from './token-traces';
import { lazyModule } from '../core/lazy-module';

/** The provider's WAF classes (about 13 ms to load), loaded when a platform has a web ACL. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const logResourcePolicy = lazyModule<typeof LogResourcePolicyModule>(() => require('@cdktf/provider-aws/lib/cloudwatch-log-resource-policy'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const webAcl = lazyModule<typeof WebAclModule>(() => require('@cdktf/provider-aws/lib/wafv2-web-acl'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const webAclLogging = lazyModule<typeof WebAclLoggingModule>(() => require('@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration'));

/** A rule of a web ACL as Terraform JSON arguments (`statement` in the provider's snake_case). */
export interface WebAclRuleConfig {
  readonly name: string;
  readonly priority: number;
  /** `block` for the library's own rules; rule groups keep their own actions (override `none`). */
  readonly action?: 'block';
  /** The rule's statement, in Terraform's argument names. */
  readonly statement: { [key: string]: unknown };
}

export interface WebAclConfig {
  readonly name: string;
  readonly description: string;
  readonly rules: WebAclRuleConfig[];
  /** Name of the log group (starts with `aws-waf-logs-`). */
  readonly logGroupName: string;
  readonly logRetentionDays: number;
  /** Headers whose values are replaced by `REDACTED` in the logs. */
  readonly redactedHeaders: string[];
  /** The log group's own KMS key: description, alias and key policy. */
  readonly logKey: { readonly description: string; readonly alias: string; readonly policy: PolicyDocumentJson };
  /** The resource policy that lets log delivery write to the group. */
  readonly logDeliveryPolicy: { readonly name: string; readonly document: PolicyDocumentJson };
}

/**
 * A regional WAFv2 web ACL (default action allow, every rule with CloudWatch metrics and sampled
 * requests) with logging to a KMS-encrypted CloudWatch log group. Returns the ACL's ARN (a
 * Terraform reference).
 */
export function createWebAcl(scope: Construct, config: WebAclConfig): string {
  return withoutTokenTraces(() => {
    const metric = (name: string) => ({ cloudwatchMetricsEnabled: true, metricName: name, sampledRequestsEnabled: true });
    const acl = new (webAcl().Wafv2WebAcl)(scope, 'WebAcl', {
      name: config.name,
      description: config.description,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: metric(config.name),
      rule: config.rules.map(r => ({
        name: r.name,
        priority: r.priority,
        ...(r.action === 'block' ? { action: { block: {} } } : { overrideAction: { none: {} } }),
        statement: r.statement,
        visibilityConfig: metric(r.name),
      })),
    });
    const keyArn = createKmsKey(new Construct(scope, 'LogKey'), config.logKey);
    // The WAF log is audit data: protected from destroy like every log group of the platform.
    const removal = removalFor(scope, undefined);
    const group = new CloudwatchLogGroup(scope, 'LogGroup', {
      name: config.logGroupName,
      kmsKeyId: keyArn,
      retentionInDays: config.logRetentionDays,
      skipDestroy: removal.destroy ? undefined : true,
      lifecycle: lifecycleFor(removal),
    });
    declareExceptions(group, removalExceptions(removal));
    new (logResourcePolicy().CloudwatchLogResourcePolicy)(scope, 'LogDelivery', {
      policyName: config.logDeliveryPolicy.name,
      policyDocument: JSON.stringify(config.logDeliveryPolicy.document),
    });
    new (webAclLogging().Wafv2WebAclLoggingConfiguration)(scope, 'Logging', {
      resourceArn: acl.arn,
      logDestinationConfigs: [group.arn],
      redactedFields: config.redactedHeaders.map(name => ({ singleHeader: { name } })),
    });
    return acl.arn;
  });
}
