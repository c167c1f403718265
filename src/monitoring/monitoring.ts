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

/**
 * When the alarms of an exposure's load balancer and of the platform's web ACL fire: counts (or,
 * for unhealthy hosts, the highest count) per period of `AlarmThresholds.periodSeconds`.
 */
export interface EdgeAlarmThresholds {
  /**
   * Responses with a 5xx status from the service's pods, through its load balancer.
   *
   * @default 10
   */
  readonly targetServerErrors?: number;
  /**
   * 5xx responses the load balancer itself generated (no healthy target, timeouts, refused TLS).
   *
   * @default 10
   */
  readonly loadBalancerServerErrors?: number;
  /**
   * Targets the load balancer sees unhealthy.
   *
   * @default 1
   */
  readonly unhealthyHosts?: number;
  /**
   * Connections the load balancer rejected because it reached its connection limit.
   *
   * @default 1
   */
  readonly rejectedConnections?: number;
  /**
   * Requests the platform's web ACL blocked (all rules).
   *
   * @default 100
   */
  readonly blockedRequests?: number;
  /**
   * Requests the web ACL's rate-based rule blocked (clients over the rate limit).
   *
   * @default 50
   */
  readonly rateLimitedRequests?: number;
}

/** The resolved edge alarm thresholds. */
export interface EdgeAlarmSettings {
  /** Target 5xx per period. */
  readonly targetServerErrors: number;
  /** Load balancer 5xx per period. */
  readonly loadBalancerServerErrors: number;
  /** Unhealthy targets. */
  readonly unhealthyHosts: number;
  /** Rejected connections per period. */
  readonly rejectedConnections: number;
  /** Requests the web ACL blocked per period. */
  readonly blockedRequests: number;
  /** Requests the rate-based rule blocked per period. */
  readonly rateLimitedRequests: number;
}

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
  /**
   * When the load balancer and web ACL alarms fire.
   *
   * @default - 10 target 5xx, 10 load balancer 5xx, 1 unhealthy host, 1 rejected connection, 100 blocked and 50 rate-limited requests per period
   */
  readonly edge?: EdgeAlarmThresholds;
}

/**
 * When the Prometheus alerts of a service fire (see `Monitoring.prometheus`).
 */
export interface PrometheusAlertThresholds {
  /**
   * Share of the service's requests answered with a 5xx status, over 5 minutes, that raises
   * `ServerErrorRatio` (a number above 0 and at most 1).
   *
   * @default 0.05
   */
  readonly serverErrorRatio?: number;
  /**
   * Share of the service's requests answered with a 4xx status, over 5 minutes, that raises
   * `ClientErrorRatio` (a number above 0 and at most 1): a spike of refused or malformed requests
   * is how probing and credential stuffing look from the service.
   *
   * @default 0.25
   */
  readonly clientErrorRatio?: number;
  /**
   * Container restarts within `restartWindowMinutes` that raise `CrashLooping`.
   *
   * @default 3
   */
  readonly restarts?: number;
  /**
   * The window, in minutes, over which restarts (and OOM kills) are counted.
   *
   * @default 15
   */
  readonly restartWindowMinutes?: number;
  /**
   * Requests denied by the mesh (HTTP 403 reported by the destination's proxy) within 5 minutes
   * that raise `MeshAuthorizationDenials`. Mesh mode only.
   *
   * @default 20
   */
  readonly meshDenials?: number;
  /**
   * How long, in minutes, a ratio stays over its threshold before its alert fires.
   *
   * @default 5
   */
  readonly forMinutes?: number;
}

/**
 * The request counter the error-ratio alerts read, without a mesh (in mesh mode they read Istio's
 * `istio_requests_total`, which every sidecar reports).
 */
export interface RequestMetric {
  /**
   * Name of the counter the service exposes.
   *
   * @default 'http_requests_total'
   */
  readonly name?: string;
  /**
   * Label holding the HTTP status code.
   *
   * @default 'code'
   */
  readonly statusLabel?: string;
}

