import * as k8s from 'cdk8s-plus-33/lib/imports/k8s';
import { Construct } from 'constructs';
import { ExposureController, GATEWAY_NAME_LABEL, GatewayImplementation } from './controller';
import { GatewayBodyLimit } from './gateway-body-limit';
import { GatewayRateLimit } from './gateway-rate-limit';
import { GATEWAY_BODY_LIMIT_CONTROL } from './gateway-route-body-limit';
import { GATEWAY_RATE_LIMIT_CONTROL } from './gateway-route-rate-limit';
import { enforceBackendTrafficPolicy, resolveGatewayTraffic } from './gateway-route-traffic-policy';
import { resolveGatewayAuthentication } from '../authn/gateway-authentication';
import { fail } from '../core/errors';
import { kubeObject, plainObject } from '../core/kube-object';
import { lazyModule } from '../core/lazy-module';
import { fitName, MAX_LABEL_LENGTH, stableHash } from '../core/names';
import {
  Certificate, CertificateSpecUsages,
} from '../imports/cert-manager.io';
import type * as GatewayApi from '../imports/gateway.networking.k8s.io';
import { HBONE_PORT, ISTIOD_LABELS, ISTIOD_PORT, MeshDataPlane, ServiceMesh } from '../mesh/service-mesh';
import { CONSTRUCT_PATH_ANNOTATION, MANAGED_BY, NAMESPACE_NAME_LABEL } from '../network/labels';
import { ensureNamespace } from '../network/namespace';
import { Flow, servicePolicySpec } from '../network/service-policy';
import type { Platform } from '../platform/platform';
import { LEAF_PRIVATE_KEY, privateCaNames } from '../tls/certificates';
import { IssuerRef } from '../tls/issuer-ref';
import { CERTIFICATE_DURATION, CERTIFICATE_RENEW_BEFORE } from '../tls/service-tls';
import { ensureTrustBundle } from '../tls/trust-bundle';
import type { ServiceWorkload } from '../workload/service-workload';

/** The Gateway API bindings (about 25 ms to load), loaded when a platform exposes through Gateway API. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const gatewayApi = lazyModule<typeof GatewayApi>(() => require('../imports/gateway.networking.k8s.io'));

/** The API group of the Gateway API. */
export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';
/** The only port the Gateway listens on: HTTPS. */
export const GATEWAY_HTTPS_PORT = 443;
/** The most listeners a Gateway may have. */
const MAX_LISTENERS = 64;

/** Gateway API settings with defaults applied. */
export interface ResolvedGateway {
  readonly className: string;
  readonly namespace: string;
  readonly name: string;
  readonly createNamespace: boolean;
  readonly issuer?: IssuerRef;
  readonly proxyNamespace: string;
  readonly proxyPodLabels: { [key: string]: string };
  readonly proxyPorts: number[];
  readonly controlPlane?: Flow;
  /** The CA bundle ConfigMap the gateway verifies the pods against (without a mesh). */
  readonly backendCaBundle?: string;
  /** Mesh mode: the ServiceAccount of the proxy pods, admitted by the exposed services. */
  readonly proxyServiceAccount: string;
  /** The implementation serving the class, which decides how authentication is enforced. */
  readonly implementation: GatewayImplementation;
  /** Whether the Gateway may be reachable from the internet (then exposures need authentication). */
  readonly internetFacing: boolean;
  /** The identity provider's ranges the proxies may reach on 443 (JWKS, token endpoint). */
  readonly identityProviderCidrs: string[];
  /** The rate limit of every exposure, as given (defaults are applied per exposure). */
  readonly rateLimit?: GatewayRateLimit;
  /** The request body limit of every exposure, as given (defaults are applied per exposure). */
  readonly requestBodyLimit?: GatewayBodyLimit;
}

