/**
 * How the log shipper is labelled, names a service's container log files and matches their tags.
 * Shared by the shipper and the policy rule that checks it, so both agree on the format.
 * (No construct or cdktf imports: the policy engine loads this.)
 */

/** Annotation on a service's Deployment naming its log group when the name is pinned (read by X-017). */
export const LOG_GROUP_ANNOTATION = 'secure-constructs.io/log-group';

/** The `app.kubernetes.io/component` label of the log shipper's objects. */
export const LOG_SHIPPER_COMPONENT = 'log-shipper';

/** Tag of the shipper's `tail` input: `kube.` then the file's path with "/" as ".". */
export const SHIPPER_INPUT_TAG = 'kube.*';

/** The files of a service's container: `/var/log/containers/<pod>_<namespace>_<container>-<id>.log`. */
export function containerLogGlob(namespace: string, container: string): string {
  return `/var/log/containers/*_${namespace}_${container}-*.log`;
}

/**
 * The tags of exactly one container's files. The container id is 64 hex characters, so a service
 * named "web" never matches the files of "web-admin".
 */
export function containerTagRegex(namespace: string, container: string): string {
  return `^kube\\.var\\.log\\.containers\\.[^_]+_${namespace.replace(/\./g, '\\.')}_${container}-[0-9a-f]{64}\\.log$`;
}
