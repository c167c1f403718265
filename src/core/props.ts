import { IConstruct } from 'constructs';
import { ConfigurationError, pathOf, show } from './errors';

/**
 * Checks of the shape of props objects at construction, for callers the type checker does not
 * protect (plain JavaScript, JSON-loaded configuration, other jsii languages): unknown property
 * names (with a "did you mean"), `null`, NaN and Infinity, a string where a list is expected, a
 * plain object where a class instance is expected. Each failure is a {@link ConfigurationError}
 * naming the property and the value received.
 *
 * @example
 * checkProps(this, 'props', props, {
 *   knownKeys: SECURE_MICROSERVICE_KEYS,
 *   required: ['image'],
 *   strings: ['image', 'namespace'],
 *   integers: ['replicas', 'port'],
 *   stringLists: ['command', 'args'],
 *   stringMaps: ['env'],
 *   classes: { readinessProbe: Probe, livenessProbe: Probe },
 * });
 */

/** A class a value must be an instance of (its constructor may be private). */
export interface ClassRef {
  readonly name: string;
  readonly prototype: any;
}

/** An enum a value must be a member of: its name (for messages) and the enum object. */
export interface EnumRef {
  readonly name: string;
  readonly values: object;
}

/** What {@link checkProps} checks. Keys not listed in a type group are only checked for `null`. */
export interface PropsSpec {
  /** Every property name the props type declares; others are refused with a suggestion. */
  readonly knownKeys: readonly string[];
  /** Properties that must be present (not undefined). */
  readonly required?: readonly string[];
  readonly strings?: readonly string[];
  /** Finite numbers (NaN and Infinity are refused). */
  readonly numbers?: readonly string[];
  /** Finite integers. */
  readonly integers?: readonly string[];
  readonly booleans?: readonly string[];
  /** Arrays of anything. */
  readonly lists?: readonly string[];
  /** Arrays of strings (each element checked, reported as `key[i]`). */
  readonly stringLists?: readonly string[];
  /** Plain objects (nested structs; check their keys with another `checkProps`). */
  readonly objects?: readonly string[];
  /** Plain objects whose values are strings (`env`, `tags`), reported as `key.name`. */
  readonly stringMaps?: readonly string[];
  /** Instances of a class (or one of several). */
  readonly classes?: { readonly [key: string]: ClassRef | readonly ClassRef[] };
  /** Members of an enum. */
  readonly enums?: { readonly [key: string]: EnumRef };
  /** Extra fix text per property, shown with its errors. */
  readonly hints?: { readonly [key: string]: string };
}

/**
 * The property names of a props interface, as a runtime list that the compiler keeps complete:
 * every key of `T` must be listed, and no other.
 *
 * @example
 * const RESOURCE_KEYS = propKeys<ContainerResources>({ cpuRequest: true, cpuLimit: true, ... });
 */
export function propKeys<T>(keys: { readonly [K in keyof Required<T>]: true }): string[] {
  return Object.keys(keys);
}

/**
 * A value rendered for an error message: `NaN`, `Infinity`, `a function`, `a Probe {...}` where
 * JSON would say `null` or nothing.
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (typeof value === 'function') return `a function${value.name ? ` (${value.name})` : ''}`;
  if (typeof value === 'symbol' || typeof value === 'bigint') return String(value);
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && !isPlainObject(value)) {
    const name = (value as any).constructor?.name;
    if (name) return `a ${name} ${show(value)}`;
  }
  return show(value);
}

/** Throws a {@link ConfigurationError} whose value is rendered by {@link describeValue}. */
export function failProp(scope: IConstruct | string, property: string, value: unknown, problem: string, fix: string): never {
  throw new ConfigurationError({
    constructPath: typeof scope === 'string' ? scope : pathOf(scope),
    property,
    value: describeValue(value),
    problem,
    fix,
  });
}

/** Whether `value` is a plain object (an object literal or `Object.create(null)`), not a class instance or array. */
export function isPlainObject(value: unknown): value is { [key: string]: unknown } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === null || proto === Object.prototype || proto?.constructor?.name === 'Object';
}

