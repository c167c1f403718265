import { IConstruct } from 'constructs';
import { fail } from './errors';

/**
 * Names that must be unique among everything an app writes: Kubernetes objects (per cluster, by
 * group, kind, namespace and name) and AWS resources (IAM roles per account, secrets, tables,
 * queues and log groups per account and region, buckets globally). Two constructs that would
 * write the same name fail at construction, the error naming both; otherwise the second object
 * would silently replace the first in the output, or the apply would fail.
 */
const claims = new WeakMap<IConstruct, Map<string, string>>();

/** The logical construct path a claim names (a construct, or a path given as text). */
function pathOf(owner: IConstruct | string): string {
  return typeof owner === 'string' ? owner : owner.node.path || '<root>';
}

/**
 * Claims `name` of kind `what` within `space` (e.g. `iam-role:111122223333`) for `owner`, across
 * the whole app of `scope`.
 *
 * @param property the property of `owner` that determines the name, for the error
 * @throws ConfigurationError when another construct claimed the same name
 */
export function claimName(scope: IConstruct, owner: IConstruct | string, property: string, what: string, space: string, name: string): void {
  const root = scope.node.root;
  let byKey = claims.get(root);
  if (!byKey) {
    byKey = new Map();
    claims.set(root, byKey);
  }
  const key = `${what}\u0000${space}\u0000${name}`;
  const holder = byKey.get(key);
  const path = pathOf(owner);
  if (holder !== undefined && holder !== path) {
    fail(owner, property, name, `${what} "${name}" is already written by "${holder}"; two objects with one name would replace each other`,
      `give "${path}" or "${holder}" another name (or id, or namespace)`);
  }
  byKey.set(key, path);
}

/**
 * The id of a new construct under `scope`, checked: a non-empty string without `/`, not taken by
 * another child. Call it in the argument list of `super(scope, childId(scope, id))`, so that a
 * duplicate fails with a ConfigurationError instead of the error `constructs` throws.
 */
export function childId(scope: unknown, id: unknown, what: string): string {
  const node = (scope as IConstruct | undefined)?.node;
  if (!scope || typeof scope !== 'object' || !node || typeof node.tryFindChild !== 'function') {
    fail('<none>', 'scope', scope, `a ${what} is created inside a construct (its scope), and none was given`,
      `pass the scope first: new ${what}(scope, 'id', props)`);
  }
  if (typeof id !== 'string' || id.length === 0 || id.includes('/')) {
    fail(node.path || '<root>', 'id', id, 'a construct id is a non-empty string without "/"', "pass an id such as 'orders'");
  }
  const existing = node.tryFindChild(id);
  if (existing) {
    fail(`${node.path ? `${node.path}/` : ''}${id}`, 'id', id, `"${existing.node.path}" already exists: ids are unique among a scope's children, and they name the written objects`,
      'give the construct another id');
  }
  return id;
}
