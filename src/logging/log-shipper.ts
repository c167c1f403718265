import { createHash } from 'crypto';
import { ApiObject } from 'cdk8s';
import * as k8s from 'cdk8s-plus-33/lib/imports/k8s';
import { Construct } from 'constructs';
import { containerLogGlob, containerTagRegex, LOG_SHIPPER_COMPONENT, SHIPPER_INPUT_TAG, LOG_GROUP_ANNOTATION } from './fluent-bit-routes';
import { LOG_SHIPPING_CONTROL, PlatformLogging, serviceLogGroupName } from './platform-logging';
import { createLogGroup } from '../aws/logs';
import { fail } from '../core/errors';
import { kubeObject } from '../core/kube-object';
import { OPT_OUT_ANNOTATION_PREFIX, SCANNER_ONLY_CONTROLS } from '../core/opt-out';
import { scannerExemptionAnnotations } from '../core/scanner-exemptions';
import { PolicyStatement } from '../identity/policy-statement';
import { WorkloadRole } from '../identity/workload-role';
import { logGroupNamePrefix } from '../kms/platform-key';
import { CONSTRUCT_PATH_ANNOTATION, MANAGED_BY } from '../network/labels';
import { ensureNamespace } from '../network/namespace';
import { CidrEgress, POD_IDENTITY_AGENT, servicePolicySpec } from '../network/service-policy';
import type { Platform } from '../platform/platform';
import { WorkloadIdentityMode } from '../platform/workload-identity';
import type { ServiceWorkload } from '../workload/service-workload';

/** Name of the shipper's DaemonSet, ServiceAccount, ConfigMap and NetworkPolicy. */
export const SHIPPER_NAME = 'fluent-bit';
/** Where the shipper's configuration is mounted. */
const CONFIG_DIR = '/fluent-bit/config';
/** Where the shipper keeps its file positions and buffers (an emptyDir). */
const STATE_DIR = '/var/fluent-bit/state';
/** Port of Fluent Bit's health endpoint. */
const HEALTH_PORT = 2020;
/** Actions the shipper needs: create a stream in a group and put events into it (`cloudwatch_logs` output). */
export const SHIPPER_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents'];
/**
 * The shipper's declared exceptions to the hardening rules: each control, the rules it covers
 * and why. They are written as opt-out annotations on the objects, so the policy report lists each
 * finding they cover with its reason.
 */
export const SHIPPER_EXCEPTIONS = {
  'host-path': {
    rules: ['K8S-008', 'K8S-010'],
    reason: 'Fluent Bit reads container logs from the node: /var/log is mounted read-only as a hostPath volume (the only host path mounted)',
  },
  'run-as-root': {
    rules: ['K8S-001', 'K8S-014'],
    reason: 'container log files on the node are owned by root with mode 0640; Fluent Bit runs as UID 0 to read them, with all capabilities dropped, no privilege escalation and a read-only root filesystem',
  },
  'pod-security-level': {
    rules: ['K8S-024'],
    reason: 'the log shipper namespace enforces Pod Security "privileged": "baseline" and "restricted" forbid the read-only hostPath mount of /var/log; only the shipper runs here',
  },
};

/** The shipper's PriorityClass: built into every cluster, the one of per-node agents. */
export const SHIPPER_PRIORITY_CLASS = 'system-node-critical';
/** Why the shipper's NetworkPolicy has no ingress rule (Polaris' missingNetworkPolicy wants one). */
const SHIPPER_NO_INGRESS_REASON = 'the log shipper accepts no connection: its NetworkPolicy has no ingress rule, so all ingress traffic is denied (traffic from the pod\'s own node, such as the kubelet\'s probes, is always allowed)';

/** A service whose logs the shipper routes. */
interface ShippedService {
  readonly namespace: string;
  readonly serviceName: string;
  readonly logGroupName: string;
}

const shippers = new WeakMap<Platform, LogShipper>();

/** The name of a service's log group: `/secure-constructs/<platform>/<namespace>/<service>`. */
export function logGroupName(platformId: string, namespace: string, service: string): string {
  return `${logGroupNamePrefix(platformId)}${namespace}/${service}`;
}

