import { IConstruct } from 'constructs';
import { GatewayBodyLimit } from './gateway-body-limit';
import { GatewayRateLimit } from './gateway-rate-limit';
import { validateCidrList } from '../core/cidr';
import { fail } from '../core/errors';
import { validateDnsLabel } from '../core/names';
import { CERT_MANAGER_GROUP, IssuerRef } from '../tls/issuer-ref';

/** Which controller serves exposed services. */
export enum ExposureMode {
  /** The AWS Load Balancer Controller: an ALB Ingress and an ACM certificate (the default). */
  AWS_LOAD_BALANCER = 'aws-load-balancer',
  /** A Gateway API implementation: a shared Gateway, an HTTPRoute per service and a cert-manager certificate per host. */
  GATEWAY_API = 'gateway-api',
}

/** Default days the load balancers' access logs are kept before they expire. */
export const DEFAULT_ACCESS_LOG_RETENTION_DAYS = 90;

/** The GatewayClass of Istio's Gateway API implementation, whose proxies are mesh workloads. */
export const ISTIO_GATEWAY_CLASS = 'istio';

/** Which Gateway API implementation serves the GatewayClass: decides how `expose({ authentication })` is enforced. */
export enum GatewayImplementation {
  /** Envoy Gateway: JWT and OIDC through its typed `SecurityPolicy` (gateway.envoyproxy.io), one per HTTPRoute. */
  ENVOY_GATEWAY = 'envoy-gateway',
  /**
   * Istio: JWT enforced by the mesh on the exposed service (`RequestAuthentication` and an
   * `AuthorizationPolicy` requiring a request principal); needs the platform's mesh.
   */
  ISTIO = 'istio',
  /** Any other implementation: the library knows no typed policy of it, so only `anonymous` (or no authentication on an internal Gateway) is accepted. */
  OTHER = 'other',
}

/** The GatewayClass names Envoy Gateway's documentation and Helm chart use. */
export const ENVOY_GATEWAY_CLASSES = ['eg', 'envoy-gateway'];

/** Label that Gateway API implementations put on the pods they deploy for a Gateway (GEP-1762). */
export const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';

/**
 * Options of {@link ExposureController.gatewayApi}.
 */