/** The options of a Gateway API controller with their defaults. */
export function resolveGateway(controller: ExposureController, platformId: string, mesh?: ServiceMesh): ResolvedGateway {
  const o = controller.gatewayApiOptions!;
  const namespace = o.namespace ?? 'gateway';
  const name = o.gatewayName ?? platformId;
  // A mesh gateway's proxies fetch their configuration and certificates from istiod.
  const cp = o.proxyControlPlane ?? (mesh ? { namespace: mesh.istiodNamespace, podLabels: ISTIOD_LABELS, port: ISTIOD_PORT } : undefined);
  return {
    className: o.gatewayClassName,
    namespace,
    name,
    createNamespace: o.createNamespace ?? false,
    issuer: o.issuer,
    proxyNamespace: o.proxyNamespace ?? namespace,
    proxyPodLabels: { ...(o.proxyPodLabels ?? { [GATEWAY_NAME_LABEL]: name }) },
    proxyPorts: [...new Set(o.proxyPorts ?? [GATEWAY_HTTPS_PORT])].sort((a, b) => a - b),
    controlPlane: cp ? { peer: { namespace: cp.namespace, podLabels: { ...cp.podLabels } }, port: cp.port } : undefined,
    backendCaBundle: o.backendCaBundle,
    proxyServiceAccount: o.proxyServiceAccount ?? fitName(`${name}-${o.gatewayClassName}`, 253),
    implementation: controller._gatewayImplementation,
    internetFacing: o.internetFacing ?? true,
    identityProviderCidrs: [...(o.identityProviderCidrs ?? [])],
    rateLimit: o.rateLimit,
    requestBodyLimit: o.requestBodyLimit,
  };
}

/** The platform's shared Gateway, written once. */
interface GatewayState {
  readonly settings: ResolvedGateway;
  /** The Gateway's listeners, one per host; the Gateway object renders this array. */
  readonly listeners: GatewayApi.GatewaySpecListeners[];
  /** The exposed services' pods, the proxies' egress targets. */
  readonly backends: Flow[];
  /** Whether the proxies call the identity provider (an exposure's JWT or OIDC at the gateway). */
  callsIdentityProvider: boolean;
}

const gateways = new WeakMap<Platform, GatewayState>();

/**
 * The platform's shared Gateway: `<gatewayName>` in the Gateway namespace, of the configured
 * class, with only HTTPS listeners. With `createNamespace`, also the namespace (restricted,
 * default-deny, DNS) and, when the proxies run there, their NetworkPolicy.
 */
function ensureGateway(platform: Platform): GatewayState {
  const existing = gateways.get(platform);
  if (existing) return existing;
  const settings = resolveGateway(platform.exposure, platform.node.id, platform.mesh);
  const state: GatewayState = { settings, listeners: [], backends: [], callsIdentityProvider: false };
  gateways.set(platform, state);
  const scope = new Construct(platform.chart, 'Gateway');
  const labels = { ...MANAGED_BY, 'app.kubernetes.io/part-of': platform.node.id };
  const annotations = { [CONSTRUCT_PATH_ANNOTATION]: platform.node.path };
  if (settings.createNamespace) {
    ensureNamespace(platform, settings.namespace);
    if (settings.proxyNamespace === settings.namespace) {
      kubeObject(scope, 'ProxyPolicy', k8s.KubeNetworkPolicy, {
        metadata: { name: fitName(`${settings.name}-proxy`, MAX_LABEL_LENGTH), namespace: settings.namespace, labels, annotations },
      }, {
        spec: () => {
          const provider = state.callsIdentityProvider ? [{ cidrs: settings.identityProviderCidrs, port: GATEWAY_HTTPS_PORT }] : [];
          const spec = servicePolicySpec(settings.proxyPodLabels, [], state.backends, provider, {
            infrastructureEgress: settings.controlPlane ? [settings.controlPlane] : [],
            // Ambient: the proxies reach the services' ztunnels over HBONE.
            tunnelPort: platform.mesh?.dataPlane === MeshDataPlane.AMBIENT ? HBONE_PORT : undefined,
          });
          // Clients reach the proxies from anywhere, on the listener's container ports only.
          return { ...spec, ingress: [{ ports: settings.proxyPorts.map(port => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) })) }] };
        },
      });
    }
  }
  // The spec is rendered at synth time: every exposure adds its host's listener.
  kubeObject(scope, 'Gateway', gatewayApi().Gateway, { metadata: { name: settings.name, namespace: settings.namespace, labels, annotations }, spec: undefined as any }, {
    spec: () => ({ gatewayClassName: settings.className, listeners: state.listeners }),
  });
  return state;
}