/** Options of Prometheus monitoring (the cluster runs the Prometheus Operator). */
export interface PrometheusMonitoringOptions extends CloudWatchMonitoringOptions {
  /**
   * Namespace the Prometheus pods run in: the service's NetworkPolicy admits them on its port.
   *
   * @default 'monitoring'
   */
  readonly namespace?: string;
  /**
   * Labels of the Prometheus pods (the Prometheus Operator labels them
   * `app.kubernetes.io/name: prometheus`).
   *
   * @default { 'app.kubernetes.io/name': 'prometheus' }
   */
  readonly podLabels?: { [key: string]: string };
  /**
   * Service account of the Prometheus pods. In mesh mode it is the identity the service's
   * AuthorizationPolicy admits on its metrics path.
   *
   * @default 'kube-prometheus-stack-prometheus'
   */
  readonly serviceAccount?: string;
  /**
   * Labels every ServiceMonitor and PrometheusRule carries, which the Prometheus instance's
   * `serviceMonitorSelector` and `ruleSelector` select.
   *
   * @default { release: 'kube-prometheus-stack' }
   */
  readonly selectorLabels?: { [key: string]: string };
  /**
   * Scrape interval in seconds (5 to 3600).
   *
   * @default 30
   */
  readonly scrapeIntervalSeconds?: number;
  /**
   * Path the services serve their metrics on, on their own port.
   *
   * @default '/metrics'
   */
  readonly metricsPath?: string;
  /**
   * Name of the ConfigMap, in every service namespace, whose key `ca.crt` holds the CA bundle that
   * verifies the services' certificates (cert-manager mode). Required when the platform's services
   * are signed by an issuer of yours (`ServiceTls.certManager({ issuer })`).
   *
   * @default - the platform's trust-manager bundle `<platform>-ca` of the library's private CA
   */
  readonly caBundle?: string;
  /**
   * When the alerts fire.
   *
   * @default - 5% server errors, 25% client errors, 3 restarts in 15 minutes, 20 mesh denials in 5 minutes
   */
  readonly alerts?: PrometheusAlertThresholds;
  /**
   * The request counter of the services (no mesh).
   *
   * @default - `http_requests_total` with the status in `code`
   */
  readonly requestMetric?: RequestMetric;
}

/** The resolved settings of Prometheus monitoring. */
export interface PrometheusSettings {
  /** Namespace of the Prometheus pods. */
  readonly namespace: string;
  /** Labels of the Prometheus pods. */
  readonly podLabels: { [key: string]: string };
  /** Service account of the Prometheus pods. */
  readonly serviceAccount: string;
  /** Labels of the ServiceMonitors and PrometheusRules. */
  readonly selectorLabels: { [key: string]: string };
  /** Scrape interval in seconds. */
  readonly scrapeIntervalSeconds: number;
  /** Metrics path. */
  readonly metricsPath: string;
  /**
   * The CA bundle ConfigMap given.
   *
   * @default - the platform's trust bundle
   */
  readonly caBundle?: string;
  /** 5xx ratio threshold. */
  readonly serverErrorRatio: number;
  /** 4xx ratio threshold. */
  readonly clientErrorRatio: number;
  /** Restarts that raise CrashLooping. */
  readonly restarts: number;
  /** Restart window in minutes. */
  readonly restartWindowMinutes: number;
  /** Mesh denials in 5 minutes. */
  readonly meshDenials: number;
  /** Minutes over a ratio threshold before firing. */
  readonly forMinutes: number;
  /** Request counter name (no mesh). */
  readonly requestMetricName: string;
  /** Label of the status code (no mesh). */
  readonly requestStatusLabel: string;
}

const PROM_METRIC = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const PROM_LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const K8S_LABEL_NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const METRICS_PATH = /^\/[A-Za-z0-9\-._~/]*$/;

function validateLabelMap(scope: IConstruct, property: string, labels: unknown): void {
  const entries = labels && typeof labels === 'object' && !Array.isArray(labels) ? Object.entries(labels) : [];
  if (entries.length === 0) {
    fail(scope, property, labels, 'an empty label set would select everything (or nothing would select the objects)', "pass the labels, e.g. { 'app.kubernetes.io/name': 'prometheus' }");
  }
  for (const [k, v] of entries) {
    const slash = k.lastIndexOf('/');
    const prefix = slash < 0 ? undefined : k.slice(0, slash);
    const name = slash < 0 ? k : k.slice(slash + 1);
    if ((prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) || name.length > 63 || !K8S_LABEL_NAME.test(name)) {
      fail(scope, property, k, 'not a label key', "use a key such as 'app.kubernetes.io/name'");
    }
    if (typeof v !== 'string' || v.length > 63 || (v !== '' && !K8S_LABEL_NAME.test(v))) {
      fail(scope, `${property}.${k}`, v, 'not a label value (at most 63 letters, digits, "-", "_" or ".")', 'use the value on the objects');
    }
  }
}

