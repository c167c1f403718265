import { IConstruct } from 'constructs';

/**
 * Details of a configuration error.
 */
export interface ConfigurationErrorDetails {
  /** Path of the construct that received the value, e.g. `prod/orders`. */
  readonly constructPath: string;
  /** Property that holds the bad value, e.g. `image` or `cluster.oidcIssuerUrl`. */
  readonly property: string;
  /** The value received, rendered as text. */
  readonly value: string;
  /** What is wrong with the value. */
  readonly problem: string;
  /** How to fix it. */
  readonly fix: string;
}

/**
 * Tells errors of this library apart from others.
 */
export class Errors {
  /**
   * Whether `x` is a {@link ConfigurationErrorDetails}-carrying error thrown for bad input. Its
   * `name` is `ConfigurationError`; its message names the construct path, the property, the value
   * received and the fix.
   */
  public static isConfigurationError(x: any): boolean {
    return x instanceof ConfigurationError;
  }

  private constructor() {}
}

/**
 * The one error type thrown for bad input (import it from `secure-constructs/lib/core/errors`
 * in TypeScript; other languages use `Errors.isConfigurationError`).
 *
 * Its message names the construct path, the property, the value received, what is wrong and how
 * to fix it:
 *
 * ```text
 * [prod/orders] image: received "nginx:latest": the image is not pinned by digest.
 *   Fix: use "<name>@sha256:<64 hex>", or pass optOuts: [OptOut.unpinnedImage('<reason>')].
 * ```
 */
export class ConfigurationError extends Error {
  /** Path of the construct that received the value. */
  public readonly constructPath: string;
  /** Property that holds the bad value. */
  public readonly property: string;
  /** The value received, rendered as text. */
  public readonly value: string;
  /** What is wrong with the value. */
  public readonly problem: string;
  /** How to fix it. */
  public readonly fix: string;

  constructor(details: ConfigurationErrorDetails) {
    super(`[${details.constructPath}] ${details.property}: received ${details.value}: ${details.problem}.\n  Fix: ${details.fix}`);
    this.name = 'ConfigurationError';
    this.constructPath = details.constructPath;
    this.property = details.property;
    this.value = details.value;
    this.problem = details.problem;
    this.fix = details.fix;
    Object.setPrototypeOf(this, ConfigurationError.prototype);
  }
}

/** Renders a received value for an error message. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing (undefined)';
  if (typeof value === 'string') return JSON.stringify(value);
  // NaN and Infinity as themselves (JSON would write null), also inside objects and lists.
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'symbol') return String(value);
  if (typeof value === 'function') return `a function${value.name ? ` (${value.name})` : ''}`;
  try {
    return JSON.stringify(value, (_key, v) => ((typeof v === 'number' && !Number.isFinite(v)) || typeof v === 'bigint' ? String(v) : v)) ?? String(value);
  } catch {
    return String(value);
  }
}

/** The logical path of a construct as users see it (`prod/orders`). */
export function pathOf(scope: IConstruct): string {
  return scope.node.path || '<root>';
}

/** Throws a {@link ConfigurationError} for `scope`. */
export function fail(scope: IConstruct | string, property: string, value: unknown, problem: string, fix: string): never {
  throw new ConfigurationError({
    constructPath: typeof scope === 'string' ? scope : pathOf(scope),
    property,
    value: show(value),
    problem,
    fix,
  });
}