/** Edit distance between two strings (insertions, deletions, substitutions). */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** The known names closest to `name`: a case-insensitive match, a near spelling, or names that contain it. */
export function suggestKeys(name: string, known: readonly string[]): string[] {
  const lower = name.toLowerCase();
  const exact = known.filter(k => k.toLowerCase() === lower);
  if (exact.length) return exact;
  const limit = Math.max(1, Math.floor(name.length / 3));
  const scored = known.map(k => [k, editDistance(lower, k.toLowerCase())] as const).filter(([, d]) => d <= limit);
  if (scored.length) {
    const best = Math.min(...scored.map(([, d]) => d));
    return scored.filter(([, d]) => d === best).map(([k]) => k);
  }
  return lower.length >= 3 ? known.filter(k => k.toLowerCase().includes(lower) || lower.includes(k.toLowerCase())) : [];
}

function propertyName(prefix: string, key: string): string {
  return prefix === 'props' || prefix === '' ? key : `${prefix}.${key}`;
}

function staticFactories(cls: ClassRef): string[] {
  return Object.getOwnPropertyNames(cls)
    .filter(n => !['length', 'name', 'prototype', 'of', 'caller', 'arguments'].includes(n) && !n.startsWith('_') && typeof (cls as any)[n] === 'function')
    .sort();
}

function classFix(classes: readonly ClassRef[]): string {
  return classes.map(c => {
    const factories = staticFactories(c);
    return factories.length ? factories.map(f => `${c.name}.${f}(...)`).join(' or ') : `new ${c.name}(...)`;
  }).join(', or ');
}

function listFix(value: unknown): string {
  if (typeof value === 'string') {
    const parts = value.trim().split(/\s+/);
    return parts.length > 1
      ? `pass a list, one element per word: ${JSON.stringify(parts)}`
      : `wrap it in a list: ${JSON.stringify([value])}`;
  }
  return 'pass a list (an array)';
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number' && Number.isNaN(value)) return 'NaN';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * Checks the shape of `props` (named `property`; `'props'` for a construct's own props, whose
 * keys are then reported bare: `replicas`, not `props.replicas`). `undefined` props pass unless
 * `spec.required` lists keys. Throws a {@link ConfigurationError} on the first problem.
 */
