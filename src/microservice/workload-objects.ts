import { ApiObject } from 'cdk8s';
import * as k8s from 'cdk8s-plus-33/lib/imports/k8s';
import { Construct } from 'constructs';
import { LIVENESS_TIMING, Probe, ProbeScheme, READINESS_TIMING } from './probe';
import { AutoscalingOptions } from './props';
import { ContainerResources } from './resources';
import { fail } from '../core/errors';
import { kubeObject } from '../core/kube-object';
import { OPT_OUT_ANNOTATION_PREFIX, SCANNER_ONLY_CONTROLS } from '../core/opt-out';
import { addSynthTimeScannerExemption, ScannerException, scannerExemptionAnnotations } from '../core/scanner-exemptions';
import { CONSTRUCT_PATH_ANNOTATION, MANAGED_BY } from '../network/labels';
import type { Platform } from '../platform/platform';
import type { ServiceWorkload } from '../workload/service-workload';

/** The settings of a service's pods, validated. */
export interface PodSettings {
  readonly image: string;
  readonly replicas: number;
  readonly runAsUser: number;
  readonly runAsGroup: number;
  readonly resources: Required<ContainerResources>;
  readonly readiness: Probe;
  readonly liveness: Probe;
  /** What the container serves on its port: HTTPS, or HTTP to a mesh sidecar. */
  readonly probeScheme: ProbeScheme;
  readonly command?: string[];
  readonly args?: string[];
  readonly autoscaling?: AutoscalingOptions;
  /** Opt-out annotations of the Deployment, by key. */
  readonly annotations: { [key: string]: string };
}

/** The objects that run a service. */
export interface WorkloadObjects {
  readonly serviceAccount: ApiObject;
  readonly deployment: ApiObject;
  readonly service: ApiObject;
}

const quantity = (q: string) => k8s.Quantity.fromString(q);

/**
 * Writes what runs a service: a ServiceAccount without a token; a Deployment whose pods run as a
 * fixed non-root user with a read-only root filesystem, no capabilities, no privilege escalation,
 * RuntimeDefault seccomp, requests and limits, probes and topology spread, and whose volumes and
 * environment are the workload's pod parts (rendered at synth time); a ClusterIP Service; a
 * PodDisruptionBudget; and, with autoscaling, a HorizontalPodAutoscaler.
 */
export function writeWorkloadObjects(workload: ServiceWorkload, pod: PodSettings): WorkloadObjects {
  const scope = workload.kubernetesScope;
  const metadata = workload.metadata(workload.name);
  const { env, volumes, volumeMounts } = workload.pod;

  const serviceAccount = kubeObject(scope, 'ServiceAccount', k8s.KubeServiceAccount, {
    metadata: { ...metadata, name: workload.serviceAccountName },
    automountServiceAccountToken: false,
  });

  const spread = (topologyKey: string, whenUnsatisfiable: string): k8s.TopologySpreadConstraint => ({
    maxSkew: 1, topologyKey, whenUnsatisfiable, labelSelector: { matchLabels: workload.selectorLabels }, matchLabelKeys: ['pod-template-hash'],
  });
  const r = pod.resources;
  // Each deliberate exception (an opt-out, the autoscaler owning the replica count) is also written
  // in the exemption annotations of the scanners platform teams run, with the same reason.
  const exceptions: ScannerException[] = Object.entries(pod.annotations)
    .filter(([key]) => key.startsWith(OPT_OUT_ANNOTATION_PREFIX))
    .map(([key, reason]) => ({ control: key.slice(OPT_OUT_ANNOTATION_PREFIX.length), reason }));
  if (pod.autoscaling) {
    exceptions.push({
      control: SCANNER_ONLY_CONTROLS.AUTOSCALED_REPLICAS,
      reason: `spec.replicas is left to the HorizontalPodAutoscaler ${workload.name}, which keeps at least ${pod.autoscaling.minReplicas ?? pod.replicas} replicas`,
    });
  }
  const priorityClassName = servicePriorityClass(workload.platform);
  // The spec is rendered at synth time: capabilities add volumes and environment variables after
  // the Deployment is created.
  const deployment = kubeObject(scope, 'Deployment', k8s.KubeDeployment, {
    metadata: { ...metadata, annotations: { ...metadata.annotations, ...pod.annotations, ...scannerExemptionAnnotations(exceptions) } },
  }, {
    spec: () => ({
      replicas: pod.autoscaling ? undefined : pod.replicas,
      selector: { matchLabels: workload.selectorLabels },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: k8s.IntOrString.fromString('25%'), maxUnavailable: k8s.IntOrString.fromNumber(0) } },
      template: {
        metadata: { labels: workload.labels },
        spec: {
          serviceAccountName: workload.serviceAccountName,
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          priorityClassName,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: pod.runAsUser,
            runAsGroup: pod.runAsGroup,
            fsGroup: pod.runAsGroup,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          topologySpreadConstraints: [
            spread('topology.kubernetes.io/zone', 'ScheduleAnyway'),
            spread('kubernetes.io/hostname', 'DoNotSchedule'),
          ],
          containers: [{
            name: workload.name,
            image: pod.image,
            imagePullPolicy: 'Always',
            command: pod.command,
            args: pod.args,
            ports: [{ name: workload.portName, containerPort: workload.port, protocol: 'TCP' }],
            env: env.length ? env : undefined,
            securityContext: {
              runAsNonRoot: true,
              runAsUser: pod.runAsUser,
              runAsGroup: pod.runAsGroup,
              allowPrivilegeEscalation: false,
              privileged: false,
              readOnlyRootFilesystem: true,
              capabilities: { drop: ['ALL'] },
              seccompProfile: { type: 'RuntimeDefault' },
            },
            resources: {
              requests: { 'cpu': quantity(r.cpuRequest), 'memory': quantity(r.memoryRequest), 'ephemeral-storage': quantity(r.ephemeralStorageRequest) },
              limits: { 'cpu': quantity(r.cpuLimit), 'memory': quantity(r.memoryLimit), 'ephemeral-storage': quantity(r.ephemeralStorageLimit) },
            },
            readinessProbe: pod.readiness._render(workload.portName, READINESS_TIMING, pod.probeScheme),
            livenessProbe: pod.liveness._render(workload.portName, LIVENESS_TIMING, pod.probeScheme),
            volumeMounts,
          }],
          volumes,
        },
      },
    }),
  });

  // A direction of the service's NetworkPolicy without rules denies all traffic that way (a service
  // nobody calls admits nothing); Polaris' missingNetworkPolicy wants a rule in each direction.
  addSynthTimeScannerExemption(deployment, SCANNER_ONLY_CONTROLS.DENY_ALL_DIRECTION, () => {
    const policy = scope.node.tryFindChild('NetworkPolicy') as ApiObject | undefined;
    const spec = policy?.toJson().spec ?? {};
    const denied = ['ingress', 'egress'].filter(d => !(Array.isArray(spec[d]) && spec[d].length > 0));
    return policy && denied.length > 0
      ? `the NetworkPolicy ${workload.name} has no ${denied.join(' and no ')} rule: the service declares no ${denied.map(d => (d === 'ingress' ? 'caller' : 'destination')).join(' and no ')}, so all ${denied.join(' and ')} traffic of its pods is denied`
      : undefined;
  });

  const service = kubeObject(scope, 'Service', k8s.KubeService, {
    metadata,
    spec: {
      type: 'ClusterIP',
      selector: workload.selectorLabels,
      ports: [{ name: workload.portName, port: workload.port, targetPort: k8s.IntOrString.fromString(workload.portName), protocol: 'TCP', appProtocol: workload.portName }],
    },
  });

  kubeObject(scope, 'PodDisruptionBudget', k8s.KubePodDisruptionBudget, {
    metadata,
    spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: workload.selectorLabels } },
  });

  if (pod.autoscaling) addAutoscaler(workload, pod.replicas, pod.autoscaling);
  return { serviceAccount, deployment, service };
}

