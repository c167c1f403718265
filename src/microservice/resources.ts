import { IConstruct } from 'constructs';
import { checkProps, failProp as fail, propKeys } from '../core/props';
import { compareQuantities, isFractionalBytes, parseQuantity, Quantity } from '../core/quantity';

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

/** The property names of {@link ContainerResources}. */
const CONTAINER_RESOURCES_KEYS = propKeys<ContainerResources>({
  cpuRequest: true, cpuLimit: true, memoryRequest: true, memoryLimit: true, ephemeralStorageRequest: true, ephemeralStorageLimit: true,
});

/**
 * Resolves defaults and checks every quantity: the Kubernetes grammar, not negative, limits above
 * zero (a zero limit means "no limit" to the kubelet), whole bytes for memory and storage, and
 * each request no larger than its limit, compared exactly across suffixes.
 */
export function resolveResources(scope: IConstruct, given: ContainerResources = {}): Required<ContainerResources> {
  checkProps(scope, 'resources', given, { knownKeys: CONTAINER_RESOURCES_KEYS });
  const r = { ...DEFAULT_RESOURCES, ...stripUndefined(given) };
  const pairs: Array<[keyof ContainerResources, keyof ContainerResources, boolean, string]> = [
    ['cpuRequest', 'cpuLimit', false, "'250m' or '1'"],
    ['memoryRequest', 'memoryLimit', true, "'256Mi'"],
    ['ephemeralStorageRequest', 'ephemeralStorageLimit', true, "'256Mi'"],
  ];
  for (const [req, lim, bytes, example] of pairs) {
    const parsed = [req, lim].map(key => quantityOf(scope, key, r[key], bytes, key === lim, example));
    if (compareQuantities(parsed[0], parsed[1]) > 0) {
      fail(scope, `resources.${req}`, r[req], `the request is larger than the limit (${r[lim]})`, `lower ${req} or raise ${lim}`);
    }
  }
  return r;
}

function quantityOf(scope: IConstruct, key: keyof ContainerResources, value: unknown, bytes: boolean, limit: boolean, example: string): Quantity {
  const property = `resources.${key}`;
  if (typeof value !== 'string') {
    fail(scope, property, value, `a quantity is a string, not ${value === null ? 'null' : Number.isNaN(value) ? 'NaN' : typeof value}`,
      typeof value === 'number' && Number.isFinite(value) ? `pass it as a string: '${value}'` : `use a quantity such as ${example}`);
  }
  const parsed = parseQuantity(value);
  if (!parsed.ok) fail(scope, property, value, parsed.problem, `use a quantity such as ${example}`);
  const q = parsed.quantity;
  if (q.milli < 0n) fail(scope, property, value, 'a resource quantity cannot be negative', `use a quantity such as ${example}`);
  if (limit && q.milli === 0n) {
    fail(scope, property, value, 'a zero limit means no limit at all to the kubelet', `set a limit above zero, such as ${example}`);
  }
  if (!bytes && q.suffix.endsWith('i')) {
    fail(scope, property, value, `CPU is counted in cores, and "${q.suffix}" is a binary suffix for bytes`, `use cores or millicores, such as ${example}`);
  }
  if (bytes && isFractionalBytes(q)) {
    if (q.suffix === 'm') {
      fail(scope, property, value, `the suffix "m" is milli: ${value} is ${q.milli} thousandths of a byte`, `use a binary suffix for mebibytes: '${value.slice(0, -1)}Mi'`);
    }
    fail(scope, property, value, 'not a whole number of bytes', `use whole bytes or a suffix that makes them whole, such as ${example}`);
  }
  return q;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
