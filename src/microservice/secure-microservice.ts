import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { validateImage } from './image';
import { Probe, ProbeScheme } from './probe';
import { ConnectionOptions, SecureMicroserviceProps } from './props';
import { resolveResources } from './resources';
import {
  checkServiceProps, validateEnv, validateId, validateNoLiteralSecrets, validateOptOuts, validatePort, validateReplicas,
  validateServiceNamespace, validateUnreservedName,
} from './validation';
import { writeWorkloadObjects } from './workload-objects';
import { childId } from '../core/claims';
import { fail } from '../core/errors';
import { validateDnsLabel, validateServiceName } from '../core/names';
import { OPT_OUT_ANNOTATION_PREFIX } from '../core/opt-out';
import { SECRET_VALUE_OPT_OUT } from '../core/secret-values';
import { ExposedEndpoint, ExposeOptions, exposeService } from '../exposure/expose';
import { IGrantable, IPrincipal } from '../identity/grantable';
import { PolicyStatement, validateStatement } from '../identity/policy-statement';
import { ServiceRole } from '../identity/service-role';
import { attachLogging } from '../logging/log-shipper';
import { attachMesh } from '../mesh/mesh-policies';
import { requireJwt, RequireJwtOptions, validateL7Match } from '../mesh/request-authentication';
import { attachMonitoring } from '../monitoring/attach';
import { METRICS_ENDPOINT_CONTROL } from '../monitoring/signals';
import { MANAGED_BY } from '../network/labels';
import { ensureNamespace } from '../network/namespace';
import { addServiceNetworkPolicy } from '../network/service-network-policy';
import { Platform } from '../platform/platform';
import { addServiceCertificate } from '../tls/certificates';
import { ServiceTlsMode } from '../tls/service-tls';
import { IService } from '../workload/service';
import { ServiceWorkload } from '../workload/service-workload';

/** Name of the service's port on the container and the Service. */
export const PORT_NAME = 'https';
/**
 * Name of the service's port in mesh mode: the service speaks HTTP to its mesh proxy, which
 * carries it over mTLS, so the mesh applies L7 authorization.
 */
export const MESH_PORT_NAME = 'http';

/** Ports Istio's sidecar and ztunnel use in a meshed pod. */
const MESH_RESERVED_PORTS = [15000, 15001, 15004, 15006, 15008, 15009, 15020, 15021, 15053, 15090];

/**
 * A microservice on Kubernetes, hardened by default.
 *
 * It writes, into its platform's chart: its namespace (unless shared and already written) labelled
 * for Pod Security Admission "restricted" with default-deny NetworkPolicies; a dedicated
 * ServiceAccount without a token; a Deployment that runs as a fixed non-root user with a read-only
 * root filesystem, no capabilities, no privilege escalation, RuntimeDefault seccomp, requests and
 * limits, probes and topology spread; a ClusterIP Service; a PodDisruptionBudget; a NetworkPolicy
 * that admits only declared flows. When it is given AWS permissions, an IAM role bound to exactly
 * its namespace and ServiceAccount is written into the platform's Terraform stack.
 *
 * The service is the composition root of its capabilities (TLS, mesh, logging, exposure, AWS
 * identity, secret delivery): each lives in its own folder and contributes to the service through
 * its workload (see `docs/architecture.md`, "Capabilities").
 */
export class SecureMicroservice extends Construct implements IService, IGrantable, IPrincipal {
  /** The platform the service runs on. */
  public readonly platform: Platform;
  /** Name of the Deployment, Service and ServiceAccount. */
  public readonly serviceName: string;
  /** Namespace of the service. */
  public readonly namespace: string;
  /** Port the service serves on. */
  public readonly port: number;
  /** Labels that select the service's pods. */
  public readonly selectorLabels: { [key: string]: string };
  /** The `app.kubernetes.io/*` labels on every object of the service. */
  public readonly labels: { [key: string]: string };
  /** Name of the service's ServiceAccount. */
  public readonly serviceAccountName: string;
  /** In-cluster DNS name of the service (`<name>.<namespace>.svc`). */
  public readonly dnsName: string;
  /** Name of the service's port: `https`, or `http` in mesh mode (the mesh encrypts). */
  public readonly portName: string;
  /**
   * Name of the service's CloudWatch log group, when the platform ships logs.
   *
   * @default - no log group
   */
  public readonly logGroupName?: string;
  /** The principal that receives granted permissions: the service itself. */
  public readonly grantPrincipal: IPrincipal = this;

