import { IConstruct } from 'constructs';
import { fail } from '../core/errors';
import { MIN_REASON_LENGTH } from '../core/opt-out';

/** How an alert subscription is delivered. */
export enum AlertSubscriptionKind {
  /** An e-mail address (SNS protocol `email`; the recipient confirms the subscription). */
  EMAIL = 'email',
  /** An HTTPS endpoint (SNS protocol `https`). */
  HTTPS = 'https',
  /** An SQS queue, by ARN (SNS protocol `sqs`). */
  SQS = 'sqs',
  /** An existing SNS topic (for example one a chat integration subscribes to): alarms notify it too. */
  EXISTING_TOPIC = 'existing-topic',
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SQS_ARN = /^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,80}(\.fifo)?$/;
const SNS_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;

/**
 * Who is told when an alarm fires: one subscription of the platform's alert topic.
 *
 * @example
 * Monitoring.cloudWatch({ subscriptions: [AlertSubscription.email('oncall@example.com'), AlertSubscription.https('https://hooks.example.com/alerts')] });
 */
export class AlertSubscription {
  /** An e-mail address; SNS sends a confirmation message first. */
  public static email(address: string): AlertSubscription {
    return new AlertSubscription(AlertSubscriptionKind.EMAIL, address);
  }

  /** An HTTPS endpoint (plain HTTP is refused: alerts name services and resources). */
  public static https(url: string): AlertSubscription {
    return new AlertSubscription(AlertSubscriptionKind.HTTPS, url);
  }

  /** An SQS queue, by ARN. Its queue policy must let the alert topic send messages. */
  public static sqs(queueArn: string): AlertSubscription {
    return new AlertSubscription(AlertSubscriptionKind.SQS, queueArn);
  }

  /**
   * An existing SNS topic, by ARN, that every alarm notifies besides the platform's alert topic
   * (a chat integration's topic, an incident tool's topic).
   */
  public static existingTopic(topicArn: string): AlertSubscription {
    return new AlertSubscription(AlertSubscriptionKind.EXISTING_TOPIC, topicArn);
  }

  private constructor(
    /** How it is delivered. */
    public readonly kind: AlertSubscriptionKind,
    /** The address, URL or ARN. */
    public readonly endpoint: string,
  ) {}

  /** @internal */
  public _validate(scope: IConstruct, property: string): void {
    const e = this.endpoint;
    const ok = typeof e === 'string' && (
      this.kind === AlertSubscriptionKind.EMAIL ? EMAIL.test(e)
        : this.kind === AlertSubscriptionKind.HTTPS ? isHttpsUrl(e)
          : this.kind === AlertSubscriptionKind.SQS ? SQS_ARN.test(e) : SNS_ARN.test(e));
    if (ok) return;
    const fixes: { [k: string]: string } = {
      [AlertSubscriptionKind.EMAIL]: "pass an e-mail address, e.g. AlertSubscription.email('oncall@example.com')",
      [AlertSubscriptionKind.HTTPS]: "pass an https:// URL with a host, e.g. AlertSubscription.https('https://hooks.example.com/alerts')",
      [AlertSubscriptionKind.SQS]: "pass a queue ARN, e.g. AlertSubscription.sqs('arn:aws:sqs:eu-west-1:111122223333:alerts')",
      [AlertSubscriptionKind.EXISTING_TOPIC]: "pass a topic ARN, e.g. AlertSubscription.existingTopic('arn:aws:sns:eu-west-1:111122223333:chat-alerts')",
    };
    fail(scope, `${property}.endpoint`, e, `not a valid ${this.kind} endpoint`, fixes[this.kind]);
  }
}

function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname !== '' && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

/**
 * When the per-service alarms fire: a count of matching log events within a period.
 */
export interface AlarmThresholds {
  /**
   * Authentication failures (HTTP 401) per period that raise the alarm.
   *
   * @default 20
   */
  readonly unauthorized?: number;
  /**
   * Authorization denials (HTTP 403) per period that raise the alarm.
   *
   * @default 20
   */
  readonly forbidden?: number;
  /**
   * Server errors (HTTP 5xx) per period that raise the alarm.
   *
   * @default 10
   */
  readonly serverErrors?: number;
  /**
   * Length of a period in seconds: 10, 30 or a multiple of 60.
   *
   * @default 300
   */
  readonly periodSeconds?: number;
  /**
   * Consecutive periods over the threshold before the alarm fires.
   *
   * @default 1
   */
  readonly evaluationPeriods?: number;
}

