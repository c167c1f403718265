/**
 * A protection that a workload turns off, explicitly and with a reason.
 *
 * Every protection of the library is on by default. An opt-out names the protection and carries a
 * reason of at least 10 characters; the reason is written into the synthesized manifest as an
 * annotation (`opt-out.secure-constructs.io/<control>`) so reviewers and the policy report see it.
 *
 * @example
 * new SecureMicroservice(platform, 'legacy', {
 *   image: 'registry.example.com/legacy:1.4.2',
 *   optOuts: [OptOut.unpinnedImage('vendor publishes tags only; tracked in SEC-123')],
 * });
 */
export class OptOut {
  /**
   * Allow an image reference by tag instead of by digest. `latest` and untagged references are
   * still rejected.
   */
  public static unpinnedImage(reason: string): OptOut {
    return new OptOut('unpinned-image', reason);
  }

  /**
   * Allow a single replica (the default minimum is two). The PodDisruptionBudget is still
   * written; with one replica it cannot protect availability during node drains.
   */
  public static singleReplica(reason: string): OptOut {
    return new OptOut('single-replica', reason);
  }

  /**
   * Accept environment values, `command` or `args` entries that look like secrets (by name or by
   * form) but are not, e.g. a public demo token or a high-entropy build id. Real secrets belong in
   * a `ManagedSecret`, mounted as a file.
   */
  public static secretValue(reason: string): OptOut {
    return new OptOut('secret-value', reason);
  }

  /**
   * The service serves no Prometheus metrics: with `Monitoring.prometheus()` it gets no
   * ServiceMonitor (its PrometheusRule still watches restarts and OOM kills, and in mesh mode the
   * request ratios its proxy reports).
   */
  public static noMetricsEndpoint(reason: string): OptOut {
    return new OptOut('metrics-endpoint', reason);
  }

  /**
   * @param control the protection turned off, as it appears in the annotation key
   * @param reason why it is turned off
   */
  private constructor(public readonly control: string, public readonly reason: string) {}
}

/** Annotation prefix that records opt-outs and their reasons on the objects they concern. */
export const OPT_OUT_ANNOTATION_PREFIX = 'opt-out.secure-constructs.io/';

/** Shortest accepted reason for an opt-out. */
export const MIN_REASON_LENGTH = 10;

/**
 * The checks of the scanners platform teams run that a library control corresponds to: what an
 * opt-out of that control (or a declared exception with that control) makes those scanners
 * report. The writers in `scanner-exemptions.ts` turn each entry into that scanner's own
 * exemption annotation, with the opt-out's reason:
 *
 * - Polaris (default configuration): `polaris.fairwinds.com/<check>-exempt: "true"`;
 * - Checkov: `checkov.io/skip<n>: <CKV_K8S_id>=<reason>`;
 * - kube-linter: `ignore-check.kube-linter.io/<check>: <reason>`;
 * - Monokle: `monokle.io/suppress.<rule>: <reason>`.
 *
 * A scanner with no check for the control has an empty list.
 */
export interface ScannerChecks {
  /** Polaris check ids. */
  readonly polaris: string[];
  /** Checkov check ids (`CKV_K8S_<n>`). */
  readonly checkov: string[];
  /** kube-linter check names. */
  readonly kubeLinter: string[];
  /** Monokle rule ids. */
  readonly monokle: string[];
}

/**
 * Controls the library records without an opt-out: exceptions a scanner reports on output that is
 * as intended (for example a Deployment whose replicas an autoscaler sets).
 */
export const SCANNER_ONLY_CONTROLS = {
  /** The Deployment's replicas are set by its HorizontalPodAutoscaler, so `spec.replicas` is omitted. */
  AUTOSCALED_REPLICAS: 'autoscaled-replicas',
  /** The workload's NetworkPolicy has no ingress (or no egress) rule: that direction is denied entirely. */
  DENY_ALL_DIRECTION: 'deny-all-direction',
  /** A DaemonSet: one pod on every node, so there is nothing to spread across nodes or zones. */
  PER_NODE_PLACEMENT: 'per-node-placement',
} as const;

/** Library control → the checks of each scanner it corresponds to. */
export const SCANNER_CHECKS: { readonly [control: string]: ScannerChecks } = {
  // OptOut.unpinnedImage: an image by tag. Polaris' tagNotSpecified still passes (a tag is set).
  'unpinned-image': { polaris: [], checkov: ['CKV_K8S_43'], kubeLinter: ['image-not-pinned-by-digest'], monokle: [] },
  // OptOut.singleReplica: one replica.
  'single-replica': { polaris: ['deploymentMissingReplicas'], checkov: [], kubeLinter: ['minimum-three-replicas'], monokle: [] },
  // PlatformLogging.disabled: nothing a scanner checks.
  'log-shipping': { polaris: [], checkov: [], kubeLinter: [], monokle: [] },
  // The log shipper's read-only hostPath mount of /var/log (kube-linter's sensitive-host-mounts
  // lists /, /boot, /dev, /etc, /lib, /proc, /sys and /usr; writable-host-mount passes a read-only one).
  'host-path': { polaris: ['hostPathSet'], checkov: [], kubeLinter: [], monokle: ['PSS105'] },
  // The log shipper runs as UID/GID 0 to read root-owned log files.
  'run-as-root': { polaris: ['runAsRootAllowed'], checkov: ['CKV_K8S_23', 'CKV_K8S_40'], kubeLinter: ['run-as-non-root'], monokle: ['KBP104', 'KBP105', 'KBP109'] },
  // The log shipper's namespace enforces Pod Security "privileged" (a Namespace label: no workload check).
  'pod-security-level': { polaris: [], checkov: [], kubeLinter: [], monokle: [] },
  [SCANNER_ONLY_CONTROLS.AUTOSCALED_REPLICAS]: { polaris: ['deploymentMissingReplicas'], checkov: [], kubeLinter: ['minimum-three-replicas'], monokle: [] },
  [SCANNER_ONLY_CONTROLS.DENY_ALL_DIRECTION]: { polaris: ['missingNetworkPolicy'], checkov: [], kubeLinter: [], monokle: [] },
  [SCANNER_ONLY_CONTROLS.PER_NODE_PLACEMENT]: { polaris: ['topologySpreadConstraint'], checkov: [], kubeLinter: [], monokle: [] },
};
