import { ApiObject } from 'cdk8s';
import * as k8s from 'cdk8s-plus-33/lib/imports/k8s';
import { Construct, IConstruct } from 'constructs';
import { Connections } from './connections';
import { IService } from './service';
import { fail } from '../core/errors';
import { CONSTRUCT_PATH_ANNOTATION } from '../network/labels';
import type { Platform } from '../platform/platform';

/** Where the writable scratch volume is mounted; the root filesystem is read-only. */
export const TMP_PATH = '/tmp';

/**
 * The parts of a workload's pod template that capabilities contribute to: read-only volumes
 * (certificates, secrets) and plain environment variables (paths, endpoints; never secret values).
 * The workload's container renders them at synth time.
 */
export class PodParts {
  public readonly volumes: k8s.Volume[] = [{ name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('64Mi') } }];
  public readonly volumeMounts: k8s.VolumeMount[] = [{ name: 'tmp', mountPath: TMP_PATH }];
  public readonly env: k8s.EnvVar[];

  constructor(private readonly owner: IConstruct, env: k8s.EnvVar[]) {
    this.env = env;
  }

  /** Mounts a volume read-only into the container. */
  public addReadOnlyVolume(volume: k8s.Volume, mountPath: string): void {
    if (this.volumes.some(v => v.name === volume.name)) {
      fail(this.owner, 'volumes', volume.name, 'a volume with this name is already mounted', 'use another volume name');
    }
    if (this.volumeMounts.some(m => m.mountPath === mountPath)) {
      fail(this.owner, 'volumeMounts', mountPath, 'another volume is already mounted at this path', 'use another name (secrets are mounted under their name)');
    }
    this.volumes.push(volume);
    this.volumeMounts.push({ name: volume.name, mountPath, readOnly: true });
  }

  /** Adds a plain environment variable; the variables stay sorted by name. */
  public addEnv(name: string, value: string): void {
    if (this.env.some(e => e.name === name)) {
      fail(this.owner, `env.${name}`, name, 'the library sets this variable (certificate paths)', 'rename your variable');
    }
    this.env.push({ name, value });
    this.env.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}

/** What identifies a workload: its names, port and labels. */
export interface WorkloadNames {
  readonly name: string;
  readonly namespace: string;
  readonly port: number;
  readonly portName: string;
  readonly serviceAccountName: string;
  readonly selectorLabels: { [key: string]: string };
  readonly labels: { [key: string]: string };
  readonly env: k8s.EnvVar[];
}

const workloads = new WeakMap<object, ServiceWorkload>();

/**
 * The contract between a service and its capabilities (TLS, mesh, logging, exposure, secret
 * delivery, AWS identity, and any capability to come). A capability is a function or construct
 * in its own folder that receives the workload and contributes through it:
 *
 * - identity: names, namespace, port, labels (`name`, `namespace`, `selectorLabels`, ...);
 * - where to write: `kubernetesScope` (under the platform's chart) and `terraformScope()`
 *   (under the platform's stack), both mirroring the service's path;
 * - the pod template: `pod.addReadOnlyVolume`, `pod.addEnv`;
 * - flows: `connections` (rendered into the service's NetworkPolicy and, in a mesh, its
 *   AuthorizationPolicy);
 * - annotations on the service's own objects: `annotateWorkload`, `annotateServiceAccount`.
 *
 * The service class creates the workload and calls each capability; capabilities never import
 * the service class, so they stay independent of it and of each other.
 */
export class ServiceWorkload {
  /** The workload of a service, or undefined when `x` is not a service of this library. */
  public static of(x: unknown): ServiceWorkload | undefined {
    return typeof x === 'object' && x !== null ? workloads.get(x) : undefined;
  }

  /** The platform the workload runs on. */
  public readonly platform: Platform;
  public readonly name: string;
  public readonly namespace: string;
  public readonly port: number;
  /** Name of the port on the container and the Service (`https`, or `http` in a mesh). */
  public readonly portName: string;
  public readonly serviceAccountName: string;
  /** In-cluster DNS name (`<name>.<namespace>.svc`). */
  public readonly dnsName: string;
  public readonly selectorLabels: { [key: string]: string };
  /** The labels on every object of the workload. */
  public readonly labels: { [key: string]: string };
  /** Where the workload's Kubernetes objects are written. */
  public readonly kubernetesScope: Construct;
  public readonly pod: PodParts;
  public readonly connections = new Connections();
  /** The service's CloudWatch log group, once logging gave it one. */
  public logGroupName?: string;
  private readonly objects: { workload?: ApiObject; serviceAccount?: ApiObject } = {};

  /**
   * @param service the service this workload belongs to (errors and construct paths name it)
   */
  constructor(public readonly service: IService, platform: Platform, identity: WorkloadNames) {
    this.platform = platform;
    this.name = identity.name;
    this.namespace = identity.namespace;
    this.port = identity.port;
    this.portName = identity.portName;
    this.serviceAccountName = identity.serviceAccountName;
    this.dnsName = `${identity.name}.${identity.namespace}.svc`;
    this.selectorLabels = identity.selectorLabels;
    this.labels = identity.labels;
    this.pod = new PodParts(service, identity.env);
    this.kubernetesScope = platform._kubernetesScope(service);
    workloads.set(service, this);
  }

  /** The construct path of the service. */
  public get path(): string {
    return this.service.node.path;
  }

  /** Metadata of an object of the workload: its namespace, labels and construct path. */
  public metadata(name: string): { name: string; namespace: string; labels: { [key: string]: string }; annotations: { [key: string]: string } } {
    return { name, namespace: this.namespace, labels: this.labels, annotations: { [CONSTRUCT_PATH_ANNOTATION]: this.path } };
  }

  /** Where the workload's AWS resources are written (created on first use). */
  public terraformScope(): Construct {
    return this.platform._terraformScope(this.service);
  }

  /** Records the workload's pod controller and ServiceAccount, which capabilities annotate. */
  public bindObjects(workload: ApiObject, serviceAccount: ApiObject): void {
    this.objects.workload = workload;
    this.objects.serviceAccount = serviceAccount;
  }

  /** Adds an annotation to the workload's pod controller (the Deployment). */
  public annotateWorkload(key: string, value: string): void {
    this.objects.workload!.metadata.addAnnotation(key, value);
  }

  /** Adds an annotation to the workload's ServiceAccount. */
  public annotateServiceAccount(key: string, value: string): void {
    this.objects.serviceAccount!.metadata.addAnnotation(key, value);
  }
}
