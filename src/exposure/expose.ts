import { ApiObject, Lazy } from 'cdk8s';
import * as k8s from 'cdk8s-plus-33/lib/imports/k8s';
import { IConstruct } from 'constructs';
import { albAccessLogs } from './access-logs';
import { ExposureMode } from './controller';
import { exposeThroughGateway } from './gateway';
import { edgeAuthenticationForAlb, resolveEdgeAuthentication } from '../authn/alb-authentication';
import { EdgeAuthentication } from '../authn/edge-authentication';
import { createPublicCertificate } from '../aws/acm';
import { validateCidrList } from '../core/cidr';
import { fail } from '../core/errors';
import { kubeObject } from '../core/kube-object';
import { attachExposureAlarms } from '../monitoring/edge-alarms';
import { CONSTRUCT_PATH_ANNOTATION } from '../network/labels';
import type { Platform } from '../platform/platform';
import { ServiceTlsMode } from '../tls/service-tls';
import { edgeWebAclForAlb } from '../waf/alb-web-acl';
import type { ServiceWorkload } from '../workload/service-workload';

/** Whether the load balancer is reachable from the internet or only inside the VPC. */
export enum LoadBalancerScheme {
  /** Reachable only from inside the VPC (and networks connected to it). */
  INTERNAL = 'internal',
  /** Reachable from the internet. */
  INTERNET_FACING = 'internet-facing',
}

/** The TLS policy of the HTTPS listener: TLS 1.3 and 1.2 with forward-secret AEAD ciphers only. */
export const ALB_SSL_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';

/**
 * Options of `SecureMicroservice.expose`. Except `host` and `authentication`, they configure the
 * AWS Load Balancer Controller and are refused when the platform exposes through the Gateway API.
 */
export interface ExposeOptions {
  /** The host name clients use, e.g. `shop.example.com` (lower case, no wildcard). */
  readonly host: string;
  /**
   * Internal or internet-facing load balancer.
   *
   * @default LoadBalancerScheme.INTERNAL
   */
  readonly scheme?: LoadBalancerScheme;
  /**
   * Route 53 hosted zone of the host. When given, Terraform writes the ACM DNS validation record
   * there and waits for the certificate to be issued; the host's own alias record is left to
   * external-dns (the Ingress carries `external-dns.alpha.kubernetes.io/hostname`).
   *
   * @default - the validation record is created out of band (see the certificate's
   * `domain_validation_options`)
   */
  readonly hostedZoneId?: string;
  /**
   * ARN of a regional WAFv2 web ACL (same account and region) that the load balancer is
   * associated with, instead of the platform's library-owned one.
   *
   * @default - the platform's web ACL for internet-facing exposures (see `webAcl`), none for internal ones
   */
  readonly webAclArn?: string;
  /**
   * CIDR ranges the load balancer's traffic comes from (the subnets it runs in): the only sources
   * the service's NetworkPolicy admits on its port for this exposure.
   *
   * @default - the Platform's `loadBalancerSourceCidrs`
   */
  readonly sourceCidrs?: string[];
  /**
   * Who may call: end users signed in at the load balancer (`EdgeAuthentication.oidc`,
   * `cognito`), API clients with a bearer JWT (`jwt`), or anyone, with a reason (`anonymous`).
   * Required for internet-facing exposure. With the Gateway API, every Gateway counts as
   * internet-facing unless declared internal (`GatewayApiOptions.internetFacing: false`), and
   * what is enforced depends on the implementation (`GatewayApiOptions.implementation`): Envoy
   * Gateway `jwt` and `oidc` (a SecurityPolicy), Istio `jwt` (the mesh's policies), other
   * implementations only `anonymous`.
   *
   * @default - internal exposures: no authentication at the edge; internet-facing: none, a ConfigurationError
   */
  readonly authentication?: EdgeAuthentication;
  /**
   * Whether the load balancer is associated with the platform's library-owned WAFv2 web ACL
   * (Platform `webAcl`). Internet-facing exposures always have a web ACL: this one or `webAclArn`.
   *
   * @default - true for internet-facing exposures without `webAclArn`, false for internal ones
   */
  readonly webAcl?: boolean;
}

