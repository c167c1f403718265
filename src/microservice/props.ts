import { Probe } from './probe';
import { ContainerResources } from './resources';
import { OptOut } from '../core/opt-out';

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
  /**
   * Name of the service's CloudWatch log group, pinned. The name forces replacement: renaming the
   * service or moving it to another namespace changes the derived name, and Terraform would
   * destroy the group with its events; pin the name it had before to keep it (see
   * docs/refactoring.md). Must stay under `/secure-constructs/<platform>/`.
   *
   * @default - `/secure-constructs/<platform>/<namespace>/<service>`
   */
  readonly logGroupName?: string;
}

/**
 * Options of a connection between two services.
 */
export interface ConnectionOptions {
  /**
   * TCP port on the target: the one it serves (its `port`). Another port is refused, since no
   * container listens there.
   *
   * @default - the target's port
   */
  readonly port?: number;
  /**
   * HTTP methods the caller may use (upper case). Enforced by the mesh's AuthorizationPolicy;
   * refused without a mesh (NetworkPolicy is L4).
   *
   * @default - every method
   */
  readonly methods?: string[];
  /**
   * Paths the caller may request: exact (`/orders`) or a prefix ending in `*` (`/orders/*`).
   * Enforced by the mesh's AuthorizationPolicy; refused without a mesh.
   *
   * @default - every path
   */
  readonly paths?: string[];
}
