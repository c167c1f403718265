import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { fail } from '../core/errors';
import { CLOUDWATCH_RETENTION_DAYS } from '../logging/platform-logging';

/** Default most requests one client IP may send in one evaluation window. */
export const DEFAULT_RATE_LIMIT = 1000;
/** Default evaluation window of the rate limit, in seconds (5 minutes). */
export const DEFAULT_RATE_LIMIT_WINDOW_SECONDS = 300;
/** Evaluation windows WAF offers for rate-based rules, in seconds. */
export const RATE_LIMIT_WINDOWS_SECONDS = [60, 120, 300, 600];
/**
 * Largest request body the web ACL lets through by default, and at most: a regional web ACL on an
 * Application Load Balancer inspects the first 8 KB of a body, and the library blocks what it
 * cannot inspect.
 */
export const MAX_INSPECTED_BODY_BYTES = 8192;
/** Default days the web ACL's logs are kept. */
export const DEFAULT_WAF_LOG_RETENTION_DAYS = 90;

/**
 * The AWS managed rule groups every library web ACL evaluates, in priority order: common
 * exploits (OWASP Top 10 classes), known bad inputs (Log4j, Java deserialization...), SQL
 * injection and Amazon's IP reputation list.
 */
export const MANAGED_RULE_GROUPS = [
  'AWSManagedRulesAmazonIpReputationList',
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesSQLiRuleSet',
];

/** Options of {@link EdgeWebAcl.managed}. */
export interface ManagedWebAclOptions {
  /**
   * Most requests one client IP may send per `rateLimitWindow`; requests past it are blocked
   * until the rate falls again (10 to 2,000,000,000).
   *
   * @default 1000
   */
  readonly rateLimit?: number;
  /**
   * The window the rate limit counts over: 1, 2, 5 or 10 minutes.
   *
   * @default Duration.minutes(5)
   */
  readonly rateLimitWindow?: Duration;
  /**
   * Largest request body accepted, in bytes (1 to 8192; larger bodies are blocked).
   *
   * @default 8192
   */
  readonly maxRequestBodyBytes?: number;
  /**
   * Days the WAF logs are kept (a value CloudWatch Logs accepts).
   *
   * @default 90
   */
  readonly logRetentionDays?: number;
}

/**
 * The platform's library-owned WAFv2 web ACL, which internet-facing exposures get by default
 * (internal ones with `expose({ webAcl: true })`): the AWS managed rule groups
 * {@link MANAGED_RULE_GROUPS}, a rate limit per client IP, a request body size limit, and logs in
 * a KMS-encrypted log group `aws-waf-logs-<platform>` with the `authorization` and `cookie`
 * headers redacted. One per platform, named `<platform>-edge`, so the Ingress names it
 * (`wafv2-acl-name`) without waiting for a Terraform apply.
 */
export class EdgeWebAcl {
  /** The library's web ACL with the given limits. */
  public static managed(options: ManagedWebAclOptions = {}): EdgeWebAcl {
    return new EdgeWebAcl(options ?? {});
  }

  /** Requests per client IP per window. */
  public readonly rateLimit: number;
  /** The rate limit's window in seconds. */
  public readonly rateLimitWindowSeconds: number;
  /** Largest accepted request body in bytes. */
  public readonly maxRequestBodyBytes: number;
  /** Days the logs are kept. */
  public readonly logRetentionDays: number;

  private constructor(private readonly options: ManagedWebAclOptions) {
    this.rateLimit = options.rateLimit ?? DEFAULT_RATE_LIMIT;
    const window = options.rateLimitWindow;
    this.rateLimitWindowSeconds = window === undefined ? DEFAULT_RATE_LIMIT_WINDOW_SECONDS : window instanceof Duration ? window.toSeconds() : NaN;
    this.maxRequestBodyBytes = options.maxRequestBodyBytes ?? MAX_INSPECTED_BODY_BYTES;
    this.logRetentionDays = options.logRetentionDays ?? DEFAULT_WAF_LOG_RETENTION_DAYS;
  }

  /**
   * Validates the options for `scope` (a Platform).
   * @internal
   */
  public _validate(scope: IConstruct, property: string): void {
    const r = this.rateLimit;
    if (typeof r !== 'number' || !Number.isInteger(r) || r < 10 || r > 2_000_000_000) {
      fail(scope, `${property}.rateLimit`, this.options.rateLimit, 'not a rate limit WAF accepts (a whole number of requests from 10 to 2,000,000,000 per window)',
        `use e.g. ${DEFAULT_RATE_LIMIT} (requests per client IP per window)`);
    }
    if (!RATE_LIMIT_WINDOWS_SECONDS.includes(this.rateLimitWindowSeconds)) {
      fail(scope, `${property}.rateLimitWindow`, this.options.rateLimitWindow, 'WAF counts rate limits over 1, 2, 5 or 10 minutes only',
        'use Duration.minutes(1), Duration.minutes(2), Duration.minutes(5) or Duration.minutes(10)');
    }
    const b = this.maxRequestBodyBytes;
    if (typeof b !== 'number' || !Number.isInteger(b) || b < 1 || b > MAX_INSPECTED_BODY_BYTES) {
      fail(scope, `${property}.maxRequestBodyBytes`, this.options.maxRequestBodyBytes, `not a body size from 1 to ${MAX_INSPECTED_BODY_BYTES} bytes: a web ACL on a load balancer inspects only the first 8 KB of a body, and larger bodies would pass the managed rules uninspected`,
        `use at most ${MAX_INSPECTED_BODY_BYTES}; upload large files directly to S3 (pre-signed URLs) instead of through the load balancer`);
    }
    if (!CLOUDWATCH_RETENTION_DAYS.includes(this.logRetentionDays)) {
      fail(scope, `${property}.logRetentionDays`, this.options.logRetentionDays, 'not a retention CloudWatch Logs accepts', `use one of ${CLOUDWATCH_RETENTION_DAYS.join(', ')}`);
    }
  }
}