/**
 * What an exposure created.
 */
export interface ExposedEndpoint {
  /** The host name. */
  readonly host: string;
  /** The URL clients use. */
  readonly url: string;
  /**
   * The scheme of the load balancer.
   *
   * @default - none: with the Gateway API, reachability is the GatewayClass's
   */
  readonly scheme?: LoadBalancerScheme;
  /**
   * ARN of the ACM certificate (a Terraform reference).
   *
   * @default - none: with the Gateway API the certificate is cert-manager's (`certificateSecretName`)
   */
  readonly certificateArn?: string;
  /**
   * Name of the S3 bucket the load balancer writes its access logs to (under the prefix `alb/`),
   * shared by the platform's exposed services.
   *
   * @default - none: with the Gateway API, access logging is the implementation's
   */
  readonly accessLogBucketName?: string;
  /**
   * Name of the Secret, in the Gateway's namespace, that cert-manager writes the host's
   * certificate to.
   *
   * @default - none: the AWS Load Balancer Controller uses the ACM certificate
   */
  readonly certificateSecretName?: string;
}

/** The value of the `load-balancer-attributes` annotation: `key=value` pairs joined by commas. */
function loadBalancerAttributes(attributes: { [key: string]: string }): string {
  return Object.entries(attributes).map(([k, v]) => `${k}=${v}`).join(',');
}

/** The host names exposed on each platform, with the path of the service that exposes each. */
const exposedHosts = new WeakMap<Platform, Map<string, string>>();

const HOST_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const ZONE_ID = /^Z[A-Z0-9]{1,31}$/;
const WEB_ACL = /^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-[a-z]|aws-eusc):wafv2:([a-z0-9-]+):(\d{12}):regional\/webacl\/[A-Za-z0-9_-]{1,128}\/[a-f0-9-]{36}$/;

/** Validates a public host name: lower-case DNS labels, at least two, a non-numeric top label. */
export function validateHost(scope: IConstruct, property: string, host: unknown): string {
  const problem = typeof host !== 'string' ? 'not a string'
    : host.length === 0 || host.length > 253 ? 'a host name has 1 to 253 characters'
      : host.includes('*') ? 'wildcard hosts are not exposed: the certificate and the routing would cover names nobody declared'
        : host !== host.toLowerCase() ? 'host names are written in lower case'
          : host.endsWith('.') ? 'no trailing dot'
            : host.split('.').length < 2 ? 'a host name has at least two labels (name and domain)'
              : !host.split('.').every(l => HOST_LABEL.test(l)) ? 'every label is 1-63 letters, digits or "-", not starting or ending with "-"'
                : /^[0-9]+$/.test(host.split('.').pop()!) ? 'an IP address is not a host name (ACM certifies names only)'
                  : undefined;
  if (problem) {
    fail(scope, property, host, `not a valid host name: ${problem}`, "use a fully qualified lower-case name such as 'shop.example.com'");
  }
  return host as string;
}

/**
 * Exposes a service over HTTPS, through the platform's exposure controller: the AWS Load Balancer
 * Controller (below) or the Gateway API (see `exposeThroughGateway`). A host is exposed once per
 * platform, a service at most once.
 *
 * With the AWS Load Balancer Controller:
 *
 * Kubernetes: an Ingress of class `alb` with one HTTPS listener on 443 (no HTTP listener, so
 * nothing is ever served in clear text), the TLS 1.3 policy {@link ALB_SSL_POLICY}, IP targets,
 * HTTPS to the pods (which serve their cert-manager certificate), invalid header fields dropped,
 * end-user authentication (`authentication`, required when internet-facing) and a WAFv2 web ACL
 * (the platform's by default when internet-facing, or `webAclArn`). The certificate is found by the
 * controller's certificate discovery from the Ingress's TLS host, so the manifest names no ARN and
 * never waits for a Terraform apply.
 *
 * AWS: an ACM certificate for the host with DNS validation (records and the validation wait
 * when a hosted zone is given), and, on the platform's first such exposure, the bucket every
 * load balancer of the platform writes its access logs to (see `AlbAccessLogs`).
 *
 * Network: the service's NetworkPolicy admits the load balancer's source ranges on its port.
 */