/**
 * The PriorityClass of the platform's services. Unless the platform names an existing class, the
 * library writes its own once per platform: value 1000000 (above pods without a class, far below
 * the system classes) and `preemptionPolicy: Never`, so the services are scheduled first and
 * evicted last under node pressure, but never evict pods the library does not know.
 */
function servicePriorityClass(platform: Platform): string {
  const name = platform.servicePriorityClassName;
  if (platform._writesServicePriorityClass && !platform.chart.node.tryFindChild('ServicePriorityClass')) {
    kubeObject(new Construct(platform.chart, 'ServicePriorityClass'), 'PriorityClass', k8s.KubePriorityClass, {
      metadata: { name, labels: { ...MANAGED_BY, 'app.kubernetes.io/part-of': platform.node.id }, annotations: { [CONSTRUCT_PATH_ANNOTATION]: platform.node.path } },
      value: 1000000,
      globalDefault: false,
      preemptionPolicy: 'Never',
      description: `Services of the secure-constructs platform ${platform.node.id}: scheduled before, and evicted after, pods without a priority class; never preempts.`,
    });
  }
  return name;
}

function addAutoscaler(workload: ServiceWorkload, replicas: number, options: AutoscalingOptions): void {
  const owner = workload.service;
  const min = options.minReplicas ?? replicas;
  if (!Number.isInteger(min) || min < 2) {
    fail(owner, 'autoscaling.minReplicas', options.minReplicas, 'an autoscaler must keep at least two replicas', 'set minReplicas to 2 or more');
  }
  if (!Number.isInteger(options.maxReplicas) || options.maxReplicas < min) {
    fail(owner, 'autoscaling.maxReplicas', options.maxReplicas, `must be an integer no smaller than minReplicas (${min})`, `set maxReplicas to ${min} or more`);
  }
  const target = options.targetCpuUtilizationPercent ?? 70;
  if (!Number.isInteger(target) || target < 1 || target > 100) {
    fail(owner, 'autoscaling.targetCpuUtilizationPercent', target, 'must be an integer percentage from 1 to 100', 'use a value such as 70');
  }
  kubeObject(workload.kubernetesScope, 'HorizontalPodAutoscaler', k8s.KubeHorizontalPodAutoscalerV2, {
    metadata: workload.metadata(workload.name),
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: workload.name },
      minReplicas: min,
      maxReplicas: options.maxReplicas,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: target } } }],
    },
  });
}
