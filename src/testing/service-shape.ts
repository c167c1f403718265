/**
 * Recognises a service by its public shape, so the testing kit depends on no service class: a
 * construct with a `serviceName`, a `namespace` and the `selectorLabels` of its pods (a
 * `SecureMicroservice`, or any construct of yours that has them).
 */
import { IConstruct } from 'constructs';

/** What the matchers use of a service. */
export interface ServiceShape extends IConstruct {
  readonly serviceName: string;
  readonly namespace: string;
  readonly selectorLabels: { readonly [key: string]: string };
  /** The service account its pods run as (the service's name when absent). */
  readonly serviceAccountName?: string;
}

/** Whether `x` is a construct with a service's shape. */
export function isServiceShape(x: unknown): x is ServiceShape {
  if (!x || typeof x !== 'object') return false;
  const s = x as Partial<ServiceShape>;
  return typeof s.node === 'object' && s.node !== null && typeof s.node.path === 'string'
    && typeof s.serviceName === 'string' && typeof s.namespace === 'string'
    && !!s.selectorLabels && typeof s.selectorLabels === 'object'
    && Object.values(s.selectorLabels).every(v => typeof v === 'string')
    && (s.serviceAccountName === undefined || typeof s.serviceAccountName === 'string');
}

/** The service account of a service. */
export function serviceAccountOf(service: ServiceShape): string {
  return service.serviceAccountName ?? service.serviceName;
}
