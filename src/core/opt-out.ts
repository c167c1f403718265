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
   * @param control the protection turned off, as it appears in the annotation key
   * @param reason why it is turned off
   */
  private constructor(public readonly control: string, public readonly reason: string) {}
}

/** Annotation prefix that records opt-outs and their reasons on the objects they concern. */
export const OPT_OUT_ANNOTATION_PREFIX = 'opt-out.secure-constructs.io/';

/** Shortest accepted reason for an opt-out. */
export const MIN_REASON_LENGTH = 10;