export function checkProps(scope: IConstruct | string, property: string, props: unknown, spec: PropsSpec): void {
  const required = spec.required ?? [];
  if (props === undefined) {
    if (required.length === 0) return;
    failProp(scope, property, props, `${property} are required (${required.join(', ')})`, `pass an object with at least ${required.join(', ')}`);
  }
  if (!isPlainObject(props)) {
    failProp(scope, property, props, `an object of properties is expected, not ${typeName(props)}`,
      `pass an object with the properties ${[...spec.knownKeys].sort().join(', ')}`);
  }
  const known = new Set(spec.knownKeys);
  for (const key of Object.keys(props)) {
    if (known.has(key)) continue;
    const suggestions = suggestKeys(key, spec.knownKeys);
    const mean = suggestions.length ? ` (did you mean ${suggestions.map(s => `"${s}"`).join(' or ')}?)` : '';
    failProp(scope, propertyName(property, key), props[key], `unknown property "${key}"${mean}`,
      `${suggestions.length ? `rename it to ${suggestions.map(s => `"${s}"`).join(' or ')}; the` : 'the'} known properties are ${[...spec.knownKeys].sort().join(', ')}`);
  }
  for (const key of required) {
    if (props[key] === undefined) {
      failProp(scope, propertyName(property, key), undefined, `${key} is required`, spec.hints?.[key] ?? `pass ${key}: it has no default`);
    }
  }
  const groups = (names: readonly string[] | undefined) => new Set(names ?? []);
  const strings = groups(spec.strings);
  const numbers = groups(spec.numbers);
  const integers = groups(spec.integers);
  const booleans = groups(spec.booleans);
  const lists = groups(spec.lists);
  const stringLists = groups(spec.stringLists);
  const objects = groups(spec.objects);
  const stringMaps = groups(spec.stringMaps);
  for (const key of spec.knownKeys) {
    const value = props[key];
    if (value === undefined) continue;
    const name = propertyName(property, key);
    const hint = spec.hints?.[key];
    const withHint = (fix: string) => (hint ? `${fix}; ${hint}` : fix);
    if (value === null) {
      failProp(scope, name, value, 'null is not accepted', withHint('leave the property out (undefined) to get its default, or pass a value'));
    }
    if (strings.has(key) && typeof value !== 'string') {
      failProp(scope, name, value, `a string is expected, not ${typeName(value)}`, withHint(typeof value === 'number' ? `pass it as a string: "${value}"` : 'pass a string'));
    }
    if (numbers.has(key) || integers.has(key)) {
      if (typeof value !== 'number') {
        const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
        failProp(scope, name, value, `a number is expected, not ${typeName(value)}`, withHint(Number.isFinite(n) ? `pass the number ${n}, without quotes` : 'pass a number'));
      }
      if (!Number.isFinite(value)) {
        failProp(scope, name, value, `${String(value)} is not a usable number`, withHint('pass a finite number'));
      }
      if (integers.has(key) && !Number.isInteger(value)) {
        failProp(scope, name, value, 'a whole number is expected', withHint(`pass an integer, e.g. ${Math.round(value)}`));
      }
    }
    if (booleans.has(key) && typeof value !== 'boolean') {
      failProp(scope, name, value, `true or false is expected, not ${typeName(value)}`, withHint('pass true or false, without quotes'));
    }
    if ((lists.has(key) || stringLists.has(key)) && !Array.isArray(value)) {
      failProp(scope, name, value, `a list is expected, not ${typeName(value)}`, withHint(listFix(value)));
    }
    if (stringLists.has(key)) {
      (value as unknown[]).forEach((element, i) => {
        if (typeof element !== 'string') {
          failProp(scope, `${name}[${i}]`, element, `a string is expected, not ${typeName(element)}`,
            withHint(typeof element === 'number' || typeof element === 'boolean' ? `quote it: "${element}"` : 'pass strings only'));
        }
      });
    }
    if ((objects.has(key) || stringMaps.has(key)) && !isPlainObject(value)) {
      failProp(scope, name, value, `an object is expected, not ${Array.isArray(value) ? 'a list' : typeName(value)}`, withHint('pass an object literal { ... }'));
    }
    if (stringMaps.has(key)) {
      for (const [k, v] of Object.entries(value as object)) {
        if (typeof v !== 'string') {
          failProp(scope, `${name}.${k}`, v, `a string is expected, not ${typeName(v)}`,
            withHint(typeof v === 'number' || typeof v === 'boolean' ? `quote it: "${v}"` : 'pass a string'));
        }
      }
    }
    const cls = spec.classes?.[key];
    if (cls) {
      const classes: readonly ClassRef[] = Array.isArray(cls) ? cls : [cls as ClassRef];
      if (!classes.some(c => value instanceof (c as any))) {
        const names = classes.map(c => c.name).join(' or ');
        failProp(scope, name, value,
          isPlainObject(value) ? `a plain object is not a ${names}` : `not a ${names}`,
          withHint(`create it with ${classFix(classes)}`));
      }
    }
    const enumRef = spec.enums?.[key];
    if (enumRef) {
      const members = Object.entries(enumRef.values).filter(([k]) => !/^\d+$/.test(k));
      if (!members.some(([, v]) => v === value)) {
        const near = typeof value === 'string' ? members.find(([, v]) => typeof v === 'string' && v.toLowerCase() === value.toLowerCase()) : undefined;
        failProp(scope, name, value, `not a ${enumRef.name}${near ? ` (values are case-sensitive: ${JSON.stringify(near[1])})` : ''}`,
          withHint(`use one of ${members.map(([k, v]) => `${enumRef.name}.${k} (${JSON.stringify(v)})`).join(', ')}`));
      }
    }
  }
}
