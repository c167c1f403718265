/**
 * A Terraform configuration as text, byte for byte what cdktf's synthesizer writes
 * (`json-stable-stringify` with `space: 2`: keys sorted, two-space indentation, and an empty object
 * or array laid out over two lines, its closing bracket on the next line at the same indent), with
 * less work: the keys are sorted in one copy of the value (which reuses the parts already in order),
 * the engine's own `JSON.stringify` writes it, and the empty containers are then laid out as the
 * synthesizer lays them out.
 *
 * The values are treated as `json-stable-stringify` (and `JSON.stringify`) treat them: `toJSON` is
 * called before a value's keys are read; `undefined`, functions and symbols are left out of
 * objects and written as `null` in arrays; non-finite numbers are written as `null`; a circular
 * structure throws a TypeError.
 */
export function stableJson(value: unknown): string {
  return stableJsonWithValue(value).text;
}

/**
 * {@link stableJson}'s text, and the value `JSON.parse` reads from it when the sorted copy the text
 * was written from is that value (plain objects, arrays and JSON's own primitives only, with the
 * keys in text order): readers of the configuration can then use it without parsing the text
 * back. The copy is not given when the value holds a number JSON writes differently (non-finite or
 * `-0`), an integer-like or `__proto__` key, or has no JSON text at all. The copy shares the
 * parts of `value` that were already sorted plain data.
 */
export function stableJsonWithValue(value: unknown): { readonly text: string; readonly value?: unknown } {
  const sorted = sortedOrWritten(value);
  if ('text' in sorted) return { text: sorted.text };
  // A value JSON has no text for (undefined) gives none, as json-stable-stringify gives none.
  const text = wholeText(sorted.copy) as string;
  return sorted.exact && text !== undefined ? { text, value: sorted.copy } : { text };
}

/**
 * The sorted copy of `value` (and whether `JSON.parse` of its text gives it back), or, for a value
 * no plain copy can hold in text order, its text written directly.
 */
function sortedOrWritten(value: unknown): { readonly copy: unknown; readonly exact: boolean } | { readonly text: string } {
  const state = { exact: true };
  try {
    return { copy: sortedCopy(value, new Set(), state), exact: state.exact };
  } catch (e) {
    // An object with integer-like keys (`"9"`, `"10"`) enumerates them in numeric order whatever
    // the order they were added in, so no copy can hold them in text order (nor can a plain
    // object hold an own `__proto__` key by assignment): written directly.
    if (e !== NO_COPY) throw e;
    return { text: written(value, 0, new Set()) as string };
  }
}

/** The text of a sorted copy, in one piece (undefined for a value JSON has no text for). */
function wholeText(copy: unknown): string | undefined {
  const text = JSON.stringify(copy, null, 2);
  return text === undefined ? undefined : layOut(text);
}

/**
 * `text` with each empty container laid out over two lines, as the synthesizer writes it. Every
 * line of JSON.stringify's indented output holds one element: a line that is only an (optional)
 * key and `{}` or `[]` is an empty container, never text inside a string (a string cannot span
 * lines, and the line of a string value ends with its closing quote).
 */
function layOut(text: string): string {
  return text.replace(EMPTY_CONTAINER_LINE, (_, indent: string, key: string, open: string, comma: string) =>
    `${indent}${key}${open}\n${indent}${open === '{' ? '}' : ']'}${comma}`);
}

const EMPTY_CONTAINER_LINE = /^( *)((?:"(?:[^"\\\n]|\\.)*": )?)([{[])[}\]](,?)$/gm;

/** What {@link writeStableJson} wrote. */
export interface StableJsonWritten {
  /** The value `JSON.parse` reads from the text written, as {@link stableJsonWithValue} gives it. */
  readonly value?: unknown;
  /**
   * The 1-based line of each resource and data source key (`<type>.<name>`, data sources
   * `data.<type>.<name>`), when the configuration was written block by block.
   */
  readonly lines?: ReadonlyMap<string, number>;
  /** The whole text, when it was made in one piece (a configuration of another shape). */
  readonly text?: string;
}

