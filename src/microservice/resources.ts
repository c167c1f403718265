import { IConstruct } from 'constructs';
import { fail } from '../core/errors';

/**
 * Compute resources of the service's container. Every value is a Kubernetes quantity.
 */
export interface ContainerResources {
  /**
   * CPU request.
   * @default '100m'
   */
  readonly cpuRequest?: string;
  /**
   * CPU limit.
   * @default '500m'
   */
  readonly cpuLimit?: string;
  /**
   * Memory request.
   * @default '128Mi'
   */
  readonly memoryRequest?: string;
  /**
   * Memory limit.
   * @default '256Mi'
   */
  readonly memoryLimit?: string;
  /**
   * Ephemeral storage request.
   * @default '64Mi'
   */
  readonly ephemeralStorageRequest?: string;
  /**
   * Ephemeral storage limit (includes the writable `/tmp`).
   * @default '256Mi'
   */
  readonly ephemeralStorageLimit?: string;
}

export const DEFAULT_RESOURCES: Required<ContainerResources> = {
  cpuRequest: '100m',
  cpuLimit: '500m',
  memoryRequest: '128Mi',
  memoryLimit: '256Mi',
  ephemeralStorageRequest: '64Mi',
  ephemeralStorageLimit: '256Mi',
};

const CPU = /^(\d+(\.\d+)?|\d+m)$/;
const BYTES = /^\d+(\.\d+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;
const FACTORS: { [suffix: string]: number } = {
  'm': 1e-3,
  '': 1,
  'k': 1e3,
  'M': 1e6,
  'G': 1e9,
  'T': 1e12,
  'P': 1e15,
  'E': 1e18,
  'Ki': 2 ** 10,
  'Mi': 2 ** 20,
  'Gi': 2 ** 30,
  'Ti': 2 ** 40,
  'Pi': 2 ** 50,
  'Ei': 2 ** 60,
};

function amount(quantity: string): number {
  const m = /^(\d+(?:\.\d+)?)([a-zA-Z]*)$/.exec(quantity)!;
  return Number(m[1]) * FACTORS[m[2]];
}

/** Resolves defaults and checks that every quantity parses and no request exceeds its limit. */
export function resolveResources(scope: IConstruct, given: ContainerResources = {}): Required<ContainerResources> {
  const r = { ...DEFAULT_RESOURCES, ...stripUndefined(given) };
  const pairs: Array<[keyof ContainerResources, keyof ContainerResources, RegExp, string]> = [
    ['cpuRequest', 'cpuLimit', CPU, "'250m' or '1'"],
    ['memoryRequest', 'memoryLimit', BYTES, "'256Mi'"],
    ['ephemeralStorageRequest', 'ephemeralStorageLimit', BYTES, "'256Mi'"],
  ];
  for (const [req, lim, re, example] of pairs) {
    for (const key of [req, lim]) {
      if (typeof r[key] !== 'string' || !re.test(r[key])) {
        fail(scope, `resources.${key}`, r[key], 'not a Kubernetes quantity', `use a quantity such as ${example}`);
      }
    }
    if (amount(r[req]) > amount(r[lim])) {
      fail(scope, `resources.${req}`, r[req], `the request is larger than the limit (${r[lim]})`, `lower ${req} or raise ${lim}`);
    }
  }
  return r;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