/**
 * CloudWatch Logs filter patterns that count the security signals in a service's log events.
 * The shipper sends each container log line as a JSON event whose `log` field holds the line.
 */
export interface SecurityLogPatterns {
  /**
   * Events that are authentication failures.
   *
   * @default DEFAULT_PATTERNS.unauthorized
   */
  readonly unauthorized?: string;
  /**
   * Events that are authorization denials.
   *
   * @default DEFAULT_PATTERNS.forbidden
   */
  readonly forbidden?: string;
  /**
   * Events that are server errors.
   *
   * @default DEFAULT_PATTERNS.serverErrors
   */
  readonly serverErrors?: string;
}

/**
 * The default patterns: the status code as its own word (surrounded by spaces) anywhere in the
 * line, as access logs in the common and combined formats write it (`"GET /x HTTP/1.1" 401 0`).
 * Services that log in another shape override them.
 */
export const DEFAULT_PATTERNS = {
  unauthorized: '" 401 "',
  forbidden: '" 403 "',
  serverErrors: '?" 500 " ?" 501 " ?" 502 " ?" 503 " ?" 504 " ?" 505 "',
};

/** Options of CloudWatch monitoring. */
export interface CloudWatchMonitoringOptions {
  /**
   * Who the alert topic notifies.
   *
   * @default - none: the topic is written and alarms publish to it; subscribe to it outside the library
   */
  readonly subscriptions?: AlertSubscription[];
  /**
   * When the alarms fire.
   *
   * @default - 20 authentication failures, 20 authorization denials or 10 server errors in 5 minutes
   */
  readonly thresholds?: AlarmThresholds;
  /**
   * How the signals are recognized in the log events.
   *
   * @default DEFAULT_PATTERNS
   */
  readonly patterns?: SecurityLogPatterns;
}

const PERIOD_OK = (p: number) => p === 10 || p === 30 || (Number.isInteger(p) && p >= 60 && p % 60 === 0 && p <= 86400);

/**
 * How a platform watches its services: an alert topic per platform, and per service CloudWatch
 * metric filters on its log group for authentication failures (401), authorization denials (403)
 * and server errors (5xx), each with an alarm that notifies the topic.
 *
 * Turning monitoring off takes a reason, which every service's Deployment carries as the
 * annotation `opt-out.secure-constructs.io/monitoring`.
 *
 * @example
 * new Platform(app, 'prod', { ..., monitoring: Monitoring.cloudWatch({ subscriptions: [AlertSubscription.email('oncall@example.com')] }) });
 */
export class Monitoring {
  /** Alert topic, metric filters and alarms in CloudWatch (the default). */
  public static cloudWatch(options: CloudWatchMonitoringOptions = {}): Monitoring {
    return new Monitoring(options ?? {}, undefined, false);
  }

  /**
   * No alert topic, no metric filters, no alarms. Every service's Deployment carries `reason` as
   * the annotation `opt-out.secure-constructs.io/monitoring`.
   *
   * @param reason why the platform's services are not watched (at least 10 characters)
   */
  public static disabled(reason: string): Monitoring {
    return new Monitoring({}, reason, true);
  }

  /** Whether the services are watched. */
  public readonly enabled: boolean;
  /**
   * Why monitoring is off.
   *
   * @default - monitoring is on
   */
  public readonly disabledReason?: string;
  /** Who the alert topic notifies. */
  public readonly subscriptions: AlertSubscription[];
  /** Authentication failures per period that raise the alarm. */
  public readonly unauthorizedThreshold: number;
  /** Authorization denials per period that raise the alarm. */
  public readonly forbiddenThreshold: number;
  /** Server errors per period that raise the alarm. */
  public readonly serverErrorThreshold: number;
  /** Period of the alarms, in seconds. */
  public readonly periodSeconds: number;
  /** Periods over the threshold before an alarm fires. */
  public readonly evaluationPeriods: number;
  /** Filter pattern of authentication failures. */
  public readonly unauthorizedPattern: string;
  /** Filter pattern of authorization denials. */
  public readonly forbiddenPattern: string;
  /** Filter pattern of server errors. */
  public readonly serverErrorPattern: string;

