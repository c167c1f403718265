/**
 * Resolution that hands cdktf only the parts of a value that hold tokens.
 *
 * cdktf's `resolve` builds two resolution contexts (objects with closures) for every key and value
 * it visits, to resolve tokens anywhere in a structure. Most of a resource's configuration is plain
 * data (names, flags, tags, policy text without references), for which resolution returns a copy
 * without `undefined`s. `resolvePlainParts` makes that copy itself and calls cdktf's `resolve` only
 * for a subtree that may hold a token, escape sequence or anything else resolution acts on: the
 * result is the same, with a fraction of the allocation.
 *
 * What counts as "may hold a token" is decided conservatively from cdktf 0.21.0's encoding (the
 * final cdktf release, so it does not move): every token marker and escape sequence contains `{`,
 * a number token written into a string matches cdktf's pattern for one, number and list tokens are
 * special numbers and strings that cdktf's own tests recognize, and objects that resolve themselves
 * or carry map-token keys are left to cdktf whole. Arrays are left to cdktf whole as soon as one
 * element is a token, since cdktf treats list tokens at the array level.
 */
import { Token, Tokenization } from 'cdktf';
import { extractTokenDouble } from 'cdktf/lib/tokens/private/encoding';

/** cdktf's pattern for a number token written into a string (without the global flag). */
const NUMBER_IN_STRING = /[-|\d|.+]+(e[-|\d|.|e|E|+]+)/;

function plainString(s: string): boolean {
  return !s.includes('{') && !NUMBER_IN_STRING.test(s)
    && s !== Token.STRING_MAP_TOKEN_VALUE && s !== Token.ANY_MAP_TOKEN_VALUE;
}

function plainNumber(n: number): boolean {
  return n !== Token.NUMBER_MAP_TOKEN_VALUE
    && extractTokenDouble(n, false) === undefined && extractTokenDouble(n, true) === undefined;
}

/** Whether `value` is an element cdktf would resolve on its own (not as part of plain data). */
function tokenLeaf(value: unknown): boolean {
  return (typeof value === 'string' && !plainString(value)) || (typeof value === 'number' && !plainNumber(value));
}

/** cdktf's resolution of `value`, found at `path` (for cdktf's error messages). */
export type Resolve = (value: unknown, path: string[]) => unknown;

/**
 * `value` resolved: plain parts copied without `undefined`s, the rest through `resolve` (cdktf's
 * resolution in the caller's scope), with the path of each part as cdktf would report it.
 */
export function resolvePlainParts(value: unknown, resolve: Resolve): unknown {
  return walk(value, resolve, []);
}

function walk(value: unknown, resolve: Resolve, path: string[]): unknown {
  switch (typeof value) {
    case 'undefined':
    case 'boolean':
      return value;
    case 'string':
      return plainString(value) ? value : resolve(value, [...path]);
    case 'number':
      return plainNumber(value) ? value : resolve(value, [...path]);
    case 'object':
      break;
    default:
      return resolve(value, [...path]); // functions and the like: cdktf's error
  }
  if (value === null) return null;
  if (Array.isArray(value)) {
    if (value.some(tokenLeaf)) return resolve(value, [...path]);
    const out: unknown[] = [];
    value.forEach((element, i) => {
      path.push(`${i}`);
      const resolved = walk(element, resolve, path);
      path.pop();
      if (resolved !== undefined) out.push(resolved);
    });
    return out;
  }
  // Class instances (and Dates, constructs) go to cdktf, as do objects that resolve themselves and
  // objects with a key that may be a (map) token.
  if (Object.getPrototypeOf(value) !== Object.prototype || Tokenization.isResolvable(value)
    || Object.keys(value).some(key => !plainString(key))) {
    return resolve(value, [...path]);
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    path.push(key);
    const resolved = walk((value as Record<string, unknown>)[key], resolve, path);
    path.pop();
    if (resolved !== undefined) out[key] = resolved;
  }
  return out;
}