/** The ARN of a log group, known at synth time. */
export function logGroupArn(platform: Platform, name: string): string {
  return `arn:${platform.partition}:logs:${platform.region}:${platform.account}:log-group:${name}`;
}

/**
 * Gives a service its log group and routes its container's logs there; returns the group's name.
 * When the platform ships no logs, records why on the service's Deployment (the
 * `log-shipping` opt-out annotation) and returns undefined.
 */
export function attachLogging(workload: ServiceWorkload, logging: PlatformLogging, pinnedName?: string): string | undefined {
  if (!logging.enabled) {
    workload.annotateWorkload(`${OPT_OUT_ANNOTATION_PREFIX}${LOG_SHIPPING_CONTROL}`, logging.disabledReason!);
    return undefined;
  }
  const platform = workload.platform;
  if (workload.namespace === logging.namespace) {
    fail(workload.service, 'namespace', workload.namespace, 'the log shipper owns this namespace; its Pod Security level is "privileged"',
      'run the service in another namespace, or move the shipper with PlatformLogging.cloudWatch({ namespace })');
  }
  const name = serviceLogGroupName(workload.service, platform, 'logGroupName', pinnedName, workload.namespace, workload.name);
  workload.logGroupName = name;
  // A pinned name differs from the one derived from the service: the output says which group it is.
  if (pinnedName !== undefined) workload.annotateWorkload(LOG_GROUP_ANNOTATION, name);
  createLogGroup(workload.terraformScope(), { name, kmsKeyArn: platform.key.keyArn, retentionInDays: logging.retentionDays });
  let shipper = shippers.get(platform);
  if (!shipper) {
    shipper = new LogShipper(platform, 'LogShipper', logging);
    shippers.set(platform, shipper);
  }
  shipper._addService({ namespace: workload.namespace, serviceName: workload.name, logGroupName: name });
  return name;
}