export interface GatewayApiOptions {
  /** Name of the GatewayClass of the cluster's Gateway API implementation, e.g. `eg`, `istio`, `cilium`. */
  readonly gatewayClassName: string;
  /**
   * Namespace of the platform's shared Gateway and of the hosts' certificates and Secrets.
   *
   * @default 'gateway'
   */
  readonly namespace?: string;
  /**
   * Whether the library writes the Gateway's namespace: labelled Pod Security "restricted", with
   * default-deny NetworkPolicies, DNS egress and a NetworkPolicy for the gateway's proxy pods
   * (ingress on `proxyPorts` from anywhere, egress to exactly the exposed services' pods on their
   * ports). Otherwise the namespace must exist and its network rules are the cluster operator's.
   *
   * @default false
   */
  readonly createNamespace?: boolean;
  /**
   * Name of the shared Gateway (a DNS label).
   *
   * @default - the platform's id
   */
  readonly gatewayName?: string;
  /**
   * The issuer of the hosts' certificates. Clients outside the cluster trust only a public CA, so
   * internet-facing hosts need a public issuer here (an ACME ClusterIssuer, for example). A
   * namespaced `Issuer` must exist in the Gateway's namespace.
   *
   * @default - the platform's issuer (`tls.issuer`, or the private CA the library creates):
   * trusted only by clients given that CA
   */
  readonly issuer?: IssuerRef;
  /**
   * Namespace the gateway's proxy pods run in (Envoy Gateway, for instance, runs them in its own
   * namespace, `envoy-gateway-system`, by default).
   *
   * @default - the Gateway's namespace
   */
  readonly proxyNamespace?: string;
  /**
   * Labels that select the gateway's proxy pods: an exposed service's NetworkPolicy admits these
   * pods (in `proxyNamespace`) on its port.
   *
   * @default - `{ 'gateway.networking.k8s.io/gateway-name': <gatewayName> }`, the label GEP-1762
   * implementations (Istio, Envoy Gateway, Cilium) put on the pods they deploy for a Gateway
   */
  readonly proxyPodLabels?: { [key: string]: string };
  /**
   * Ports the proxy pods listen on for the HTTPS listener (the container port, which some
   * implementations map from 443, e.g. Envoy Gateway's 10443). Used only with `createNamespace`.
   *
   * @default [443]
   */
  readonly proxyPorts?: number[];
  /**
   * The control plane the proxy pods fetch their configuration from (Envoy Gateway:
   * `envoy-gateway-system`, `app.kubernetes.io/name: envoy-gateway`, 18000; Istio: `istio-system`,
   * `app: istiod`, 15012). With `createNamespace`, the proxies' NetworkPolicy allows egress to it.
   *
   * @default - no control-plane egress: only for implementations whose proxies need none
   */
  readonly proxyControlPlane?: GatewayControlPlane;
  /**
   * Name of a ConfigMap, in each exposed service's namespace, whose `ca.crt` holds the CA that
   * issues the services' certificates. The gateway verifies every pod's certificate against it,
   * with the service's DNS name as SNI and expected host name (a `BackendTLSPolicy` per exposed
   * service). Not used in mesh mode, where the mesh's mTLS carries the hop.
   * @default - a trust-manager `Bundle` of the platform's private CA, written by the library
   * (`<platform>-ca` in every namespace of the platform); required when the platform's
   * `tls.issuer` is given, since the library does not know that issuer's CA
   */
  readonly backendCaBundle?: string;
  /**
   * Mesh mode: the ServiceAccount of the gateway's proxy pods, whose mesh identity every exposed
   * service's AuthorizationPolicy admits on its port.
   * @default - `<gatewayName>-<gatewayClassName>`, the ServiceAccount Istio's automated
   * deployment creates for a Gateway
   */
  readonly proxyServiceAccount?: string;
  /**
   * Mesh mode: whether the GatewayClass is served by the mesh (its proxies are mesh workloads that
   * originate mTLS to the services). Needed only for classes other than Istio's `istio`.
   * @default - true for the `istio` class, false otherwise (exposure through it is refused in mesh mode)
   */
  readonly meshPeer?: boolean;
  /**
   * The implementation that serves the GatewayClass, which decides how an exposure's
   * `authentication` is enforced: Envoy Gateway's `SecurityPolicy`, Istio's mesh policies, or, for
   * other implementations, not at all (then only `EdgeAuthentication.anonymous` is accepted).
   *
   * @default - from the class name: `istio` is Istio, `eg` and `envoy-gateway` are Envoy Gateway,
   * any other class is GatewayImplementation.OTHER
   */
  readonly implementation?: GatewayImplementation;
  /**
   * Whether the Gateway may be reachable from the internet. The library cannot see where the
   * implementation puts the Gateway's load balancer (that is the GatewayClass's and its
   * parameters'), so it assumes it may be: every exposure then needs `authentication` (an
   * `EdgeAuthentication`, or `anonymous(reason)`). `false` declares the Gateway internal
   * (reachable only inside the VPC): exposures may then leave `authentication` out, and the
   * library records that declaration on each HTTPRoute as the `edge-authentication` opt-out, so
   * the policy report lists it.
   *
   * @default true
   */
  readonly internetFacing?: boolean;
  /**
   * CIDR ranges of the identity provider's endpoints (its JWKS and, for OIDC, token endpoint),
   * which Envoy Gateway's proxies call on 443 to check tokens. Needed only when the library
   * writes the proxies' NetworkPolicy (`createNamespace`, with the proxies in the Gateway's
   * namespace) and an exposure uses `EdgeAuthentication.jwt` or `oidc`: that policy allows egress
   * to these ranges on 443 (a NetworkPolicy cannot name a host).
   *
   * @default - none: JWT and OIDC are refused while the library writes the proxies' NetworkPolicy
   */
  readonly identityProviderCidrs?: string[];
  /**
   * The rate limit of every exposure through the Gateway. With Envoy Gateway, a
   * `BackendTrafficPolicy` per HTTPRoute limits each client IP (see {@link GatewayRateLimit}).
   * Other implementations (Istio included) have no typed per-route rate limit: an internet-facing
   * Gateway of theirs needs `GatewayRateLimit.none('<reason>')`, and `perClientIp` is refused.
   * `none` is written on every HTTPRoute as the `edge-rate-limit` opt-out.
   *
   * @default - Envoy Gateway, internet-facing: `GatewayRateLimit.perClientIp({ requests: 100, per:
   * RateLimitUnit.MINUTE })`; an internal Gateway: none (recorded as the opt-out); other
   * implementations, internet-facing: none is set, and exposures are refused until it is
   */
  readonly rateLimit?: GatewayRateLimit;
  /**
   * The request body limit (input validation) of every exposure through the Gateway. With Envoy
   * Gateway, `requestBuffer.limit` in the route's `BackendTrafficPolicy` (the rate limit's policy):
   * larger requests get HTTP 413 (see {@link GatewayBodyLimit}). Buffering is incompatible with
   * streaming and protocol upgrades (WebSocket, gRPC streaming): a platform whose routes need them
   * uses `GatewayBodyLimit.none('<reason>')`. Other implementations (Istio included) have no typed
   * body limit: an internet-facing Gateway of theirs needs `GatewayBodyLimit.none('<reason>')`, and
   * `maxBytes` is refused. `none` is written on every HTTPRoute as the `edge-request-size` opt-out.
   * This limits sizes only: no WAF inspects Gateway traffic (AWS WAF cannot attach to the network
   * load balancer in front of a Gateway).
   *
   * @default - Envoy Gateway, internet-facing: `GatewayBodyLimit.maxBytes(1048576)` (1 MiB); an
   * internal Gateway: none (recorded as the opt-out); other implementations, internet-facing: none
   * is set, and exposures are refused until it is
   */
  readonly requestBodyLimit?: GatewayBodyLimit;
}

