import * as net from 'node:net';
import { IConstruct } from 'constructs';
import { fail } from './errors';

/**
 * IPv4 and IPv6 CIDR ranges: validation with `node:net`, exact arithmetic on BigInt, and the
 * question policy rules and constructs ask of a set of ranges: does it admit every address?
 */

/** An IP family. */
export type IpFamily = 'IPv4' | 'IPv6';

/** A parsed CIDR range. */
export interface Cidr {
  /** The range as written. */
  readonly text: string;
  readonly family: IpFamily;
  /** The prefix length. */
  readonly prefix: number;
  /** First address of the range. */
  readonly first: bigint;
  /** Last address of the range. */
  readonly last: bigint;
  /** The canonical form (host bits cleared, IPv6 compressed): `10.0.64.0/24`. */
  readonly canonical: string;
  /** Whether the address part has host bits set (`10.0.64.5/24`). */
  readonly hostBitsSet: boolean;
}

/** The outcome of parsing: a range, or what is wrong with the text. */
export type CidrParse = { readonly ok: true; readonly cidr: Cidr } | { readonly ok: false; readonly problem: string };

const BITS: { [f in IpFamily]: number } = { IPv4: 32, IPv6: 128 };

function ipv4ToBigInt(address: string): bigint {
  return address.split('.').reduce((n, octet) => n * 256n + BigInt(Number(octet)), 0n);
}

function ipv6ToBigInt(address: string): bigint {
  let text = address;
  // An embedded IPv4 tail (`::ffff:10.0.0.1`) becomes two groups.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const n = ipv4ToBigInt(v4[1]);
    text = `${text.slice(0, v4.index)}${(n / 65536n).toString(16)}:${(n % 65536n).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const groups = tail === undefined ? headGroups : [...headGroups, ...Array(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups];
  return groups.reduce((n, g) => n * 65536n + BigInt(parseInt(g, 16)), 0n);
}

function ipv4ToString(n: bigint): string {
  return [3n, 2n, 1n, 0n].map(i => ((n / 256n ** i) % 256n).toString()).join('.');
}

function ipv6ToString(n: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((n / 65536n ** BigInt(7 - i)) % 65536n));
  // RFC 5952: compress the longest run of two or more zero groups, the first one on a tie.
  let best = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) { best = i; bestLength = j - i; }
    i = j;
  }
  const hex = groups.map(g => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLength).join(':')}`;
}

/**
 * Parses an IPv4 or IPv6 CIDR (`10.0.64.0/24`, `2001:db8::/32`). The address is checked with
 * `net.isIPv4`/`net.isIPv6` (so `:::::/64`, `10.0.0.256/24` and zero-padded octets fail), zone
 * ids (`fe80::1%eth0`) are refused, and the prefix is a decimal within the family's bounds.
 */
export function parseCidr(value: unknown): CidrParse {
  if (typeof value !== 'string') return { ok: false, problem: 'not a string' };
  // The same few ranges are read again and again (every NetworkPolicy rule of every service names
  // the cluster's and the VPC's ranges): each text is parsed once. The results are frozen.
  let parsed = parsedCidrs.get(value);
  if (parsed === undefined) {
    if (parsedCidrs.size >= MAX_PARSED_CIDRS) parsedCidrs.clear();
    parsed = deepFreeze(parseCidrText(value));
    parsedCidrs.set(value, parsed);
  }
  return parsed;
}

/** The texts parsed so far and their results, up to a bound. */
const parsedCidrs = new Map<string, CidrParse>();
const MAX_PARSED_CIDRS = 4096;

function deepFreeze(result: CidrParse): CidrParse {
  if (result.ok) Object.freeze(result.cidr);
  return Object.freeze(result);
}

function parseCidrText(value: string): CidrParse {
  const slash = value.indexOf('/');
  if (slash < 0 || slash !== value.lastIndexOf('/')) return { ok: false, problem: 'not a CIDR of the form <address>/<prefix length>' };
  const address = value.slice(0, slash);
  const prefixText = value.slice(slash + 1);
  const family: IpFamily | undefined = net.isIPv4(address) ? 'IPv4' : net.isIPv6(address) && !address.includes('%') ? 'IPv6' : undefined;
  if (!family) return { ok: false, problem: `"${address}" is not an IPv4 or IPv6 address` };
  const bits = BITS[family];
  if (!/^(0|[1-9]\d{0,2})$/.test(prefixText) || Number(prefixText) > bits) {
    return { ok: false, problem: `the prefix length "${prefixText}" is not a number from 0 to ${bits}` };
  }
  const prefix = Number(prefixText);
  const n = family === 'IPv4' ? ipv4ToBigInt(address) : ipv6ToBigInt(address);
  const size = 2n ** BigInt(bits - prefix);
  const first = n - (n % size);
  const last = first + size - 1n;
  const canonical = `${family === 'IPv4' ? ipv4ToString(first) : ipv6ToString(first)}/${prefix}`;
  return { ok: true, cidr: { text: value, family, prefix, first, last, canonical, hostBitsSet: first !== n } };
}

/** Whether `value` is a valid CIDR (host bits may be set). */
export function isCidr(value: unknown): boolean {
  return parseCidr(value).ok;
}

/** An address range with exceptions, as in a NetworkPolicy `ipBlock`. */
export interface IpBlock {
  readonly cidr: string;
  readonly except?: readonly string[];
}

type Interval = [bigint, bigint];

function merge(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: Interval[] = [];
  for (const [lo, hi] of sorted) {
    const top = out[out.length - 1];
    if (top && lo <= top[1] + 1n) {
      if (hi > top[1]) top[1] = hi;
    } else {
      out.push([lo, hi]);
    }
  }
  return out;
}