export function exposeService(workload: ServiceWorkload, options: ExposeOptions): ExposedEndpoint {
  const platform = workload.platform;
  const service = workload.service;
  if (options === undefined || options === null) {
    fail(service, 'expose(options)', options, 'an exposure needs a host name', "pass { host: 'shop.example.com' }");
  }
  const host = validateHost(service, 'expose(options.host)', options.host);
  if (platform.tls.mode !== ServiceTlsMode.CERT_MANAGER && platform.exposure.mode !== ExposureMode.GATEWAY_API) {
    fail(service, 'expose(options)', host, 'exposure without TLS to the pods: in mesh mode the service serves plain HTTP to its proxy and the load balancer is not a mesh peer, so the hop from the load balancer would be clear text (or rejected by mTLS STRICT)',
      "expose mesh services through the mesh's own gateway: exposure: ExposureController.gatewayApi({ gatewayClassName: 'istio', issuer }) on the Platform");
  }
  const scope = workload.kubernetesScope;
  if (scope.node.tryFindChild('Ingress') || scope.node.tryFindChild('HttpRoute')) {
    fail(service, 'expose(options.host)', host, 'the service is already exposed', 'expose each service once');
  }
  const hosts = exposedHosts.get(platform) ?? new Map<string, string>();
  const owner = hosts.get(host);
  if (owner !== undefined) {
    fail(service, 'expose(options.host)', host, `the host is already exposed by "${owner}"; two routes for one host would compete for its traffic and its certificate`,
      'give each exposed service its own host name');
  }
  if (platform.exposure.mode === ExposureMode.GATEWAY_API) {
    for (const key of ['scheme', 'hostedZoneId', 'webAclArn', 'sourceCidrs', 'webAcl'] as const) {
      if (options[key] !== undefined) {
        fail(service, `expose(options.${key})`, options[key], 'applies to the AWS Load Balancer Controller only, and the platform exposes through the Gateway API',
          key === 'sourceCidrs' ? "leave it out: the service's NetworkPolicy admits the gateway's proxy pods (GatewayApiOptions.proxyPodLabels)"
            : key === 'scheme' ? "leave it out: the Gateway's reachability is its GatewayClass's; declare an internal Gateway with ExposureController.gatewayApi({ ..., internetFacing: false })"
              : "leave it out: the Gateway's DNS and filtering are set by its GatewayClass and implementation");
      }
    }
    const exposure = exposeThroughGateway(workload, host, options.authentication);
    hosts.set(host, service.node.path);
    exposedHosts.set(platform, hosts);
    return { host, url: `https://${host}/`, certificateSecretName: exposure.secretName };
  }
  const scheme = options.scheme ?? LoadBalancerScheme.INTERNAL;
  if (!Object.values(LoadBalancerScheme).includes(scheme)) {
    fail(service, 'expose(options.scheme)', scheme, 'not a LoadBalancerScheme', 'use LoadBalancerScheme.INTERNAL or LoadBalancerScheme.INTERNET_FACING');
  }
  if (options.hostedZoneId !== undefined && (typeof options.hostedZoneId !== 'string' || !ZONE_ID.test(options.hostedZoneId))) {
    fail(service, 'expose(options.hostedZoneId)', options.hostedZoneId, 'not a Route 53 hosted zone id', "use the zone's id, e.g. 'Z0123456789ABCDEFGHIJ'");
  }
  if (options.webAclArn !== undefined) {
    const m = typeof options.webAclArn === 'string' ? WEB_ACL.exec(options.webAclArn) : null;
    if (!m) {
      fail(service, 'expose(options.webAclArn)', options.webAclArn, 'not the ARN of a regional WAFv2 web ACL',
        "use 'arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<id>' (CloudFront-scoped ACLs cannot be associated with a load balancer)");
    }
    if (m[1] !== platform.partition || m[2] !== platform.region || m[3] !== platform.account) {
      fail(service, 'expose(options.webAclArn)', options.webAclArn, `the web ACL is not in the platform's partition, region and account (${platform.partition}, ${platform.region}, ${platform.account})`,
        'use a web ACL of the same account and region as the load balancer');
    }
  }
  const property = options.sourceCidrs !== undefined ? 'expose(options.sourceCidrs)' : 'loadBalancerSourceCidrs';
  const sources = options.sourceCidrs !== undefined
    ? validateCidrList(service, property, options.sourceCidrs, { what: 'ingress', openFix: "list the CIDRs of the subnets the load balancer runs in, e.g. ['10.0.0.0/24', '10.0.1.0/24']" })
    : platform.loadBalancerSourceCidrs;
  if (sources.length === 0) {
    fail(service, property, sources, "the service's NetworkPolicy must admit the load balancer, and no source range is known",
      'set loadBalancerSourceCidrs on the Platform (or sourceCidrs here) to the CIDRs of the subnets the load balancer runs in');
  }
  const internetFacing = scheme === LoadBalancerScheme.INTERNET_FACING;
  const authentication = resolveEdgeAuthentication(workload, options.authentication, { internetFacing, property: 'expose(options.authentication)' });
  const edgeAnnotations = {
    ...(authentication ? edgeAuthenticationForAlb(workload, authentication, 'expose(options.authentication)') : {}),
    ...edgeWebAclForAlb(workload, { internetFacing, webAclArn: options.webAclArn, webAcl: options.webAcl }),
  };
  const logs = albAccessLogs(platform, platform.exposure._accessLogRetentionDays);

  const annotations: { [key: string]: string } = {
    [CONSTRUCT_PATH_ANNOTATION]: workload.path,
    'alb.ingress.kubernetes.io/scheme': scheme,
    'alb.ingress.kubernetes.io/target-type': 'ip',
    'alb.ingress.kubernetes.io/listen-ports': '[{"HTTPS":443}]',
    'alb.ingress.kubernetes.io/ssl-policy': ALB_SSL_POLICY,
    'alb.ingress.kubernetes.io/backend-protocol': 'HTTPS',
    'alb.ingress.kubernetes.io/healthcheck-protocol': 'HTTPS',
    'alb.ingress.kubernetes.io/load-balancer-attributes': loadBalancerAttributes({
      'routing.http.drop_invalid_header_fields.enabled': 'true',
      // Access logs go to the platform's access-log bucket (created on the first exposure).
      'access_logs.s3.enabled': 'true',
      'access_logs.s3.bucket': logs.bucketName,
      'access_logs.s3.prefix': logs.prefix,
    }),
  };
  Object.assign(annotations, edgeAnnotations);
  // The load balancer is tagged so that its alarms can find its metrics before its name is known.
  Object.assign(annotations, attachExposureAlarms(workload));
  if (options.hostedZoneId) annotations['external-dns.alpha.kubernetes.io/hostname'] = host;
  const ingress = kubeObject(scope, 'Ingress', k8s.KubeIngress, {
    metadata: { name: workload.name, namespace: workload.namespace, labels: workload.labels, annotations },
    spec: {
      ingressClassName: 'alb',
      tls: [{ hosts: [host] }],
      rules: [{
        host,
        http: {
          paths: [{
            path: '/',
            pathType: 'Prefix',
            backend: { service: { name: workload.name, port: { name: workload.portName } } },
          }],
        },
      }],
    },
  });
  // The load balancer checks the path the pods' readiness probe checks (its default, "/", may
  // not be served), read from the written Deployment at synth time; none for a TCP probe.
  ingress.metadata.addAnnotation('alb.ingress.kubernetes.io/healthcheck-path', Lazy.any({
    produce: () => (scope.node.tryFindChild('Deployment') as ApiObject | undefined)?.toJson().spec?.template?.spec?.containers?.[0]?.readinessProbe?.httpGet?.path,
  }) as unknown as string);
  const certificateArn = createPublicCertificate(workload.terraformScope(), { domainName: host, hostedZoneId: options.hostedZoneId });
  workload.connections.allowFromCidrs([...sources], workload.port);
  hosts.set(host, service.node.path);
  exposedHosts.set(platform, hosts);
  return { host, url: `https://${host}/`, scheme, certificateArn, accessLogBucketName: logs.bucketName };
}
