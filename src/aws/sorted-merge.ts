import { Tokenization } from 'cdktf';
import { deepMerge } from 'cdktf/lib/util';

/**
 * cdktf's `deepMerge(target, source)` (the merge its `TerraformStack.toTerraform` builds a
 * configuration with), giving the same value, with each object it creates holding its keys in
 * sorted order: the source's keys are visited in sorted order instead of their own.
 *
 * The configuration is then written with its keys sorted (see `stableJson`); an object whose keys
 * are already in order is written as it is instead of being copied in order first, so a
 * configuration merged this way is not copied a second time.
 *
 * As cdktf's merge: a plain object in the source is merged into the target's object at its key (an
 * empty one is created when the target holds no object there), a resolvable (token) is not
 * merged into but set, an array is appended to the target's array (else set), `undefined` deletes
 * the key, and any other value is set. Anything cdktf refuses (a resolvable target, a source or
 * target that is not an object) is left to cdktf's merge, for its error.
 */
export function mergeSorted(target: any, source: any): any {
  if (Tokenization.isResolvable(target) || typeof source !== 'object' || typeof target !== 'object' || source === null || target === null) {
    return deepMerge(target, source);
  }
  for (const key of Object.keys(source).sort()) {
    const value = source[key];
    if (value !== null && typeof value === 'object') {
      if (Array.isArray(value)) {
        target[key] = Array.isArray(target[key]) ? [...target[key], ...value] : value;
      } else {
        if (typeof target[key] !== 'object') target[key] = {};
        if (Tokenization.isResolvable(value)) target[key] = value;
        else mergeSorted(target[key], value);
      }
    } else if (value === undefined) {
      delete target[key];
    } else {
      target[key] = value;
    }
  }
  return target;
}