/**
 * Options of {@link ExposureController.awsLoadBalancer}.
 */
export interface AwsLoadBalancerOptions {
  /**
   * Days the load balancers' access logs are kept in the platform's access-log bucket before they
   * expire, a positive whole number. Expired files stay recoverable for 30 more days as noncurrent
   * versions.
   *
   * @default 90
   */
  readonly accessLogRetentionDays?: number;
}

/**
 * Pods that a gateway's proxies connect to for their configuration.
 */
export interface GatewayControlPlane {
  /** Namespace of the control plane's pods. */
  readonly namespace: string;
  /** Labels that select the control plane's pods. */
  readonly podLabels: { [key: string]: string };
  /** TCP port the proxies connect to. */
  readonly port: number;
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/**
 * How a platform's services are exposed by `SecureMicroservice.expose`.
 *
 * @example
 * new Platform(app, 'prod', { ..., exposure: ExposureController.gatewayApi({ gatewayClassName: 'eg' }) });
 */
export class ExposureController {
  /**
   * The AWS Load Balancer Controller (the default): one ALB Ingress per exposed service, HTTPS on
   * 443 with a TLS 1.3 policy, an ACM certificate per host in Terraform, and access logs in the
   * platform's access-log bucket.
   */
  public static awsLoadBalancer(options: AwsLoadBalancerOptions = {}): ExposureController {
    return new ExposureController(ExposureMode.AWS_LOAD_BALANCER, undefined, options ?? {});
  }

  /**
   * Gateway API, for clusters without the AWS controller: one shared Gateway per platform with
   * one HTTPS listener on 443 per exposed host (TLS terminated with a cert-manager certificate),
   * and an HTTPRoute per exposed service in the service's namespace.
   */
  public static gatewayApi(options: GatewayApiOptions): ExposureController {
    return new ExposureController(ExposureMode.GATEWAY_API, options, undefined);
  }