function subtract(intervals: Interval[], holes: Interval[]): Interval[] {
  let current = intervals;
  for (const [hlo, hhi] of merge(holes)) {
    current = current.flatMap(([lo, hi]): Interval[] => {
      if (hhi < lo || hlo > hi) return [[lo, hi]];
      const parts: Interval[] = [];
      if (hlo > lo) parts.push([lo, hlo - 1n]);
      if (hhi < hi) parts.push([hhi + 1n, hi]);
      return parts;
    });
  }
  return current;
}

/** The merged address intervals of each family that `blocks` admit (invalid entries are skipped). */
export function addressIntervals(blocks: ReadonlyArray<string | IpBlock>): { [f in IpFamily]: Array<[bigint, bigint]> } {
  const result: { [f in IpFamily]: Interval[] } = { IPv4: [], IPv6: [] };
  for (const family of ['IPv4', 'IPv6'] as IpFamily[]) {
    const intervals: Interval[] = [];
    for (const block of blocks) {
      const b: IpBlock = typeof block === 'string' ? { cidr: block } : block;
      const parsed = parseCidr(b?.cidr);
      if (!parsed.ok || parsed.cidr.family !== family) continue;
      const holes = (Array.isArray(b.except) ? b.except : [])
        .map(e => parseCidr(e))
        .flatMap(p => (p.ok && p.cidr.family === family ? [[p.cidr.first, p.cidr.last] as Interval] : []));
      intervals.push(...subtract([[parsed.cidr.first, parsed.cidr.last]], holes));
    }
    result[family] = merge(intervals);
  }
  return result;
}

/**
 * The families whose every address `blocks` admit, together: `['0.0.0.0/0']`,
 * `['0.0.0.0/1', '128.0.0.0/1']` and `['::/1', '8000::/1']` are open; an `except` that leaves a
 * hole closes it. Empty when no family is fully covered.
 */
export function openFamilies(blocks: ReadonlyArray<string | IpBlock>): IpFamily[] {
  const intervals = addressIntervals(blocks);
  return (['IPv4', 'IPv6'] as IpFamily[]).filter(f => {
    const list = intervals[f];
    return list.length === 1 && list[0][0] === 0n && list[0][1] === 2n ** BigInt(BITS[f]) - 1n;
  });
}

/** Whether `blocks` together admit every IPv4 address or every IPv6 address. */
export function coversEverything(blocks: ReadonlyArray<string | IpBlock>): boolean {
  return openFamilies(blocks).length > 0;
}

/**
 * Whether `address` falls in one of `cidrs` (checked with `net.BlockList`; invalid ranges are
 * skipped). Useful to ask whether a set of ranges reaches, say, the instance metadata address.
 */
export function rangesContain(cidrs: readonly string[], address: string): boolean {
  const family = net.isIPv4(address) ? 'ipv4' : net.isIPv6(address) ? 'ipv6' : undefined;
  if (!family) return false;
  const list = new net.BlockList();
  for (const c of cidrs) {
    const parsed = parseCidr(c);
    if (!parsed.ok) continue;
    const [base] = parsed.cidr.canonical.split('/');
    list.addSubnet(base, parsed.cidr.prefix, parsed.cidr.family === 'IPv4' ? 'ipv4' : 'ipv6');
  }
  return list.check(address, family);
}

/** Options of {@link validateCidrList}. */
export interface CidrListOptions {
  /** Fix shown when the ranges together open every address. */
  readonly openFix: string;
  /** What the ranges admit, for messages (`egress`, `ingress`). */
  readonly what: string;
}

/**
 * Validates one CIDR for `property`: a valid IPv4/IPv6 range in canonical form (no host bits set),
 * not a /0. Returns it unchanged.
 */
export function validateCidrValue(scope: IConstruct | string, property: string, value: unknown, openFix: string, what = 'traffic'): string {
  const parsed = parseCidr(value);
  if (!parsed.ok) {
    fail(scope, property, value, `not an IPv4 or IPv6 CIDR: ${parsed.problem}`, 'use a range such as "10.0.64.0/24" or "2001:db8:1::/64"');
  }
  const cidr = parsed.cidr;
  if (cidr.prefix === 0) {
    fail(scope, property, value, `a /0 range opens ${what} to every ${cidr.family} address and defeats segmentation`, openFix);
  }
  if (cidr.hostBitsSet) {
    fail(scope, property, value, `host bits are set: the range is ${cidr.canonical}, and an address inside it reads as if only that address were meant`,
      `write the range as "${cidr.canonical}", or the single address as "${cidr.text.split('/')[0]}/${cidr.family === 'IPv4' ? 32 : 128}"`);
  }
  return value as string;
}

/**
 * Validates a list of CIDRs for `property`: an array (not a string), each entry valid (see
 * {@link validateCidrValue}, reported as `property[i]`), and together not covering every address of
 * a family (`0.0.0.0/1` + `128.0.0.0/1`). Returns a copy; `undefined` gives `[]`.
 */
export function validateCidrList(scope: IConstruct | string, property: string, value: unknown, options: CidrListOptions): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    fail(scope, property, value, typeof value === 'string' ? 'a list of CIDRs is expected, not a single string' : 'not a list of CIDRs',
      typeof value === 'string' ? `wrap it in a list: [${JSON.stringify(value)}]` : 'pass a list such as ["10.0.64.0/24"]');
  }
  const list = value.map((c, i) => validateCidrValue(scope, `${property}[${i}]`, c, options.openFix, options.what));
  const open = openFamilies(list);
  if (open.length > 0) {
    fail(scope, property, value, `together the ranges cover every ${open.join(' and every ')} address, which opens ${options.what} as a /0 would`, options.openFix);
  }
  return list;
}