function resolvePrometheus(o: PrometheusMonitoringOptions): PrometheusSettings {
  const a = o.alerts ?? {};
  const r = o.requestMetric ?? {};
  return {
    namespace: o.namespace ?? 'monitoring',
    podLabels: o.podLabels ?? { 'app.kubernetes.io/name': 'prometheus' },
    serviceAccount: o.serviceAccount ?? 'kube-prometheus-stack-prometheus',
    selectorLabels: o.selectorLabels ?? { release: 'kube-prometheus-stack' },
    scrapeIntervalSeconds: o.scrapeIntervalSeconds ?? 30,
    metricsPath: o.metricsPath ?? '/metrics',
    caBundle: o.caBundle,
    serverErrorRatio: a.serverErrorRatio ?? 0.05,
    clientErrorRatio: a.clientErrorRatio ?? 0.25,
    restarts: a.restarts ?? 3,
    restartWindowMinutes: a.restartWindowMinutes ?? 15,
    meshDenials: a.meshDenials ?? 20,
    forMinutes: a.forMinutes ?? 5,
    requestMetricName: r.name ?? 'http_requests_total',
    requestStatusLabel: r.statusLabel ?? 'code',
  };
}

function validatePrometheus(scope: IConstruct, property: string, p: PrometheusSettings): void {
  if (typeof p.namespace !== 'string' || !DNS_LABEL.test(p.namespace)) {
    fail(scope, `${property}.namespace`, p.namespace, 'not a namespace name (a DNS-1123 label)', "use the Prometheus namespace, e.g. 'monitoring'");
  }
  validateLabelMap(scope, `${property}.podLabels`, p.podLabels);
  if (typeof p.serviceAccount !== 'string' || p.serviceAccount.length > 253 || !DNS_SUBDOMAIN.test(p.serviceAccount)) {
    fail(scope, `${property}.serviceAccount`, p.serviceAccount, 'not a service account name (a DNS subdomain)', "use the Prometheus pods' service account, e.g. 'kube-prometheus-stack-prometheus'");
  }
  validateLabelMap(scope, `${property}.selectorLabels`, p.selectorLabels);
  if (typeof p.scrapeIntervalSeconds !== 'number' || !Number.isInteger(p.scrapeIntervalSeconds) || p.scrapeIntervalSeconds < 5 || p.scrapeIntervalSeconds > 3600) {
    fail(scope, `${property}.scrapeIntervalSeconds`, p.scrapeIntervalSeconds, 'a scrape interval is a whole number of seconds from 5 to 3600', 'use e.g. 30');
  }
  if (typeof p.metricsPath !== 'string' || p.metricsPath.length > 256 || !METRICS_PATH.test(p.metricsPath)) {
    fail(scope, `${property}.metricsPath`, p.metricsPath, 'a metrics path starts with "/" and has only unreserved URL characters (no query, no spaces)', "use e.g. '/metrics'");
  }
  if (p.caBundle !== undefined && (typeof p.caBundle !== 'string' || p.caBundle.length > 253 || !DNS_SUBDOMAIN.test(p.caBundle))) {
    fail(scope, `${property}.caBundle`, p.caBundle, 'not a ConfigMap name (a DNS subdomain)', "use the name of the ConfigMap holding ca.crt, e.g. 'corp-ca'");
  }
  const ratios: Array<[string, number]> = [['alerts.serverErrorRatio', p.serverErrorRatio], ['alerts.clientErrorRatio', p.clientErrorRatio]];
  for (const [name, value] of ratios) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > 1) {
      fail(scope, `${property}.${name}`, value, 'a ratio is a number above 0 and at most 1', 'use e.g. 0.05 for 5%');
    }
  }
  const counts: Array<[string, number, number]> = [['alerts.restarts', p.restarts, 1000], ['alerts.restartWindowMinutes', p.restartWindowMinutes, 1440],
    ['alerts.meshDenials', p.meshDenials, 1_000_000], ['alerts.forMinutes', p.forMinutes, 1440]];
  for (const [name, value, max] of counts) {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
      fail(scope, `${property}.${name}`, value, `must be a whole number from 1 to ${max}`, 'use a whole number such as 5');
    }
  }
  if (typeof p.requestMetricName !== 'string' || !PROM_METRIC.test(p.requestMetricName)) {
    fail(scope, `${property}.requestMetric.name`, p.requestMetricName, 'not a Prometheus metric name', "use e.g. 'http_requests_total'");
  }
  if (typeof p.requestStatusLabel !== 'string' || !PROM_LABEL.test(p.requestStatusLabel) || p.requestStatusLabel.startsWith('__')) {
    fail(scope, `${property}.requestMetric.statusLabel`, p.requestStatusLabel, 'not a Prometheus label name', "use e.g. 'code' or 'status'");
  }
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
   * Everything `cloudWatch()` writes (the alert topic, the log alarms, the load balancer and web
   * ACL alarms), plus, for a cluster that runs the Prometheus Operator, per service:
   *
   * - a `ServiceMonitor` that scrapes its metrics path on its own port over TLS: verifying the
   *   service certificate with the platform's CA bundle and the service's DNS name; in mesh mode
   *   over Istio mTLS with the Prometheus pods' workload certificate (sidecar mode) or through the
   *   ambient mesh (ambient mode), the service's AuthorizationPolicy admitting the Prometheus
   *   service account on GET of the metrics path;
   * - a `PrometheusRule` with alerts on crash loops, OOM kills, 5xx and 4xx ratios and, in mesh
   *   mode, authorization denials;
   * - the NetworkPolicy edge that admits the Prometheus pods on its port.
   *
   * The alerts are routed by the cluster's Alertmanager; the CloudWatch alarms notify the alert topic.
   */
  public static prometheus(options: PrometheusMonitoringOptions = {}): Monitoring {
    return new Monitoring(options ?? {}, undefined, false, resolvePrometheus(options ?? {}));
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
  /** The load balancer and web ACL alarm thresholds. */
  public readonly edge: EdgeAlarmSettings;
  /**
   * The Prometheus settings, with `Monitoring.prometheus()`.
   *
   * @default - no Prometheus objects
   */
  public readonly prometheusSettings?: PrometheusSettings;

  private readonly groups: Array<[string, unknown]>;

  private constructor(options: CloudWatchMonitoringOptions, reason: string | undefined, disabled: boolean, prometheus?: PrometheusSettings) {
    this.enabled = !disabled;
    const o = options as PrometheusMonitoringOptions;
    this.groups = [['thresholds', o.thresholds], ['patterns', o.patterns], ['edge', o.edge], ['alerts', o.alerts], ['requestMetric', o.requestMetric]];
    this.prometheusSettings = prometheus;
    this.disabledReason = typeof reason === 'string' ? reason.trim() : reason;
    this.subscriptions = Array.isArray(options.subscriptions) ? [...options.subscriptions] : options.subscriptions as any ?? [];
    const t = options.thresholds ?? {};
    this.unauthorizedThreshold = t.unauthorized ?? 20;
    this.forbiddenThreshold = t.forbidden ?? 20;
    this.serverErrorThreshold = t.serverErrors ?? 10;
    this.periodSeconds = t.periodSeconds ?? 300;
    this.evaluationPeriods = t.evaluationPeriods ?? 1;
    const e = options.edge ?? {};
    this.edge = {
      targetServerErrors: e.targetServerErrors ?? 10,
      loadBalancerServerErrors: e.loadBalancerServerErrors ?? 10,
      unhealthyHosts: e.unhealthyHosts ?? 1,
      rejectedConnections: e.rejectedConnections ?? 1,
      blockedRequests: e.blockedRequests ?? 100,
      rateLimitedRequests: e.rateLimitedRequests ?? 50,
    };
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
    for (const [name, value] of this.groups) {
      if (value !== undefined && (value === null || typeof value !== 'object' || Array.isArray(value))) {
        fail(scope, `${property}.${name}`, value, 'not an object of settings', `pass { ... } with the ${name} to change, or leave it out for the defaults`);
      }
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
      ['thresholds.serverErrors', this.serverErrorThreshold], ['thresholds.evaluationPeriods', this.evaluationPeriods],
      ...Object.entries(this.edge).map(([k, v]): [string, number] => [`edge.${k}`, v])];
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
    if (this.prometheusSettings) validatePrometheus(scope, property, this.prometheusSettings);
  }
}