/** A Terraform configuration is handed to `write` in pieces of about this many characters. */
const PIECE = 1024 * 1024;

/**
 * Writes {@link stableJson}'s text of a Terraform configuration through `write`, piece by piece,
 * so that the text of a large configuration is never held whole (at thousands of services it is
 * tens of megabytes, made twice over by laying out the empty containers). The configuration's
 * blocks are written key by key down to each resource (`resource.<type>.<name>`, the same for
 * `data`), each resource's value with `JSON.stringify`, and the line of every resource's key is
 * recorded on the way. A value of another shape (not an object of objects at those levels, or one
 * `stableJsonWithValue` gives no copy of) is written in one piece.
 */
export function writeStableJson(value: unknown, write: (text: string) => void): StableJsonWritten {
  const sorted = sortedOrWritten(value);
  if ('text' in sorted) {
    write(sorted.text);
    return { text: sorted.text };
  }
  const copy = sorted.copy;
  if (!sorted.exact || !isNonEmptyObject(copy) || !['resource', 'data'].every(block => blockShaped(copy[block]))) {
    const text = wholeText(copy);
    if (text === undefined) return {};
    write(text);
    return sorted.exact ? { text, value: copy } : { text };
  }
  const lines = new Map<string, number>();
  let pending = '';
  let line = 1;
  const emit = (text: string) => {
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) line++;
    pending += text;
    if (pending.length >= PIECE) {
      write(pending);
      pending = '';
    }
  };
  /** `"<key>": <value>` at `depth`, its value written with JSON.stringify. */
  const entry = (key: string, child: unknown, depth: number, first: boolean) => {
    const indent = indentAt(depth);
    const text = JSON.stringify(child, null, 2);
    emit(layOut(`${first ? '' : ','}${indent}${JSON.stringify(key)}: ${text.includes('\n') ? text.replace(/\n/g, indent) : text}`));
  };
  const root = copy;
  emit('{');
  Object.keys(root).forEach((block, i) => {
    const types = root[block];
    if ((block !== 'resource' && block !== 'data') || !isNonEmptyObject(types)) {
      entry(block, types, 1, i === 0);
      return;
    }
    emit(`${i === 0 ? '' : ','}${indentAt(1)}${JSON.stringify(block)}: {`);
    // Every type holds an object of resources (see `blockShaped`).
    Object.keys(types).forEach((type, j) => {
      const byName = types[type] as Record<string, unknown>;
      emit(`${j === 0 ? '' : ','}${indentAt(2)}${JSON.stringify(type)}: {`);
      Object.keys(byName).forEach((name, k) => {
        // The key is on the next line.
        const id = `${block === 'data' ? 'data.' : ''}${type}.${name}`;
        if (!lines.has(id)) lines.set(id, line + 1);
        entry(name, byName[name], 3, k === 0);
      });
      emit(`${indentAt(2)}}`);
    });
    emit(`${indentAt(1)}}`);
  });
  emit('\n}');
  if (pending !== '') write(pending);
  return { value: copy, lines };
}

/** Whether `value` is an object (not an array) of JSON data. */
function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isNonEmptyObject(value: unknown): value is Record<string, unknown> {
  return isObject(value) && Object.keys(value).length > 0;
}

/**
 * Whether a `resource` or `data` block is absent, or can be written key by key: an object whose
 * every type holds a non-empty object of resources.
 */
function blockShaped(block: unknown): boolean {
  return block === undefined || (isObject(block) && Object.values(block).every(isNonEmptyObject));
}

/**
 * `value` with the keys of every object in sorted order, without what JSON leaves out, and with
 * `toJSON` applied: the value `JSON.stringify` then writes as json-stable-stringify would. A plain
 * object or array that is already so is used as it is (not copied); the others are copied.
 */
