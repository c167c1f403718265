import { IConstruct } from 'constructs';
import { IGrantable } from '../identity/grantable';
import type { Platform } from '../platform/platform';

/**
 * A service the library runs on a platform, as grants, connections and reports see it.
 * `SecureMicroservice` implements it.
 */
export interface IService extends IConstruct, IGrantable {
  /** The platform the service runs on. */
  readonly platform: Platform;
  /** Name of the Deployment, Service and ServiceAccount. */
  readonly serviceName: string;
  /** Namespace of the service. */
  readonly namespace: string;
  /** Port the service serves on. */
  readonly port: number;
  /** Name of the service's ServiceAccount. */
  readonly serviceAccountName: string;
  /** In-cluster DNS name of the service (`<name>.<namespace>.svc`). */
  readonly dnsName: string;
  /** Labels that select the service's pods. */
  readonly selectorLabels: { [key: string]: string };
}