  /** The Deployment (escape hatch: `addJsonPatch`). */
  public readonly deployment: ApiObject;
  /** The Service. */
  public readonly service: ApiObject;
  /** The ServiceAccount. */
  public readonly serviceAccount: ApiObject;
  /** The service's NetworkPolicy. */
  public readonly networkPolicy: ApiObject;

  private readonly workload: ServiceWorkload;
  private readonly role: ServiceRole;

  constructor(scope: Construct, id: string, props: SecureMicroserviceProps) {
    super(scope, childId(scope, id, 'SecureMicroservice'));
    this.platform = Platform.of(this);
    if (props === undefined || props === null) {
      fail(this, 'props', props, 'a service needs at least an image', "pass { image: 'ghcr.io/acme/orders@sha256:<64 hex>' }");
    }
    checkServiceProps(this, props);
    const nameProperty = props.name === undefined ? 'id' : 'name';
    const optOuts = validateOptOuts(this, props.optOuts ?? []);
    const image = validateImage(this, props.image, optOuts.has('unpinned-image'));
    this.serviceName = validateServiceName(this, nameProperty, props.name ?? id);
    this.namespace = validateServiceNamespace(this, this.platform, validateDnsLabel(this, 'namespace', props.namespace ?? this.serviceName));
    validateUnreservedName(this, nameProperty, this.serviceName);
    this.port = validatePort(this, 'port', props.port ?? 8443);
    if (this.platform.mesh && MESH_RESERVED_PORTS.includes(this.port)) {
      fail(this, 'port', this.port, `Istio's proxies use port ${this.port} in every pod of the mesh (${MESH_RESERVED_PORTS.join(', ')})`, 'serve on another port, e.g. 8443');
    }
    const replicas = validateReplicas(this, props.replicas ?? 2, optOuts.has('single-replica'));
    const runAsUser = validateId(this, 'runAsUser', props.runAsUser ?? 10001);
    const runAsGroup = validateId(this, 'runAsGroup', props.runAsGroup ?? 10001);
    const resources = resolveResources(this, props.resources);
    const readiness = props.readinessProbe ?? Probe.tcpSocket();
    const liveness = props.livenessProbe ?? Probe.tcpSocket();
    // In a mesh the container serves plain HTTP to its sidecar; otherwise HTTPS.
    const scheme = this.platform.mesh ? ProbeScheme.HTTP : ProbeScheme.HTTPS;
    readiness._validate(this, 'readinessProbe', scheme);
    liveness._validate(this, 'livenessProbe', scheme);
    const env = validateEnv(this, props.env ?? {});
    validateNoLiteralSecrets(this, props, optOuts.has(SECRET_VALUE_OPT_OUT));
    this.platform._registerService(this);

    this.serviceAccountName = this.serviceName;
    this.dnsName = `${this.serviceName}.${this.namespace}.svc`;
    this.portName = this.platform.mesh ? MESH_PORT_NAME : PORT_NAME;
    // One selector label (the name is unique in the namespace), so a policy selecting the pods by
    // it matches exactly one of their labels, which is how Polaris finds a pod's NetworkPolicy;
    // the instance label equals the objects' name, as Polaris' metadataAndInstanceMismatched wants.
    this.selectorLabels = { 'app.kubernetes.io/name': this.serviceName };
    this.labels = { ...this.selectorLabels, 'app.kubernetes.io/instance': this.serviceName, 'app.kubernetes.io/part-of': this.platform.node.id, ...MANAGED_BY };

    ensureNamespace(this.platform, this.namespace);
    this.workload = new ServiceWorkload(this, this.platform, {
      name: this.serviceName,
      namespace: this.namespace,
      port: this.port,
      portName: this.portName,
      serviceAccountName: this.serviceAccountName,
      selectorLabels: this.selectorLabels,
      labels: this.labels,
      env,
    });
    this.role = new ServiceRole(this.workload);

    const objects = writeWorkloadObjects(this.workload, {
      image,
      replicas,
      runAsUser,
      runAsGroup,
      resources,
      readiness,
      liveness,
      probeScheme: scheme,
      command: props.command,
      args: props.args,
      autoscaling: props.autoscaling,
      annotations: Object.fromEntries([...optOuts.entries()].sort().map(([control, reason]) => [`${OPT_OUT_ANNOTATION_PREFIX}${control}`, reason])),
    });
    this.serviceAccount = objects.serviceAccount;
    this.deployment = objects.deployment;
    this.service = objects.service;
    this.workload.bindObjects(this.deployment, this.serviceAccount);
    this.networkPolicy = addServiceNetworkPolicy(this.workload);

    // TLS on every hop: a cert-manager certificate, or the mesh's mTLS with an AuthorizationPolicy.
    if (this.platform.tls.mode === ServiceTlsMode.CERT_MANAGER) addServiceCertificate(this.workload, this.platform.tls);
    if (this.platform.mesh) attachMesh(this.workload, this.platform.mesh);
    this.logGroupName = attachLogging(this.workload, this.platform.logging, props.logGroupName);
    attachMonitoring(this.workload, this.platform.monitoring, { servesMetrics: !optOuts.has(METRICS_ENDPOINT_CONTROL) });
  }