/** What a Gateway API exposure wrote. */
export interface GatewayExposure {
  /** Name of the Gateway's listener for the host. */
  readonly listenerName: string;
  /** Name of the Secret (in the Gateway's namespace) that holds the host's certificate. */
  readonly secretName: string;
}

/** A listener name for `host`: the host with dashes, unique within the Gateway. */
function listenerNameFor(host: string, taken: GatewayApi.GatewaySpecListeners[]): string {
  const base = fitName(host.replace(/\./g, '-'), MAX_LABEL_LENGTH);
  if (!taken.some(l => l.name === base)) return base;
  return `${fitName(base, MAX_LABEL_LENGTH - 9)}-${stableHash(host).slice(0, 8)}`;
}

/**
 * Exposes `service` on `host` through the platform's shared Gateway: a cert-manager Certificate
 * for exactly the host (in the Gateway's namespace), an HTTPS listener on 443 for the host that
 * terminates TLS with that certificate and admits routes from the service's namespace only, and
 * an HTTPRoute in the service's namespace from that listener to the service's port. The service's
 * NetworkPolicy admits the proxy pods on its port.
 *
 * Who may call (`authentication`, required unless the Gateway is declared internal) is enforced
 * as {@link resolveGatewayAuthentication} describes: Envoy Gateway's `SecurityPolicy` for the
 * route, or the mesh's policies on the service. How fast each client may call (`rateLimit` of the
 * platform's Gateway options) and how large a request body may be (`requestBodyLimit`) as
 * {@link resolveGatewayTraffic} describes: Envoy Gateway's `BackendTrafficPolicy` for the route,
 * or each control's opt-out (`edge-rate-limit`, `edge-request-size`) with its reason.
 */
