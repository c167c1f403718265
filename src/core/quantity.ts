/**
 * Kubernetes resource quantities (`k8s.io/apimachinery/pkg/api/resource.Quantity`), parsed by
 * the API server's grammar and compared exactly:
 *
 * ```text
 * <quantity>        ::= <signedNumber><suffix>
 * <signedNumber>    ::= <number> | <sign><number>
 * <number>          ::= <digits> | <digits>.<digits> | <digits>. | .<digits>
 * <suffix>          ::= <binarySI> | <decimalExponent> | <decimalSI>
 * <binarySI>        ::= Ki | Mi | Gi | Ti | Pi | Ei
 * <decimalSI>       ::= m | "" | k | M | G | T | P | E
 * <decimalExponent> ::= "e" <signedNumber> | "E" <signedNumber>
 * ```
 *
 * The API server caps values above 2^63-1 and rounds precision finer than a thousandth (`0.1m`
 * becomes `1m`); both are refused here, so a quantity that parses is exactly what the cluster
 * uses. Values are held as BigInt counts of thousandths (milli-units).
 */

/** A parsed quantity. */
export interface Quantity {
  /** The quantity as written. */
  readonly text: string;
  /** Its exact value in thousandths of the unit (`1500m` and `1.5` are both 1500n). */
  readonly milli: bigint;
  /** The suffix as written (`''`, `m`, `Mi`, `e3`...). */
  readonly suffix: string;
}

/** The outcome of parsing: a quantity, or what is wrong with the text. */
export type QuantityParse = { readonly ok: true; readonly quantity: Quantity } | { readonly ok: false; readonly problem: string };

const GRAMMAR = /^([+-]?)(\d+\.?\d*|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?\d+|m|k|M|G|T|P|E)?$/;

const DECIMAL: { [suffix: string]: number } = { 'm': -3, '': 0, 'k': 3, 'M': 6, 'G': 9, 'T': 12, 'P': 15, 'E': 18 };
const BINARY: { [suffix: string]: bigint } = { Ki: 10n, Mi: 20n, Gi: 30n, Ti: 40n, Pi: 50n, Ei: 60n };

/** Largest magnitude the API server keeps without capping. */
export const MAX_QUANTITY_MILLI = (2n ** 63n - 1n) * 1000n;

/**
 * Parses a quantity by the Kubernetes grammar: `100m`, `0.5`, `.5`, `1e3`, `1E-3`, `128Mi`,
 * `.5Gi`, `+2`, `-1` (negative values parse; callers decide whether they make sense).
 */
export function parseQuantity(value: unknown): QuantityParse {
  if (typeof value !== 'string') return { ok: false, problem: 'a quantity is a string, such as "500m" or "256Mi"' };
  const m = GRAMMAR.exec(value);
  if (!m) return { ok: false, problem: 'not a Kubernetes quantity (<number><suffix>, the suffix one of m, k, M, G, T, P, E, Ki, Mi, Gi, Ti, Pi, Ei or an exponent e<n>)' };
  const [, sign, number, suffix = ''] = m;
  const [whole, fraction = ''] = number.split('.');
  const digits = BigInt(`${whole}${fraction}` || '0');
  let exponent10 = -fraction.length + 3; // in thousandths
  let exponent2 = 0n;
  if (suffix in DECIMAL) {
    exponent10 += DECIMAL[suffix];
  } else if (suffix in BINARY) {
    exponent2 = BINARY[suffix];
  } else {
    const e = Number(suffix.slice(1));
    if (!Number.isSafeInteger(e) || Math.abs(e) > 1000) return { ok: false, problem: 'the exponent is out of range' };
    exponent10 += e;
  }
  let milli: bigint;
  if (digits === 0n) {
    milli = 0n;
  } else if (exponent10 >= 0) {
    // A quick bound before computing large powers: more than 23 decimal digits exceed the cap.
    if (String(digits).length + exponent10 > 60) return { ok: false, problem: 'larger than the API server keeps (2^63-1): it would be capped' };
    milli = digits * 10n ** BigInt(exponent10) * 2n ** exponent2;
  } else {
    const divisor = 10n ** BigInt(-exponent10);
    const scaled = digits * 2n ** exponent2;
    if (scaled % divisor !== 0n) {
      return { ok: false, problem: 'more precise than a thousandth of the unit (1m): the API server would round it up' };
    }
    milli = scaled / divisor;
  }
  if (milli > MAX_QUANTITY_MILLI) return { ok: false, problem: 'larger than the API server keeps (2^63-1): it would be capped' };
  return { ok: true, quantity: { text: value, milli: sign === '-' ? -milli : milli, suffix } };
}

/** Whether `value` is a valid quantity. */
export function isQuantity(value: unknown): boolean {
  return parseQuantity(value).ok;
}

/** Compares two quantities exactly: negative when `a < b`, 0 when equal, positive when `a > b`. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  return a.milli < b.milli ? -1 : a.milli > b.milli ? 1 : 0;
}

/** Whether a quantity counts bytes as a fraction (`128m` of memory is 0.128 bytes). */
export function isFractionalBytes(q: Quantity): boolean {
  return q.milli % 1000n !== 0n;
}