function sortedCopy(value: unknown, ancestors: Set<object>, state: { exact: boolean }): unknown {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON: () => unknown }).toJSON();
  }
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && (!Number.isFinite(value) || Object.is(value, -0))) state.exact = false;
    return omitted(value) ? undefined : value;
  }
  if (ancestors.has(value)) throw new TypeError('Converting circular structure to JSON');
  ancestors.add(value);
  const result = Array.isArray(value) ? sortedArray(value, ancestors, state) : sortedObject(value as Record<string, unknown>, ancestors, state);
  ancestors.delete(value);
  return result;
}

function sortedArray(value: unknown[], ancestors: Set<object>, state: { exact: boolean }): unknown[] {
  // A plain array is kept while every element is its own sorted copy (a hole or a left-out
  // element becomes null, which needs a copy).
  let copy: unknown[] | undefined = Object.getPrototypeOf(value) === Array.prototype ? undefined : [];
  for (let i = 0; i < value.length; i++) {
    const element = value[i];
    const sorted = sortedCopy(element, ancestors, state) ?? null;
    if (copy === undefined && (sorted !== element || !(i in value))) copy = value.slice(0, i);
    if (copy !== undefined) copy.push(sorted);
  }
  return copy ?? value;
}

function sortedObject(value: Record<string, unknown>, ancestors: Set<object>, state: { exact: boolean }): Record<string, unknown> {
  const keys = Object.keys(value);
  // Integer-like keys come first in an object's own key order.
  if (keys.length > 0 && isIndexKey(keys[0])) throw NO_COPY;
  let inOrder = Object.getPrototypeOf(value) === Object.prototype;
  for (let i = 1; inOrder && i < keys.length; i++) inOrder = keys[i - 1] < keys[i];
  if (!inOrder) keys.sort();
  // A plain object with its keys in order is kept while every value is its own sorted copy (a
  // left-out value needs a copy without its key).
  let copy: Record<string, unknown> | undefined = inOrder ? undefined : {};
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (key === '__proto__') throw NO_COPY;
    const v = value[key];
    const sorted = sortedCopy(v, ancestors, state);
    if (copy === undefined && (sorted !== v || sorted === undefined)) {
      copy = {};
      for (let j = 0; j < i; j++) copy[keys[j]] = value[keys[j]];
    }
    if (copy !== undefined && sorted !== undefined) copy[key] = sorted;
  }
  return copy ?? value;
}

/** Values JSON has no text for: left out of objects, `null` in arrays. */
function omitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/** Thrown by `sortedCopy` when an object has a key no plain copy can hold in text order. */
const NO_COPY = Symbol('integer-like or __proto__ key');

/** Whether `key` is one that objects enumerate first, in numeric order (an array index). */
function isIndexKey(key: string): boolean {
  return /^(0|[1-9][0-9]*)$/.test(key) && Number(key) < 4294967295;
}

const INDENTS = ['\n'];
function indentAt(level: number): string {
  while (INDENTS.length <= level) INDENTS.push(`${INDENTS[INDENTS.length - 1]}  `);
  return INDENTS[level];
}

/** `json-stable-stringify` with `space: 2`, written out (undefined for a value with no JSON text). */
function written(value: unknown, level: number, ancestors: Set<object>): string | undefined {
  if (value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON: () => unknown }).toJSON();
  }
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (ancestors.has(value)) throw new TypeError('Converting circular structure to JSON');
  ancestors.add(value);
  const inner = indentAt(level + 1);
  let out: string;
  if (Array.isArray(value)) {
    out = '[';
    for (let i = 0; i < value.length; i++) out += `${i ? ',' : ''}${inner}${written(value[i], level + 1, ancestors) ?? 'null'}`;
    out += `${indentAt(level)}]`;
  } else {
    out = '{';
    let first = true;
    for (const key of Object.keys(value).sort()) {
      const v = written((value as Record<string, unknown>)[key], level + 1, ancestors);
      if (v === undefined) continue;
      out += `${first ? '' : ','}${inner}${JSON.stringify(key)}: ${v}`;
      first = false;
    }
    out += `${indentAt(level)}}`;
  }
  ancestors.delete(value);
  return out;
}