/** The Fluent Bit configuration that routes each service's container logs to its group. */
export function fluentBitConfig(region: string, services: ShippedService[]): string {
  const sorted = [...services].sort((a, b) => (a.logGroupName < b.logGroupName ? -1 : a.logGroupName > b.logGroupName ? 1 : 0));
  const lines = [
    '[SERVICE]',
    '    Flush              5',
    '    Daemon             Off',
    '    Log_Level          info',
    '    HTTP_Server        On',
    '    HTTP_Listen        0.0.0.0',
    `    HTTP_Port          ${HEALTH_PORT}`,
    '    Health_Check       On',
    `    storage.path       ${STATE_DIR}/buffer`,
    '',
    '[INPUT]',
    '    Name               tail',
    `    Tag                ${SHIPPER_INPUT_TAG}`,
    // Only the library's services' containers: /var/log/containers/<pod>_<namespace>_<container>-<id>.log
    `    Path               ${sorted.map(s => containerLogGlob(s.namespace, s.serviceName)).join(',')}`,
    '    multiline.parser   cri',
    `    DB                 ${STATE_DIR}/tail.db`,
    '    Mem_Buf_Limit      32MB',
    '    Skip_Long_Lines    On',
    '    Refresh_Interval   10',
    '    storage.type       filesystem',
  ];
  for (const s of sorted) {
    lines.push(
      '',
      '[OUTPUT]',
      '    Name               cloudwatch_logs',
      `    Match_Regex        ${containerTagRegex(s.namespace, s.serviceName)}`,
      `    region             ${region}`,
      `    log_group_name     ${s.logGroupName}`,
      '    log_stream_prefix  pod.',
      '    auto_create_group  Off',
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The platform's log shipper: a Fluent Bit DaemonSet in its own namespace, with its own
 * ServiceAccount and IAM role. The role may only create streams in, and put events into, the
 * platform's log groups (`/secure-constructs/<platform>/*`); its NetworkPolicy allows egress only
 * to DNS, the platform's AWS endpoint ranges on 443 and the credential endpoint.
 *
 * Its exceptions to the hardening rules (a read-only hostPath mount of /var/log, running as root
 * to read root-owned log files, a "privileged" namespace) are declared as opt-out annotations with
 * their reasons; otherwise it is hardened like any workload: no capabilities, no privilege
 * escalation, read-only root filesystem, RuntimeDefault seccomp, no service-account token,
 * requests and limits, probes, an image pinned by digest.
 */
export class LogShipper extends Construct {
  /** The shipper's role. */
  public readonly role: WorkloadRole;
  /** The DaemonSet. */
  public readonly daemonSet: ApiObject;
  private readonly services: ShippedService[] = [];

  /** @internal */
  constructor(platform: Platform, id: string, logging: PlatformLogging) {
    super(platform, id);
    const namespace = logging.namespace;
    const irsa = platform.workloadIdentity.mode === WorkloadIdentityMode.IRSA;
    // One selector label, and an instance label equal to the objects' name (see SecureMicroservice).
    const selectorLabels = { 'app.kubernetes.io/name': SHIPPER_NAME };
    const labels = { ...selectorLabels, 'app.kubernetes.io/instance': SHIPPER_NAME, 'app.kubernetes.io/part-of': platform.node.id, 'app.kubernetes.io/component': LOG_SHIPPER_COMPONENT, ...MANAGED_BY };
    const metadata = { namespace, labels, annotations: { [CONSTRUCT_PATH_ANNOTATION]: this.node.path } };
    const optOut = (control: keyof typeof SHIPPER_EXCEPTIONS) => ({ [`${OPT_OUT_ANNOTATION_PREFIX}${control}`]: SHIPPER_EXCEPTIONS[control].reason });

    // The namespace: default-deny and DNS like every namespace; Pod Security "privileged".
    ensureNamespace(platform, namespace);
    const ns = platform.chart.node.findChild(`Namespace-${namespace}`).node.findChild('Namespace') as ApiObject;
    for (const mode of ['enforce', 'audit', 'warn']) ns.metadata.addLabel(`pod-security.kubernetes.io/${mode}`, 'privileged');
    ns.metadata.addAnnotation(CONSTRUCT_PATH_ANNOTATION, this.node.path);
    ns.metadata.addAnnotation(`${OPT_OUT_ANNOTATION_PREFIX}pod-security-level`, SHIPPER_EXCEPTIONS['pod-security-level'].reason);

    const scope = platform._kubernetesScope(this);
    const serviceAccount = kubeObject(scope, 'ServiceAccount', k8s.KubeServiceAccount, {
      metadata: { name: SHIPPER_NAME, ...metadata },
      automountServiceAccountToken: false,
    });
    this.role = new WorkloadRole(platform._terraformScope(this), platform, { name: 'log-shipper', namespace, serviceAccount: SHIPPER_NAME });
    // The streams of the platform's log groups: one resource, whatever the number of services (one
    // ARN per group would pass IAM's 10,240-character limit for a role's inline policies at about
    // a hundred services). The groups under the prefix are the services' groups, which Terraform
    // creates; the shipper cannot create groups, and the platform key admits the same prefix.
    this.role.addStatement(new PolicyStatement({
      actions: SHIPPER_ACTIONS,
      resources: [`${logGroupArn(platform, logGroupNamePrefix(platform.node.id))}*:log-stream:*`],
    }));
    if (irsa) {
      serviceAccount.metadata.addAnnotation('eks.amazonaws.com/role-arn', this.role.roleArn);
      serviceAccount.metadata.addAnnotation('eks.amazonaws.com/sts-regional-endpoints', 'true');
    }

    const config = () => fluentBitConfig(platform.region, this.services);
    kubeObject(scope, 'ConfigMap', k8s.KubeConfigMap, { metadata: { name: SHIPPER_NAME, ...metadata } }, {
      data: () => ({ 'fluent-bit.conf': config() }),
    });

    const probe = (initialDelaySeconds: number): k8s.Probe => ({
      httpGet: { path: '/api/v1/health', port: k8s.IntOrString.fromString('health') },
      initialDelaySeconds,
      periodSeconds: 10,
      timeoutSeconds: 2,
      failureThreshold: 3,
    });
    const q = (s: string) => k8s.Quantity.fromString(s);
    // The spec is rendered at synth time: the pods carry the hash of the final configuration.
    this.daemonSet = kubeObject(scope, 'DaemonSet', k8s.KubeDaemonSet, {
      metadata: {
        name: SHIPPER_NAME,
        ...metadata,
        annotations: {
          ...metadata.annotations,
          ...optOut('host-path'),
          ...optOut('run-as-root'),
          // The same exceptions, with the same reasons, for the scanners platform teams run; and
          // the shipper accepts no connection at all (its NetworkPolicy has no ingress rule).
          ...scannerExemptionAnnotations([
            ...(['host-path', 'run-as-root'] as const).map(control => ({ control, reason: SHIPPER_EXCEPTIONS[control].reason })),
            { control: SCANNER_ONLY_CONTROLS.DENY_ALL_DIRECTION, reason: SHIPPER_NO_INGRESS_REASON },
            { control: SCANNER_ONLY_CONTROLS.PER_NODE_PLACEMENT, reason: 'a DaemonSet runs one pod on every node (tolerating every taint), so there is nothing to spread across nodes or zones' },
          ]),
        },
      },
    }, {
      spec: () => ({
        selector: { matchLabels: selectorLabels },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(1) } },
        template: {
          metadata: {
            labels,
            annotations: { 'secure-constructs.io/config-sha256': createHash('sha256').update(config()).digest('hex') },
          },
          spec: {
            serviceAccountName: SHIPPER_NAME,
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            // A node's logs are lost while its shipper is pending or evicted: it runs at the
            // priority of the node's own agents (allowed outside kube-system since Kubernetes 1.17).
            priorityClassName: SHIPPER_PRIORITY_CLASS,
            // Every node's logs are shipped, including tainted nodes'.
            tolerations: [{ operator: 'Exists' }],
            securityContext: { runAsUser: 0, runAsGroup: 0, runAsNonRoot: false, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [{
              name: SHIPPER_NAME,
              image: logging.shipperImage,
              imagePullPolicy: 'Always',
              command: ['/fluent-bit/bin/fluent-bit', '-c', `${CONFIG_DIR}/fluent-bit.conf`],
              ports: [{ name: 'health', containerPort: HEALTH_PORT, protocol: 'TCP' }],
              securityContext: {
                runAsUser: 0,
                runAsGroup: 0,
                runAsNonRoot: false,
                allowPrivilegeEscalation: false,
                privileged: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
                seccompProfile: { type: 'RuntimeDefault' },
              },
              resources: {
                requests: { 'cpu': q('50m'), 'memory': q('64Mi'), 'ephemeral-storage': q('64Mi') },
                limits: { 'cpu': q('500m'), 'memory': q('256Mi'), 'ephemeral-storage': q('512Mi') },
              },
              readinessProbe: probe(5),
              livenessProbe: probe(15),
              volumeMounts: [
                { name: 'var-log', mountPath: '/var/log', readOnly: true },
                { name: 'config', mountPath: CONFIG_DIR, readOnly: true },
                { name: 'state', mountPath: STATE_DIR },
              ],
            }],
            volumes: [
              { name: 'var-log', hostPath: { path: '/var/log', type: 'Directory' } },
              { name: 'config', configMap: { name: SHIPPER_NAME } },
              { name: 'state', emptyDir: { sizeLimit: q('512Mi') } },
            ],
          },
        },
      }),
    });

    const egress: CidrEgress[] = [{ cidrs: platform.awsEndpointCidrs, port: 443 }];
    if (!irsa) egress.push(POD_IDENTITY_AGENT);
    kubeObject(scope, 'NetworkPolicy', k8s.KubeNetworkPolicy, {
      metadata: { name: SHIPPER_NAME, ...metadata },
      spec: servicePolicySpec(selectorLabels, [], [], egress),
    });

  }

  /**
   * Routes a service's logs to its group.
   * @internal
   */
  public _addService(service: ShippedService): void {
    this.services.push(service);
  }
}