  /** Which controller serves exposed services. */
  public readonly mode: ExposureMode;
  /**
   * The Gateway API options, in Gateway API mode.
   *
   * @default - none (AWS Load Balancer Controller)
   */
  public readonly gatewayApiOptions?: GatewayApiOptions;
  /**
   * The AWS Load Balancer Controller options, in that mode.
   *
   * @default - none (Gateway API)
   */
  public readonly awsLoadBalancerOptions?: AwsLoadBalancerOptions;

  private constructor(mode: ExposureMode, options: GatewayApiOptions | undefined, albOptions: AwsLoadBalancerOptions | undefined) {
    this.mode = mode;
    this.gatewayApiOptions = options;
    this.awsLoadBalancerOptions = albOptions;
  }

  /**
   * Days the access logs are kept (AWS Load Balancer Controller).
   * @internal
   */
  public get _accessLogRetentionDays(): number {
    return this.awsLoadBalancerOptions?.accessLogRetentionDays ?? DEFAULT_ACCESS_LOG_RETENTION_DAYS;
  }

  /**
   * The Gateway API implementation (given, or derived from the class name).
   * @internal
   */
  public get _gatewayImplementation(): GatewayImplementation {
    const o = this.gatewayApiOptions;
    if (o?.implementation !== undefined) return o.implementation;
    const cls = o?.gatewayClassName;
    if (cls === ISTIO_GATEWAY_CLASS) return GatewayImplementation.ISTIO;
    if (cls !== undefined && ENVOY_GATEWAY_CLASSES.includes(cls)) return GatewayImplementation.ENVOY_GATEWAY;
    return GatewayImplementation.OTHER;
  }