  private constructor(options: CloudWatchMonitoringOptions, reason: string | undefined, disabled: boolean) {
    this.enabled = !disabled;
    this.disabledReason = typeof reason === 'string' ? reason.trim() : reason;
    this.subscriptions = Array.isArray(options.subscriptions) ? [...options.subscriptions] : options.subscriptions as any ?? [];
    const t = options.thresholds ?? {};
    this.unauthorizedThreshold = t.unauthorized ?? 20;
    this.forbiddenThreshold = t.forbidden ?? 20;
    this.serverErrorThreshold = t.serverErrors ?? 10;
    this.periodSeconds = t.periodSeconds ?? 300;
    this.evaluationPeriods = t.evaluationPeriods ?? 1;
    const p = options.patterns ?? {};
    this.unauthorizedPattern = p.unauthorized ?? DEFAULT_PATTERNS.unauthorized;
    this.forbiddenPattern = p.forbidden ?? DEFAULT_PATTERNS.forbidden;
    this.serverErrorPattern = p.serverErrors ?? DEFAULT_PATTERNS.serverErrors;
  }

  /**
   * Validates the settings for `scope` (a Platform).
   * @internal
   */
  public _validate(scope: IConstruct, property: string): void {
    if (!this.enabled) {
      if (typeof this.disabledReason !== 'string' || this.disabledReason.length < MIN_REASON_LENGTH) {
        fail(scope, `${property}.disabledReason`, this.disabledReason, `turning monitoring off needs a reason of at least ${MIN_REASON_LENGTH} characters; it is written into every service's manifest and the policy report`,
          "say why the platform's services are not watched and where that is tracked, e.g. Monitoring.disabled('sandbox cluster, watched by the vendor agent (OPS-31)')");
      }
      return;
    }
    if (!Array.isArray(this.subscriptions)) {
      fail(scope, `${property}.subscriptions`, this.subscriptions, 'subscriptions must be an array', 'pass [AlertSubscription.email(...), ...]');
    }
    this.subscriptions.forEach((s, i) => {
      if (!(s instanceof AlertSubscription)) {
        fail(scope, `${property}.subscriptions[${i}]`, s, 'not an AlertSubscription', 'use AlertSubscription.email(), .https(), .sqs() or .existingTopic()');
      }
      s._validate(scope, `${property}.subscriptions[${i}]`);
    });
    const keys = this.subscriptions.map(s => `${s.kind} ${s.endpoint}`);
    const dup = keys.find((k, i) => keys.indexOf(k) !== i);
    if (dup) fail(scope, `${property}.subscriptions`, dup, 'the subscription is listed twice', 'list each subscription once');
    const counts: Array<[string, number]> = [['thresholds.unauthorized', this.unauthorizedThreshold], ['thresholds.forbidden', this.forbiddenThreshold],
      ['thresholds.serverErrors', this.serverErrorThreshold], ['thresholds.evaluationPeriods', this.evaluationPeriods]];
    for (const [name, value] of counts) {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
        fail(scope, `${property}.${name}`, value, 'must be a whole number of at least 1', 'use a count such as 10');
      }
    }
    if (typeof this.periodSeconds !== 'number' || !PERIOD_OK(this.periodSeconds)) {
      fail(scope, `${property}.thresholds.periodSeconds`, this.periodSeconds, 'CloudWatch alarm periods are 10, 30 or a multiple of 60 seconds (at most 86400)', 'use e.g. 60 or 300');
    }
    const patterns: Array<[string, string]> = [['patterns.unauthorized', this.unauthorizedPattern], ['patterns.forbidden', this.forbiddenPattern],
      ['patterns.serverErrors', this.serverErrorPattern]];
    for (const [name, value] of patterns) {
      // CloudWatch accepts patterns of up to 1024 characters; an empty one would count every event.
      if (typeof value !== 'string' || value.trim() === '' || value.length > 1024) {
        fail(scope, `${property}.${name}`, value, 'a filter pattern is a non-empty string of at most 1024 characters (an empty pattern matches every event)',
          'use a CloudWatch Logs filter pattern, e.g. \'{ $.status = 401 }\' for JSON logs');
      }
    }
  }
}
