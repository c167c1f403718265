import { IConstruct } from 'constructs';
import { fail } from '../core/errors';
import { validateDnsLabel } from '../core/names';
import { MIN_REASON_LENGTH } from '../core/opt-out';
import { logGroupNamePrefix } from '../kms/platform-key';

/** Retention periods CloudWatch Logs accepts, in days. */
export const CLOUDWATCH_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
/** Default retention of a service's log group: 90 days. */
export const DEFAULT_RETENTION_DAYS = 90;
/**
 * The Fluent Bit image the shipper runs by default: AWS for Fluent Bit, pinned by digest. The
 * digest is a placeholder of the right shape; pin the digest of the release you have vetted with
 * `shipperImage`.
 */
export const FLUENT_BIT_IMAGE = 'public.ecr.aws/aws-observability/aws-for-fluent-bit@sha256:0f0e3c5d4b1a29386f7e9c0d1b2a3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d';

/**
 * Options of CloudWatch logging.
 */
export interface CloudWatchLoggingOptions {
  /**
   * How long each service's log events are kept, in days: one of the values CloudWatch Logs
   * accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557,
   * 2922, 3288, 3653).
   *
   * @default 90
   */
  readonly retentionDays?: number;
  /**
   * Image of the log shipper (Fluent Bit with the `cloudwatch_logs` output), pinned by digest.
   *
   * @default FLUENT_BIT_IMAGE
   */
  readonly shipperImage?: string;
  /**
   * Namespace of the log shipper. Its Pod Security level is `privileged` (it mounts host logs).
   *
   * @default 'logging'
   */
  readonly namespace?: string;
}

const DIGEST_PINNED = /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*@sha256:[a-f0-9]{64}$/;

/** The opt-out control, written as `opt-out.secure-constructs.io/log-shipping`, that records why a platform ships no logs. */
export const LOG_SHIPPING_CONTROL = 'log-shipping';

/**
 * Where the platform's service logs go.
 *
 * With CloudWatch logging (the default), each service gets a log group
 * `/secure-constructs/<platform>/<namespace>/<service>` encrypted with the platform key, and a
 * Fluent Bit DaemonSet ships each container's log file to its service's group with a role that
 * can write only to the platform's log groups. Turning log shipping off takes a reason, which
 * every service's Deployment carries as the annotation `opt-out.secure-constructs.io/log-shipping`
 * and the policy report lists.
 *
 * @example
 * new Platform(app, 'dev', { ..., logging: PlatformLogging.disabled('dev cluster; node logs go to the vendor agent (OPS-7)') });
 */
export class PlatformLogging {
  /** Ship every service's logs to its own CloudWatch log group (the default). */
  public static cloudWatch(options: CloudWatchLoggingOptions = {}): PlatformLogging {
    return new PlatformLogging(options ?? {}, false, undefined);
  }

  /**
   * Ship no logs: no log groups, no shipper. Every service's Deployment carries `reason` as the
   * annotation `opt-out.secure-constructs.io/log-shipping`, and the policy report lists each
   * service's unshipped logs as accepted with that reason.
   *
   * @param reason why the platform's logs are not shipped (at least 10 characters)
   */
  public static disabled(reason: string): PlatformLogging {
    return new PlatformLogging({}, true, reason);
  }

  /** Whether the services' logs are shipped. */
  public readonly enabled: boolean;
  /**
   * Why log shipping is off.
   *
   * @default - log shipping is on
   */
  public readonly disabledReason?: string;
  /** Retention of the log groups, in days. */
  public readonly retentionDays: number;
  /** Image of the shipper. */
  public readonly shipperImage: string;
  /** Namespace of the shipper. */
  public readonly namespace: string;

  private constructor(options: CloudWatchLoggingOptions, disabled: boolean, reason: string | undefined) {
    this.enabled = !disabled;
    this.disabledReason = typeof reason === 'string' ? reason.trim() : reason;
    this.retentionDays = options.retentionDays ?? DEFAULT_RETENTION_DAYS;
    this.shipperImage = options.shipperImage ?? FLUENT_BIT_IMAGE;
    this.namespace = options.namespace ?? 'logging';
  }

