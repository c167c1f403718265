import { ApiObject, Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-33';
import { Construct } from 'constructs';
import { validateImage } from './image';
import { LIVENESS_TIMING, Probe, READINESS_TIMING } from './probe';
import { ContainerResources, resolveResources } from './resources';
import { fail } from '../core/errors';
import { fitName, MAX_LABEL_LENGTH, validateDnsLabel, validateServiceName } from '../core/names';
import { MIN_REASON_LENGTH, OPT_OUT_ANNOTATION_PREFIX, OptOut } from '../core/opt-out';
import { ExposedEndpoint, ExposeOptions, exposeService } from '../exposure/expose';
import { IGrantable, IPrincipal } from '../identity/grantable';
import { PolicyStatement, validateStatement } from '../identity/policy-statement';
import { WorkloadRole } from '../identity/workload-role';
import { attachLogging } from '../logging/log-shipper';
import { addAuthorizationPolicy, enrolNamespace, MeshCaller } from '../mesh/mesh-policies';
import { HBONE_PORT, ISTIOD_LABELS, ISTIOD_PORT, MeshDataPlane } from '../mesh/service-mesh';
import { CONSTRUCT_PATH_ANNOTATION, MANAGED_BY } from '../network/labels';
import { ensureNamespace } from '../network/namespace';
import { CidrEgress, Flow, POD_IDENTITY_AGENT, servicePolicySpec } from '../network/service-policy';
import { Platform } from '../platform/platform';
import { WorkloadIdentityMode } from '../platform/workload-identity';
import { addServiceCertificate } from '../tls/certificates';
import { ServiceTlsMode } from '../tls/service-tls';

/** Name of the service's port on the container and the Service. */
export const PORT_NAME = 'https';
/**
 * Name of the service's port in mesh mode: the service speaks HTTP to its mesh proxy, which
 * carries it over mTLS, so the mesh applies L7 authorization.
 */
export const MESH_PORT_NAME = 'http';
/** Where the writable scratch volume is mounted; the root filesystem is read-only. */
export const TMP_PATH = '/tmp';

/**
 * Horizontal pod autoscaling on CPU utilization.
 */
export interface AutoscalingOptions {
  /**
   * Fewest replicas.
   *
   * @default - the service's `replicas`
   */
  readonly minReplicas?: number;
  /** Most replicas. */
  readonly maxReplicas: number;
  /**
   * Target average CPU utilization, in percent of the CPU request.
   *
   * @default 70
   */
  readonly targetCpuUtilizationPercent?: number;
}

/**
 * Properties of a {@link SecureMicroservice}.
 */
export interface SecureMicroserviceProps {
  /** Container image, pinned by digest: `name@sha256:<64 hex>`. */
  readonly image: string;
  /**
   * Port the container serves on (HTTPS); the Service exposes the same port.
   *
   * @default 8443
   */
  readonly port?: number;
  /**
   * Number of pods. Fewer than two needs `OptOut.singleReplica(reason)`.
   *
   * @default 2
   */
  readonly replicas?: number;
  /**
   * Name of the Deployment, Service and ServiceAccount (a DNS-1035 label).
   *
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Namespace of the service. The library creates it (once per platform), labelled for Pod
   * Security Admission "restricted" and with default-deny network policies.
   *
   * @default - the service's name
   */
  readonly namespace?: string;
  /**
   * UID the container runs as (not 0).
   *
   * @default 10001
   */
  readonly runAsUser?: number;
  /**
   * GID the container runs as (not 0); also the pod's fsGroup.
   *
   * @default 10001
   */
  readonly runAsGroup?: number;
  /**
   * CPU, memory and ephemeral-storage requests and limits.
   *
   * @default - see {@link ContainerResources}
   */
  readonly resources?: ContainerResources;
  /**
   * Readiness probe.
   *
   * @default Probe.tcpSocket()
   */
  readonly readinessProbe?: Probe;
  /**
   * Liveness probe.
   *
   * @default Probe.tcpSocket()
   */
  readonly livenessProbe?: Probe;
  /**
   * Horizontal pod autoscaling. When set, the Deployment leaves `replicas` to the autoscaler.
   *
   * @default - no autoscaler
   */
  readonly autoscaling?: AutoscalingOptions;
  /**
   * Plain environment variables. Secrets never go here: they are mounted as files.
   *
   * @default - none
   */
  readonly env?: { [name: string]: string };
  /**
   * Entrypoint override.
   *
   * @default - the image's entrypoint
   */
  readonly command?: string[];
  /**
   * Arguments.
   *
   * @default - the image's command
   */
  readonly args?: string[];
  /**
   * Protections this service turns off, each with a reason that is written into the manifest.
   *
   * @default - none: every protection is on
   */
  readonly optOuts?: OptOut[];
}

/**
 * Options of a connection between two services.
 */
export interface ConnectionOptions {
  /**
   * TCP port on the target.
   *
   * @default - the target's port
   */
  readonly port?: number;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Namespaces the cluster owns. */
const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
/** Names of the namespace-wide NetworkPolicies written by the library. */
const RESERVED_NAMES = ['default-deny', 'allow-dns'];

function validatePort(scope: Construct, property: string, port: unknown): number {
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
    fail(scope, property, port, 'not a TCP port number (an integer from 1 to 65535)', 'use a port such as 8443');
  }
  return port;
}

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
 */
export class SecureMicroservice extends Construct implements IGrantable, IPrincipal {
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

  private readonly ingressFlows: Flow[] = [];
  private readonly egressFlows: Flow[] = [];
  private readonly extraCidrEgress: CidrEgress[] = [];
  private readonly volumes: k8s.Volume[] = [{ name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('64Mi') } }];
  private readonly volumeMounts: k8s.VolumeMount[] = [{ name: 'tmp', mountPath: TMP_PATH }];
  private readonly env: k8s.EnvVar[];
  private role?: WorkloadRole;
  private readonly callers: MeshCaller[] = [];
  private readonly cidrIngress: CidrEgress[] = [];

  constructor(scope: Construct, id: string, props: SecureMicroserviceProps) {
    super(scope, id);
    this.platform = Platform.of(this);
    if (props === undefined || props === null) {
      fail(this, 'props', props, 'a service needs at least an image', "pass { image: 'ghcr.io/acme/orders@sha256:<64 hex>' }");
    }
    const optOuts = this.validateOptOuts(props.optOuts ?? []);
    const image = validateImage(this, props.image, optOuts.has('unpinned-image'));
    this.serviceName = validateServiceName(this, props.name === undefined ? 'id' : 'name', props.name ?? id);
    this.namespace = validateDnsLabel(this, 'namespace', props.namespace ?? this.serviceName);
    if (SYSTEM_NAMESPACES.includes(this.namespace)) {
      fail(this, 'namespace', this.namespace, 'system namespaces are managed by the cluster; the library would label them restricted and deny all their traffic',
        'run the service in a namespace of its own (the default) or a shared application namespace');
    }
    if (RESERVED_NAMES.includes(this.serviceName)) {
      fail(this, props.name === undefined ? 'id' : 'name', this.serviceName, 'the name is taken by a namespace-wide NetworkPolicy the library writes',
        'choose another service name');
    }
    this.port = validatePort(this, 'port', props.port ?? 8443);
    const replicas = this.validateReplicas(props.replicas ?? 2, optOuts.has('single-replica'));
    const runAsUser = this.validateId('runAsUser', props.runAsUser ?? 10001);
    const runAsGroup = this.validateId('runAsGroup', props.runAsGroup ?? 10001);
    const resources = resolveResources(this, props.resources);
    const readiness = props.readinessProbe ?? Probe.tcpSocket();
    const liveness = props.livenessProbe ?? Probe.tcpSocket();
    readiness._validate(this, 'readinessProbe');
    liveness._validate(this, 'livenessProbe');
    this.env = this.validateEnv(props.env ?? {});
    this.platform._registerService(this);

    this.serviceAccountName = this.serviceName;
    this.dnsName = `${this.serviceName}.${this.namespace}.svc`;
    this.portName = this.platform.mesh ? MESH_PORT_NAME : PORT_NAME;
    this.selectorLabels = {
      'app.kubernetes.io/name': this.serviceName,
      'app.kubernetes.io/instance': fitName(`${this.platform.node.id}-${this.serviceName}`, MAX_LABEL_LENGTH),
    };
    const labels = { ...this.selectorLabels, 'app.kubernetes.io/part-of': this.platform.node.id, ...MANAGED_BY };
    this.labels = labels;
    const metadata = { namespace: this.namespace, labels, annotations: { [CONSTRUCT_PATH_ANNOTATION]: this.node.path } };

    ensureNamespace(this.platform, this.namespace);
    if (this.platform.mesh) enrolNamespace(this.platform, this.platform.mesh, this.namespace);
    const k8sScope = this.platform._kubernetesScope(this);

    this.serviceAccount = new k8s.KubeServiceAccount(k8sScope, 'ServiceAccount', {
      metadata: { name: this.serviceAccountName, ...metadata },
      automountServiceAccountToken: false,
    });

    const annotations = Object.fromEntries([...optOuts.entries()].sort().map(([control, reason]) => [`${OPT_OUT_ANNOTATION_PREFIX}${control}`, reason]));
    this.deployment = new k8s.KubeDeployment(k8sScope, 'Deployment', {
      metadata: { name: this.serviceName, ...metadata, annotations: { ...metadata.annotations, ...annotations } },
      spec: {
        replicas: props.autoscaling ? undefined : replicas,
        selector: { matchLabels: this.selectorLabels },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: k8s.IntOrString.fromString('25%'), maxUnavailable: k8s.IntOrString.fromNumber(0) } },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: this.serviceAccountName,
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: {
              runAsNonRoot: true,
              runAsUser,
              runAsGroup,
              fsGroup: runAsGroup,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            topologySpreadConstraints: [
              this.spread('topology.kubernetes.io/zone', 'ScheduleAnyway'),
              this.spread('kubernetes.io/hostname', 'DoNotSchedule'),
            ],
            containers: [{
              name: this.serviceName,
              image,
              imagePullPolicy: 'Always',
              command: props.command,
              args: props.args,
              ports: [{ name: this.portName, containerPort: this.port, protocol: 'TCP' }],
              env: Lazy.any({ produce: () => (this.env.length ? this.env : undefined) }),
              securityContext: {
                runAsNonRoot: true,
                runAsUser,
                runAsGroup,
                allowPrivilegeEscalation: false,
                privileged: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
                seccompProfile: { type: 'RuntimeDefault' },
              },
              resources: {
                requests: {
                  'cpu': k8s.Quantity.fromString(resources.cpuRequest),
                  'memory': k8s.Quantity.fromString(resources.memoryRequest),
                  'ephemeral-storage': k8s.Quantity.fromString(resources.ephemeralStorageRequest),
                },
                limits: {
                  'cpu': k8s.Quantity.fromString(resources.cpuLimit),
                  'memory': k8s.Quantity.fromString(resources.memoryLimit),
                  'ephemeral-storage': k8s.Quantity.fromString(resources.ephemeralStorageLimit),
                },
              },
              readinessProbe: readiness._render(this.portName, READINESS_TIMING),
              livenessProbe: liveness._render(this.portName, LIVENESS_TIMING),
              volumeMounts: this.volumeMounts,
            }],
            volumes: this.volumes,
          },
        },
      },
    });

    this.service = new k8s.KubeService(k8sScope, 'Service', {
      metadata: { name: this.serviceName, ...metadata },
      spec: {
        type: 'ClusterIP',
        selector: this.selectorLabels,
        ports: [{ name: this.portName, port: this.port, targetPort: k8s.IntOrString.fromString(this.portName), protocol: 'TCP', appProtocol: this.portName }],
      },
    });

    new k8s.KubePodDisruptionBudget(k8sScope, 'PodDisruptionBudget', {
      metadata: { name: this.serviceName, ...metadata },
      spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: this.selectorLabels } },
    });

    if (props.autoscaling) {
      this.addAutoscaler(k8sScope, metadata, replicas, props.autoscaling);
    }

    this.networkPolicy = new k8s.KubeNetworkPolicy(k8sScope, 'NetworkPolicy', {
      metadata: { name: this.serviceName, ...metadata },
      spec: Lazy.any({
        produce: () => servicePolicySpec(this.selectorLabels, this.ingressFlows, this.egressFlows, this.cidrEgress(), this.meshPolicyOptions()),
      }),
    });

    // TLS on every hop: a cert-manager certificate, or the mesh's mTLS with an AuthorizationPolicy.
    if (this.platform.tls.mode === ServiceTlsMode.CERT_MANAGER) addServiceCertificate(this, this.platform.tls);
    if (this.platform.mesh) addAuthorizationPolicy(this, this.platform.mesh, () => this.callers);
    this.logGroupName = attachLogging(this, this.platform.logging);
  }

  /**
   * Opens exactly one flow: from this service's pods to `target`'s pods on one TCP port. It is
   * written as an egress rule on this service and an ingress rule on the target, across
   * namespaces. Calling it again for the same flow changes nothing.
   */
  public connectTo(target: SecureMicroservice, options: ConnectionOptions = {}): void {
    if (!(target instanceof SecureMicroservice)) {
      fail(this, 'connectTo(target)', target, 'the target is not a SecureMicroservice', 'pass a SecureMicroservice created with this library');
    }
    if (target.platform !== this.platform) {
      fail(this, 'connectTo(target)', target.node.path, `the target runs on platform "${target.platform.node.path}", this service on "${this.platform.node.path}"; pods on different clusters cannot be connected by NetworkPolicy`,
        'connect services of the same platform; expose the target publicly for cross-cluster calls');
    }
    if (target === this) {
      fail(this, 'connectTo(target)', target.node.path, 'a service cannot connect to itself', 'connect to another service');
    }
    const port = validatePort(this, 'connectTo(options.port)', options.port ?? target.port);
    this.egressFlows.push({ peer: { namespace: target.namespace, podLabels: target.selectorLabels }, port });
    target.ingressFlows.push({ peer: { namespace: this.namespace, podLabels: this.selectorLabels }, port });
    target.callers.push({ namespace: this.namespace, serviceAccount: this.serviceAccountName, port });
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
    return exposeService(this, options, {
      cidrs: cidrs => this.cidrIngress.push({ cidrs, port: this.port }),
      pods: peer => this.ingressFlows.push({ peer, port: this.port }),
    });
  }

  /**
   * Adds a statement to the service's IAM identity policy. The first call creates the service's
   * IAM role, bound to exactly its namespace and ServiceAccount, and opens egress to the
   * credential endpoint the platform's workload identity mode needs.
   */
  public addToPrincipalPolicy(statement: PolicyStatement): void {
    validateStatement(this, 'statement', statement);
    this.ensureRole().addStatement(statement);
  }

  /**
   * ARN of the service's IAM role, or undefined when the service has no AWS permissions.
   */
  public get roleArn(): string | undefined {
    return this.role?.roleArn;
  }

  /**
   * Mounts a volume read-only into the service's container (certificates, secrets).
   * @internal
   */
  public _addReadOnlyVolume(volume: k8s.Volume, mountPath: string): void {
    if (this.volumes.some(v => v.name === volume.name)) {
      fail(this, 'volumes', volume.name, 'a volume with this name is already mounted', 'use another volume name');
    }
    if (this.volumeMounts.some(m => m.mountPath === mountPath)) {
      fail(this, 'volumeMounts', mountPath, 'another volume is already mounted at this path', 'use another name (secrets are mounted under their name)');
    }
    this.volumes.push(volume);
    this.volumeMounts.push({ name: volume.name, mountPath, readOnly: true });
  }

  /**
   * Adds a plain environment variable (paths, endpoints; never secret values).
   * @internal
   */
  public _addEnv(name: string, value: string): void {
    if (this.env.some(e => e.name === name)) {
      fail(this, `env.${name}`, name, 'the library sets this variable (certificate paths)', 'rename your variable');
    }
    this.env.push({ name, value });
    this.env.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /**
   * Opens egress from the service's pods to IP ranges on one TCP port (AWS endpoints).
   * @internal
   */
  public _addCidrEgress(cidrs: string[], port: number): void {
    const key = JSON.stringify([cidrs, port]);
    if (!this.extraCidrEgress.some(e => JSON.stringify([e.cidrs, e.port]) === key)) {
      this.extraCidrEgress.push({ cidrs: [...cidrs], port });
    }
  }

  private ensureRole(): WorkloadRole {
    if (this.role) return this.role;
    const irsa = this.platform.workloadIdentity.mode === WorkloadIdentityMode.IRSA;
    if (irsa && this.platform.awsEndpointCidrs.length === 0) {
      fail(this.platform, 'awsEndpointCidrs', [], `with IRSA, service "${this.node.path}" must reach AWS STS to exchange its token, and no endpoint range is set`,
        'set awsEndpointCidrs on the Platform to the ranges of the STS endpoint (e.g. the VPC interface endpoint subnets), or use WorkloadIdentity.podIdentity()');
    }
    this.role = new WorkloadRole(this.platform._terraformScope(this), this.platform, {
      name: this.serviceName,
      namespace: this.namespace,
      serviceAccount: this.serviceAccountName,
    });
    if (irsa) {
      this.serviceAccount.metadata.addAnnotation('eks.amazonaws.com/role-arn', this.role.roleArn);
      this.serviceAccount.metadata.addAnnotation('eks.amazonaws.com/sts-regional-endpoints', 'true');
    }
    return this.role;
  }

  private cidrEgress(): CidrEgress[] {
    const credentials: CidrEgress[] = !this.role ? []
      : this.platform.workloadIdentity.mode === WorkloadIdentityMode.IRSA
        ? [{ cidrs: this.platform.awsEndpointCidrs, port: 443 }]
        : [POD_IDENTITY_AGENT];
    const all = [...credentials];
    for (const e of this.extraCidrEgress) {
      if (!all.some(a => JSON.stringify([a.cidrs, a.port]) === JSON.stringify([e.cidrs, e.port]))) all.push(e);
    }
    return all;
  }

  /** NetworkPolicy additions: load balancer ranges, and what the mesh's data plane needs. */
  private meshPolicyOptions() {
    const mesh = this.platform.mesh;
    return {
      cidrIngress: this.cidrIngress,
      // Sidecars fetch configuration and certificates from istiod (xDS and CA on 15012).
      infrastructureEgress: mesh?.dataPlane === MeshDataPlane.SIDECAR
        ? [{ peer: { namespace: mesh.istiodNamespace, podLabels: ISTIOD_LABELS }, port: ISTIOD_PORT }] : [],
      // Ambient: ztunnels carry each declared flow in HBONE between the same pods.
      tunnelPort: mesh?.dataPlane === MeshDataPlane.AMBIENT ? HBONE_PORT : undefined,
    };
  }

  private spread(topologyKey: string, whenUnsatisfiable: string): k8s.TopologySpreadConstraint {
    return { maxSkew: 1, topologyKey, whenUnsatisfiable, labelSelector: { matchLabels: this.selectorLabels }, matchLabelKeys: ['pod-template-hash'] };
  }

  private addAutoscaler(scope: Construct, metadata: k8s.ObjectMeta, replicas: number, options: AutoscalingOptions): void {
    const min = options.minReplicas ?? replicas;
    if (!Number.isInteger(min) || min < 2) {
      fail(this, 'autoscaling.minReplicas', options.minReplicas, 'an autoscaler must keep at least two replicas', 'set minReplicas to 2 or more');
    }
    if (!Number.isInteger(options.maxReplicas) || options.maxReplicas < min) {
      fail(this, 'autoscaling.maxReplicas', options.maxReplicas, `must be an integer no smaller than minReplicas (${min})`, `set maxReplicas to ${min} or more`);
    }
    const target = options.targetCpuUtilizationPercent ?? 70;
    if (!Number.isInteger(target) || target < 1 || target > 100) {
      fail(this, 'autoscaling.targetCpuUtilizationPercent', target, 'must be an integer percentage from 1 to 100', 'use a value such as 70');
    }
    new k8s.KubeHorizontalPodAutoscalerV2(scope, 'HorizontalPodAutoscaler', {
      metadata: { name: this.serviceName, ...metadata },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: this.serviceName },
        minReplicas: min,
        maxReplicas: options.maxReplicas,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: target } } }],
      },
    });
  }

  private validateOptOuts(optOuts: OptOut[]): Map<string, string> {
    const result = new Map<string, string>();
    optOuts.forEach((o, i) => {
      if (!(o instanceof OptOut)) {
        fail(this, `optOuts[${i}]`, o, 'not an OptOut', "use a factory such as OptOut.unpinnedImage('<reason>')");
      }
      if (typeof o.reason !== 'string' || o.reason.trim().length < MIN_REASON_LENGTH) {
        fail(this, `optOuts[${i}].reason`, o.reason, `an opt-out needs a reason of at least ${MIN_REASON_LENGTH} characters; it is written into the manifest for reviewers`,
          'say why the protection is off and where that is tracked');
      }
      result.set(o.control, o.reason.trim());
    });
    return result;
  }

  private validateReplicas(replicas: unknown, singleAllowed: boolean): number {
    if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 1) {
      fail(this, 'replicas', replicas, 'must be a whole number of at least 1', 'use 2 or more replicas');
    }
    if (replicas < 2 && !singleAllowed) {
      fail(this, 'replicas', replicas, 'one replica has no redundancy during rollouts and node drains', "use 2 or more, or pass optOuts: [OptOut.singleReplica('<why>')]");
    }
    return replicas;
  }

  private validateId(property: string, value: unknown): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 2147483647) {
      fail(this, property, value, 'must be a non-zero, non-root numeric id', 'use an id of 10000 or more, e.g. 10001');
    }
    return value;
  }

  private validateEnv(env: { [name: string]: string }): k8s.EnvVar[] {
    return Object.keys(env).sort().map(name => {
      if (!ENV_NAME.test(name)) {
        fail(this, `env.${name}`, name, 'not a valid environment variable name', 'use letters, digits and "_", not starting with a digit');
      }
      if (typeof env[name] !== 'string') {
        fail(this, `env.${name}`, env[name], 'environment values must be strings', 'convert the value to a string; put secrets in a ManagedSecret, never in env');
      }
      return { name, value: env[name] };
    });
  }
}