  /**
   * Opens exactly one flow: from this service's pods to `target`'s pods on one TCP port. It is
   * written as an egress rule on this service and an ingress rule on the target, across
   * namespaces. Calling it again for the same flow changes nothing.
   */
  public connectTo(target: SecureMicroservice, options: ConnectionOptions = {}): void {
    const to = ServiceWorkload.of(target);
    if (!(target instanceof SecureMicroservice) || !to) {
      fail(this, 'connectTo(target)', target, 'the target is not a SecureMicroservice', 'pass a SecureMicroservice created with this library');
    }
    if (target.node.root !== this.node.root) {
      fail(this, 'connectTo(target)', target.node.path, 'the target belongs to another SecureApp; each app synthesizes its own output, so neither would write the other\'s side of the flow',
        'create both services in one SecureApp');
    }
    if (target.platform !== this.platform) {
      fail(this, 'connectTo(target)', target.node.path, `the target runs on platform "${target.platform.node.path}", this service on "${this.platform.node.path}"; pods on different clusters cannot be connected by NetworkPolicy`,
        'connect services of the same platform; expose the target publicly for cross-cluster calls');
    }
    if (target === this) {
      fail(this, 'connectTo(target)', target.node.path, 'a service cannot connect to itself', 'connect to another service');
    }
    const port = validatePort(this, 'connectTo(options.port)', options.port ?? target.port);
    if (port !== target.port) {
      fail(this, 'connectTo(options.port)', port, `"${target.node.path}" serves only its port ${target.port}; a flow to another port would open a hole no container listens on`,
        `leave port out (it defaults to ${target.port}), or give the target that port`);
    }
    const l7 = validateL7Match(this.workload, 'connectTo(options)', options ?? {});
    this.workload.connections.allowTo({ namespace: target.namespace, podLabels: target.selectorLabels }, port);
    to.connections.allowFrom({ namespace: this.namespace, podLabels: this.selectorLabels }, port);
    to.connections.addCaller({ namespace: this.namespace, serviceAccount: this.serviceAccountName, port, ...l7 });
  }

  /**
   * Accepts only requests that carry a valid JWT of `issuer` for one of `audiences` (and, with
   * `claims`, matching claims), in mesh mode: a `RequestAuthentication` and a request principal
   * (plus claim conditions) on every rule of the service's AuthorizationPolicy. Refused without
   * a mesh.
   */
  public requireJwt(options: RequireJwtOptions): void {
    requireJwt(this.workload, options);
  }

  /**
   * Exposes the service on a host name over HTTPS only, through the platform's `exposure`
   * controller. By default the AWS Load Balancer Controller: an Ingress with one HTTPS listener on
   * 443 (TLS 1.3 policy, IP targets, HTTPS to the pods), an ACM certificate for the host validated
   * through DNS, an optional WAFv2 web ACL, and a NetworkPolicy rule that admits only the load
   * balancer's source ranges on the service's port; internal unless `scheme` says otherwise. With
   * `ExposureController.gatewayApi()`: an HTTPS listener for the host on the platform's shared
   * Gateway with a cert-manager certificate, an HTTPRoute to the service, and a NetworkPolicy rule
   * that admits only the gateway's proxy pods on the service's port.
   */
  public expose(options: ExposeOptions): ExposedEndpoint {
    return exposeService(this.workload, options);
  }

  /**
   * Adds a statement to the service's IAM identity policy. The first call creates the service's
   * IAM role, bound to exactly its namespace and ServiceAccount, and opens egress to the
   * credential endpoint the platform's workload identity mode needs.
   */
  public addToPrincipalPolicy(statement: PolicyStatement): void {
    validateStatement(this, 'statement', statement);
    this.role.addStatement(statement);
  }

  /**
   * ARN of the service's IAM role, or undefined when the service has no AWS permissions.
   */
  public get roleArn(): string | undefined {
    return this.role.roleArn;
  }
}