  /**
   * Validates the options for `scope` (a Platform); `platformIssuer` is the platform's
   * cert-manager issuer, if one was given.
   * @internal
   */
  public _validate(scope: IConstruct, property: string, platformIssuer: IssuerRef | undefined, meshed = false,
    namespaceOwner: (namespace: string) => string | undefined = () => undefined): void {
    if (this.mode === ExposureMode.AWS_LOAD_BALANCER) {
      const days = this._accessLogRetentionDays;
      if (typeof days !== 'number' || !Number.isInteger(days) || days < 1) {
        fail(scope, `${property}.accessLogRetentionDays`, days, 'S3 expires objects after a whole, positive number of days',
          `use a number of days such as ${DEFAULT_ACCESS_LOG_RETENTION_DAYS}`);
      }
      return;
    }
    if (this.mode !== ExposureMode.GATEWAY_API) return;
    const o = this.gatewayApiOptions;
    if (o === undefined || o === null) {
      fail(scope, property, o, 'Gateway API exposure needs at least the GatewayClass', "use ExposureController.gatewayApi({ gatewayClassName: 'eg' })");
    }
    const cls = o.gatewayClassName;
    if (typeof cls !== 'string' || cls.length === 0 || cls.length > 253 || !DNS_SUBDOMAIN.test(cls)) {
      fail(scope, `${property}.gatewayClassName`, cls, 'not a GatewayClass name (a DNS subdomain: lower-case letters, digits, "-" and ".")',
        "use the name shown by `kubectl get gatewayclass`, e.g. 'eg', 'istio' or 'cilium'");
    }
    const ns = validateDnsLabel(scope, `${property}.namespace`, o.namespace ?? 'gateway');
    const owner = o.createNamespace ? namespaceOwner(ns) : undefined;
    if (owner) {
      fail(scope, `${property}.namespace`, ns, `the namespace belongs to ${owner}; the library would label it Pod Security "restricted" and deny all its traffic, cutting it off`,
        "use a namespace of the gateway's own, e.g. 'gateway'");
    }
    if (o.createNamespace !== undefined && typeof o.createNamespace !== 'boolean') {
      fail(scope, `${property}.createNamespace`, o.createNamespace, 'not a boolean', 'use true or false');
    }
    if (o.gatewayName !== undefined) validateDnsLabel(scope, `${property}.gatewayName`, o.gatewayName);
    if (o.proxyNamespace !== undefined) validateDnsLabel(scope, `${property}.proxyNamespace`, o.proxyNamespace);
    if (o.proxyPodLabels !== undefined) validateLabels(scope, `${property}.proxyPodLabels`, o.proxyPodLabels);
    if (o.proxyPorts !== undefined) {
      if (!Array.isArray(o.proxyPorts) || o.proxyPorts.length === 0) {
        fail(scope, `${property}.proxyPorts`, o.proxyPorts, 'the proxy pods must listen on at least one port', 'use e.g. [443]');
      }
      o.proxyPorts.forEach((p, i) => {
        if (typeof p !== 'number' || !Number.isInteger(p) || p < 1 || p > 65535) {
          fail(scope, `${property}.proxyPorts[${i}]`, p, 'not a TCP port number (an integer from 1 to 65535)', 'use the container port of the HTTPS listener, e.g. 443 or 10443');
        }
      });
    }
    const cp = o.proxyControlPlane;
    if (cp !== undefined) {
      if (!cp || typeof cp !== 'object') {
        fail(scope, `${property}.proxyControlPlane`, cp, 'not a GatewayControlPlane', "use { namespace: 'istio-system', podLabels: { app: 'istiod' }, port: 15012 }");
      }
      validateDnsLabel(scope, `${property}.proxyControlPlane.namespace`, cp.namespace);
      validateLabels(scope, `${property}.proxyControlPlane.podLabels`, cp.podLabels);
      if (typeof cp.port !== 'number' || !Number.isInteger(cp.port) || cp.port < 1 || cp.port > 65535) {
        fail(scope, `${property}.proxyControlPlane.port`, cp.port, 'not a TCP port number (an integer from 1 to 65535)', 'use the xDS port, e.g. 15012 or 18000');
      }
    }
    if (o.backendCaBundle !== undefined) validateDnsSubdomain(scope, `${property}.backendCaBundle`, o.backendCaBundle);
    if (o.proxyServiceAccount !== undefined) validateDnsSubdomain(scope, `${property}.proxyServiceAccount`, o.proxyServiceAccount);
    if (o.meshPeer !== undefined && typeof o.meshPeer !== 'boolean') {
      fail(scope, `${property}.meshPeer`, o.meshPeer, 'not a boolean', 'use true or false');
    }
    if (o.implementation !== undefined && !Object.values(GatewayImplementation).includes(o.implementation)) {
      fail(scope, `${property}.implementation`, o.implementation, 'not a GatewayImplementation',
        'use GatewayImplementation.ENVOY_GATEWAY, GatewayImplementation.ISTIO or GatewayImplementation.OTHER');
    }
    if (o.internetFacing !== undefined && typeof o.internetFacing !== 'boolean') {
      fail(scope, `${property}.internetFacing`, o.internetFacing, 'not a boolean', 'use true (the default: exposures need authentication) or false for a Gateway reachable only inside the VPC');
    }
    if (o.rateLimit !== undefined) {
      if (!(o.rateLimit instanceof GatewayRateLimit)) {
        fail(scope, `${property}.rateLimit`, o.rateLimit, 'not a GatewayRateLimit',
          "use GatewayRateLimit.perClientIp({ requests: 100, per: RateLimitUnit.MINUTE }) or GatewayRateLimit.none('<reason>')");
      }
      o.rateLimit._validate(scope, `${property}.rateLimit`);
    }
    if (o.requestBodyLimit !== undefined) {
      if (!(o.requestBodyLimit instanceof GatewayBodyLimit)) {
        fail(scope, `${property}.requestBodyLimit`, o.requestBodyLimit, 'not a GatewayBodyLimit',
          "use GatewayBodyLimit.maxBytes(1048576) or GatewayBodyLimit.none('<reason>')");
      }
      o.requestBodyLimit._validate(scope, `${property}.requestBodyLimit`);
    }
    if (o.identityProviderCidrs !== undefined) {
      validateCidrList(scope, `${property}.identityProviderCidrs`, o.identityProviderCidrs, {
        what: 'egress', openFix: "list the ranges of the identity provider's endpoints, e.g. ['203.0.113.0/24']",
      });
    }
    if (meshed && !(o.meshPeer ?? cls === ISTIO_GATEWAY_CLASS)) {
      fail(scope, `${property}.gatewayClassName`, cls, 'in mesh mode the pods serve plain HTTP to their sidecar and accept only mesh mTLS, so only a gateway whose proxies are mesh workloads can reach them',
        `use Istio's GatewayClass ('${ISTIO_GATEWAY_CLASS}'), or set meshPeer: true for another class served by the mesh`);
    }
    if (meshed && o.issuer === undefined) {
      fail(scope, `${property}.issuer`, o.issuer, "in mesh mode the library writes no cert-manager CA, so the hosts' certificates need an issuer",
        "pass issuer: IssuerRef.clusterIssuer('<issuer>'), e.g. an ACME ClusterIssuer for internet-facing hosts");
    }
    if (o.issuer !== undefined) {
      if (!(o.issuer instanceof IssuerRef)) {
        fail(scope, `${property}.issuer`, o.issuer, 'not an IssuerRef', "use IssuerRef.clusterIssuer('<name>') or IssuerRef.of({ group, kind, name })");
      }
      o.issuer._validate(scope, `${property}.issuer`);
    } else if (platformIssuer && platformIssuer.group === CERT_MANAGER_GROUP && platformIssuer.kind === 'Issuer') {
      fail(scope, `${property}.issuer`, o.issuer, `no issuer for the hosts' certificates: the platform's issuer is the namespaced Issuer "${platformIssuer.name}", which signs only in the service namespaces, and the certificates live in the Gateway's namespace "${ns}"`,
        "pass issuer: IssuerRef.clusterIssuer('<public issuer>') (or an Issuer that exists in the Gateway's namespace)");
    }
    if (!meshed && platformIssuer && o.backendCaBundle === undefined) {
      fail(scope, `${property}.backendCaBundle`, o.backendCaBundle, `the gateway must verify the pods' certificates, and the platform's issuer "${platformIssuer.name}" is not the library's CA, so the library does not know its CA certificate`,
        "name a ConfigMap with that CA as ca.crt in the services' namespaces (e.g. a trust-manager Bundle): ExposureController.gatewayApi({ ..., backendCaBundle: 'corp-ca' })");
    }
  }
}

/** Validates the name of a namespaced object (a DNS subdomain). */
function validateDnsSubdomain(scope: IConstruct, property: string, name: unknown): void {
  if (typeof name !== 'string' || name.length === 0 || name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
    fail(scope, property, name, 'not an object name (a DNS subdomain: lower-case letters, digits, "-" and ".")', "use the object's name, e.g. 'platform-ca'");
  }
}

/** Validates a non-empty label selector (`matchLabels`). */
function validateLabels(scope: IConstruct, property: string, labels: unknown): void {
  const entries = labels && typeof labels === 'object' ? Object.entries(labels) : [];
  if (entries.length === 0) {
    fail(scope, property, labels, 'an empty selector would select every pod of the namespace',
      `list the labels of the pods, e.g. { '${GATEWAY_NAME_LABEL}': '<gateway name>' }`);
  }
  for (const [k, v] of entries) {
    const slash = k.lastIndexOf('/');
    const prefix = slash < 0 ? undefined : k.slice(0, slash);
    const name = slash < 0 ? k : k.slice(slash + 1);
    if ((prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) || name.length > 63 || !LABEL_NAME.test(name)) {
      fail(scope, property, k, 'not a label key', "use a key such as 'app.kubernetes.io/name'");
    }
    if (typeof v !== 'string' || v.length > 63 || (v !== '' && !LABEL_NAME.test(v))) {
      fail(scope, `${property}.${k}`, v, 'not a label value (at most 63 letters, digits, "-", "_" or ".")', 'use the value on the pods');
    }
  }
}