  /**
   * Validates the options for `scope` (a Platform).
   * @internal
   */
  public _validate(scope: IConstruct, property: string, namespaceOwner: (namespace: string) => string | undefined = () => undefined): void {
    if (!this.enabled) {
      if (typeof this.disabledReason !== 'string' || this.disabledReason.length < MIN_REASON_LENGTH) {
        fail(scope, `${property}.disabledReason`, this.disabledReason, `turning log shipping off needs a reason of at least ${MIN_REASON_LENGTH} characters; it is written into every service's manifest and the policy report`,
          "say why the platform's logs are not shipped and where that is tracked, e.g. PlatformLogging.disabled('sandbox cluster, no log retention required (OPS-12)')");
      }
      return;
    }
    if (!CLOUDWATCH_RETENTION_DAYS.includes(this.retentionDays)) {
      const wanted = Number(this.retentionDays);
      const near = [...CLOUDWATCH_RETENTION_DAYS].sort((a, b) => Math.abs(a - wanted) - Math.abs(b - wanted))[0];
      fail(scope, `${property}.retentionDays`, this.retentionDays, `CloudWatch Logs accepts only ${CLOUDWATCH_RETENTION_DAYS.join(', ')} days`,
        `use one of those values${Number.isFinite(Number(this.retentionDays)) ? `, e.g. ${near}` : ''}`);
    }
    if (typeof this.shipperImage !== 'string' || !DIGEST_PINNED.test(this.shipperImage)) {
      fail(scope, `${property}.shipperImage`, this.shipperImage, 'the log shipper runs as root on every node; its image must be pinned by digest',
        `use "<registry>/<name>@sha256:<64 hex>", e.g. ${FLUENT_BIT_IMAGE.replace(/@.*/, '')}@sha256:<digest of a vetted release>`);
    }
    validateDnsLabel(scope, `${property}.namespace`, this.namespace);
    const owner = namespaceOwner(this.namespace);
    if (owner) {
      fail(scope, `${property}.namespace`, this.namespace, `the namespace belongs to ${owner}; the library would label it Pod Security "privileged" for the shipper and deny all its other traffic`,
        "give the shipper a namespace of its own, e.g. PlatformLogging.cloudWatch({ namespace: 'logging' }) (the default)");
    }
  }
}

/** A CloudWatch Logs log group name: 1 to 512 of `A-Za-z0-9 . - _ / #`. */
const LOG_GROUP_NAME = /^[A-Za-z0-9._/#-]{1,512}$/;

/** The log group names given out per platform, with the construct that has each. */
const logGroupNames = new WeakMap<IConstruct, Map<string, IConstruct>>();

/**
 * The name of a service's log group: `pinned` when given, else
 * `/secure-constructs/<platform>/<namespace>/<service>`.
 *
 * The name forces replacement: changing it makes Terraform destroy the group (and its events) and
 * create a new one. It is derived from the namespace and the service name, so renaming a service or
 * moving it to another namespace changes it; pinning the name it had before (for example
 * `logGroupName: '/secure-constructs/prod/shop/orders'`) keeps the group. A pinned name must stay
 * under the platform's prefix `/secure-constructs/<platform>/`, the only groups the platform key
 * and the log shipper's role admit, and be unique in the platform.
 *
 * @param service the construct that gets the group (errors name it)
 * @param platform the service's platform
 * @param property the property that holds `pinned`, e.g. `logGroupName`
 * @param pinned the name the user pinned, or undefined
 */
export function serviceLogGroupName(service: IConstruct, platform: IConstruct, property: string, pinned: unknown,
  namespace: string, serviceName: string): string {
  const prefix = logGroupNamePrefix(platform.node.id);
  let name = `${prefix}${namespace}/${serviceName}`;
  if (pinned !== undefined) {
    if (typeof pinned !== 'string' || !LOG_GROUP_NAME.test(pinned)) {
      fail(service, property, pinned, 'not a CloudWatch Logs log group name (1 to 512 letters, digits, ".", "-", "_", "/" and "#")',
        `pin the name the group has today, e.g. "${name}"`);
    }
    if (!pinned.startsWith(prefix) || pinned.length === prefix.length) {
      fail(service, property, pinned, `the platform key and the log shipper's role admit only log groups under "${prefix}"`,
        `keep the name under the prefix, e.g. "${name}" (the name the group had before a rename stays valid)`);
    }
    name = pinned;
  }
  let names = logGroupNames.get(platform);
  if (!names) logGroupNames.set(platform, names = new Map());
  const other = names.get(name);
  if (other && other !== service) {
    fail(service, property, name, `${other.node.path} has this log group already; two services cannot share one`,
      pinned === undefined ? `pin another name with ${property}` : 'pin a name no other service of the platform uses');
  }
  names.set(name, service);
  return name;
}
