import { IConstruct } from 'constructs';
import { fail } from '../core/errors';
import { validateDnsLabel } from '../core/names';

/** How Istio intercepts a namespace's traffic. */
export enum MeshDataPlane {
  /** An Envoy sidecar in every pod (`istio-injection: enabled`, or `istio.io/rev` with a revision). */
  SIDECAR = 'sidecar',
  /** Ambient mode: the node's ztunnel (`istio.io/dataplane-mode: ambient`). */
  AMBIENT = 'ambient',
}

/**
 * Options of the Istio mesh.
 */
export interface IstioMeshOptions {
  /**
   * Sidecar or ambient data plane, chosen per namespace by label.
   *
   * @default MeshDataPlane.SIDECAR
   */
  readonly dataPlane?: MeshDataPlane;
  /**
   * The mesh's trust domain, the first part of every SPIFFE principal.
   *
   * @default 'cluster.local'
   */
  readonly trustDomain?: string;
  /**
   * An Istio revision: namespaces are labelled `istio.io/rev: <revision>` instead of
   * `istio-injection: enabled` (sidecar mode only).
   *
   * @default - the default revision
   */
  readonly revision?: string;
  /**
   * Namespace where istiod runs (pods labelled `app: istiod`); sidecars reach it on 15012.
   *
   * @default 'istio-system'
   */
  readonly istiodNamespace?: string;
}

const TRUST_DOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * A service mesh that encrypts and authenticates every hop with mutual TLS.
 *
 * In mesh mode, every namespace the library creates is enrolled in the mesh and gets a
 * `PeerAuthentication` with mTLS STRICT; every service gets an `AuthorizationPolicy` that allows
 * only the SPIFFE identities of the services declared with `connectTo`.
 */
export class ServiceMesh {
  /** Istio, with a sidecar or ambient data plane. */
  public static istio(options: IstioMeshOptions = {}): ServiceMesh {
    return new ServiceMesh(options ?? {});
  }

  /** The data plane. */
  public readonly dataPlane: MeshDataPlane;
  /** The trust domain. */
  public readonly trustDomain: string;
  /** The Istio revision, if any. */
  public readonly revision?: string;
  /** Namespace of istiod. */
  public readonly istiodNamespace: string;

  private constructor(options: IstioMeshOptions) {
    this.dataPlane = options.dataPlane ?? MeshDataPlane.SIDECAR;
    this.trustDomain = options.trustDomain ?? 'cluster.local';
    this.revision = options.revision;
    this.istiodNamespace = options.istiodNamespace ?? 'istio-system';
  }

  /**
   * Validates the options for `scope` (a Platform).
   * @internal
   */
  public _validate(scope: IConstruct, property: string): void {
    if (!Object.values(MeshDataPlane).includes(this.dataPlane)) {
      fail(scope, `${property}.dataPlane`, this.dataPlane, 'not a MeshDataPlane', 'use MeshDataPlane.SIDECAR or MeshDataPlane.AMBIENT');
    }
    if (typeof this.trustDomain !== 'string' || this.trustDomain.length > 253 || !TRUST_DOMAIN.test(this.trustDomain)) {
      fail(scope, `${property}.trustDomain`, this.trustDomain, 'not a trust domain (a DNS name)', "use the mesh's trust domain, normally 'cluster.local'");
    }
    if (this.revision !== undefined) {
      validateDnsLabel(scope, `${property}.revision`, this.revision);
      if (this.dataPlane !== MeshDataPlane.SIDECAR) {
        fail(scope, `${property}.revision`, this.revision, 'revisions select sidecar injection; ambient namespaces are enrolled with istio.io/dataplane-mode',
          'remove the revision, or use MeshDataPlane.SIDECAR');
      }
    }
    validateDnsLabel(scope, `${property}.istiodNamespace`, this.istiodNamespace);
  }

  /**
   * The SPIFFE principal of a service account, as AuthorizationPolicies name it.
   */
  public principal(namespace: string, serviceAccount: string): string {
    return `${this.trustDomain}/ns/${namespace}/sa/${serviceAccount}`;
  }

  /**
   * Labels that enrol a namespace in the mesh.
   * @internal
   */
  public _namespaceLabels(): { [key: string]: string } {
    if (this.dataPlane === MeshDataPlane.AMBIENT) return { 'istio.io/dataplane-mode': 'ambient' };
    return this.revision ? { 'istio.io/rev': this.revision } : { 'istio-injection': 'enabled' };
  }
}

/** Port of istiod's xDS and certificate service (sidecars connect to it). */
export const ISTIOD_PORT = 15012;
/** Pod labels of istiod. */
export const ISTIOD_LABELS = { app: 'istiod' };
/** Port of HBONE, the tunnel between ztunnels in ambient mode. */
export const HBONE_PORT = 15008;