export function exposeThroughGateway(workload: ServiceWorkload, host: string, authentication?: unknown): GatewayExposure {
  const platform = workload.platform;
  const service = workload.service;
  const state = ensureGateway(platform);
  const gw = state.settings;
  if (state.listeners.length >= MAX_LISTENERS) {
    fail(service, 'expose(options.host)', host, `the platform's Gateway already has ${MAX_LISTENERS} listeners, the most the Gateway API allows`,
      'expose more hosts on another platform, or use the AWS Load Balancer Controller');
  }
  const auth = resolveGatewayAuthentication(workload, authentication, gw.implementation, gw.internetFacing);
  const envoyGateway = gw.implementation === GatewayImplementation.ENVOY_GATEWAY;
  const traffic = resolveGatewayTraffic(workload, [
    { control: GATEWAY_RATE_LIMIT_CONTROL, setting: gw.rateLimit },
    { control: GATEWAY_BODY_LIMIT_CONTROL, setting: gw.requestBodyLimit },
  ], envoyGateway, gw.internetFacing);
  if (auth.callsIdentityProvider && gw.createNamespace && gw.proxyNamespace === gw.namespace) {
    if (gw.identityProviderCidrs.length === 0) {
      fail(service, 'expose(options.authentication)', host, "the gateway's proxies fetch the identity provider's keys (and, for OIDC, tokens) over https, and the NetworkPolicy the library writes for them allows egress only to the exposed services and the control plane",
        "give the provider's ranges: ExposureController.gatewayApi({ ..., identityProviderCidrs: ['203.0.113.0/24'] }), or run the proxies in their own namespace (proxyNamespace, e.g. 'envoy-gateway-system'), whose network rules are the operator's");
    }
    state.callsIdentityProvider = true;
  }
  const listenerName = listenerNameFor(host, state.listeners);
  const secretName = `${listenerName}-tls`;
  const issuer = gw.issuer ?? platform.tls.issuer ?? IssuerRef.clusterIssuer(privateCaNames(platform.node.id).ca);
  const scope = workload.kubernetesScope;
  const annotations = { [CONSTRUCT_PATH_ANNOTATION]: workload.path };

  kubeObject(scope, 'HostCertificate', Certificate, {
    metadata: { name: listenerName, namespace: gw.namespace, labels: workload.labels, annotations },
    spec: {
      secretName,
      secretTemplate: { labels: workload.labels },
      dnsNames: [host],
      duration: CERTIFICATE_DURATION,
      renewBefore: CERTIFICATE_RENEW_BEFORE,
      privateKey: LEAF_PRIVATE_KEY,
      usages: [CertificateSpecUsages.SERVER_AUTH, CertificateSpecUsages.DIGITAL_SIGNATURE],
      issuerRef: issuer._toJson(),
    },
  });

  state.listeners.push({
    name: listenerName,
    hostname: host,
    port: GATEWAY_HTTPS_PORT,
    protocol: 'HTTPS',
    tls: { mode: gatewayApi().GatewaySpecListenersTlsMode.TERMINATE, certificateRefs: [{ group: '', kind: 'Secret', name: secretName }] },
    allowedRoutes: {
      namespaces: {
        from: gatewayApi().GatewaySpecListenersAllowedRoutesNamespacesFrom.SELECTOR,
        selector: { matchLabels: { [NAMESPACE_NAME_LABEL]: workload.namespace } },
      },
      kinds: [{ group: GATEWAY_API_GROUP, kind: 'HTTPRoute' }],
    },
  });

  kubeObject(scope, 'HttpRoute', gatewayApi().HttpRoute, {
    metadata: {
      name: workload.name,
      namespace: workload.namespace,
      labels: workload.labels,
      annotations: { ...annotations, ...auth.routeAnnotations, ...traffic.routeAnnotations },
    },
    spec: {
      parentRefs: [{ group: GATEWAY_API_GROUP, kind: 'Gateway', namespace: gw.namespace, name: gw.name, sectionName: listenerName }],
      hostnames: [host],
      rules: [{
        matches: [{ path: { type: gatewayApi().HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: '/' } }],
        backendRefs: [{ group: '', kind: 'Service', name: workload.name, port: workload.port }],
      }],
    },
  });

  auth.enforce();
  enforceBackendTrafficPolicy(workload, traffic);

  workload.connections.allowFrom({ namespace: gw.proxyNamespace, podLabels: gw.proxyPodLabels }, workload.port);
  if (platform.mesh) {
    // The mesh carries the hop with mTLS; the service's AuthorizationPolicy admits the gateway's identity.
    workload.connections.addCaller({ namespace: gw.proxyNamespace, serviceAccount: gw.proxyServiceAccount, port: workload.port });
  } else {
    addBackendTlsPolicy(workload, gw);
  }
  state.backends.push({ peer: { namespace: workload.namespace, podLabels: workload.selectorLabels }, port: workload.port });
  return { listenerName, secretName };
}

/** The API version of `BackendTLSPolicy` (Gateway API standard channel, v1.4 and later). */
export const BACKEND_TLS_POLICY_API_VERSION = `${GATEWAY_API_GROUP}/v1`;

/**
 * The gateway-to-pod hop: a `BackendTLSPolicy` for the service's HTTPS port that makes the gateway
 * originate TLS to the pods, verify their certificate against the platform's CA bundle and expect
 * the service's DNS name (also sent as SNI), which is in every service certificate.
 */
function addBackendTlsPolicy(workload: ServiceWorkload, gw: ResolvedGateway): void {
  const platform = workload.platform;
  // Without a CA bundle of the user's, the platform's issuer is the library's private CA
  // (ExposureController refuses the other case).
  const bundle = gw.backendCaBundle ?? ensureTrustBundle(platform);
  plainObject(workload.kubernetesScope, 'BackendTlsPolicy', {
    apiVersion: BACKEND_TLS_POLICY_API_VERSION,
    kind: 'BackendTLSPolicy',
    metadata: workload.metadata(workload.name),
    spec: {
      targetRefs: [{ group: '', kind: 'Service', name: workload.name, sectionName: workload.portName }],
      validation: {
        caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: bundle }],
        hostname: workload.dnsName,
      },
    },
  });
}
