import { IConstruct } from 'constructs';
import { IssuerRef } from './issuer-ref';
import { fail } from '../core/errors';
import { validateDnsLabel } from '../core/names';

/** Who encrypts service-to-service traffic. */
export enum ServiceTlsMode {
  /** Every service serves HTTPS with its own cert-manager certificate. */
  CERT_MANAGER = 'cert-manager',
  /** The service mesh encrypts every hop with mutual TLS; services serve plain HTTP to their proxy. */
  MESH = 'mesh',
}

/** Lifetime of a service certificate: 90 days. */
export const CERTIFICATE_DURATION = '2160h';
/** A service certificate is renewed 30 days before it expires. */
export const CERTIFICATE_RENEW_BEFORE = '720h';
/** Where a service's certificate, key and CA bundle are mounted (read-only). */
export const TLS_MOUNT_PATH = '/var/run/secrets/secure-constructs/tls';

/**
 * Options of cert-manager TLS.
 */
export interface CertManagerTlsOptions {
  /**
   * The issuer that signs the services' certificates.
   *
   * @default - a private CA chain created by the library: a self-signed ClusterIssuer
   * `<platform>-selfsigned`, a CA Certificate `<platform>-ca` (ECDSA P-256) in `caNamespace`, and a
   * CA ClusterIssuer `<platform>-ca`
   */
  readonly issuer?: IssuerRef;
  /**
   * Namespace of the private CA's Certificate and key Secret: cert-manager's "cluster resource
   * namespace", where ClusterIssuers of type CA look for their secret. Only used without `issuer`.
   *
   * @default 'cert-manager'
   */
  readonly caNamespace?: string;
  /**
   * The cluster's DNS domain, the suffix of the last DNS name in each certificate.
   *
   * @default 'cluster.local'
   */
  readonly clusterDomain?: string;
}

/**
 * How service-to-service traffic is encrypted.
 *
 * @example
 * new Platform(app, 'prod', { ..., tls: ServiceTls.certManager({ issuer: IssuerRef.clusterIssuer('corp-ca') }) });
 */
export class ServiceTls {
  /**
   * Application TLS with cert-manager (the default without a mesh): each service gets a
   * Certificate for its in-cluster names, mounted read-only at {@link TLS_MOUNT_PATH}.
   */
  public static certManager(options: CertManagerTlsOptions = {}): ServiceTls {
    return new ServiceTls(ServiceTlsMode.CERT_MANAGER, options ?? {}, true);
  }

  /**
   * TLS is the mesh's mutual TLS (the default with a mesh). Requires `mesh` on the Platform.
   */
  public static mesh(): ServiceTls {
    return new ServiceTls(ServiceTlsMode.MESH, {}, true);
  }

  /**
   * The setting a platform uses when `tls` is not given.
   * @internal
   */
  public static _default(meshed: boolean): ServiceTls {
    return new ServiceTls(meshed ? ServiceTlsMode.MESH : ServiceTlsMode.CERT_MANAGER, {}, false);
  }

  /** Who encrypts. */
  public readonly mode: ServiceTlsMode;
  /** The issuer given, if any (cert-manager mode). */
  public readonly issuer?: IssuerRef;
  /** Namespace of the private CA (cert-manager mode). */
  public readonly caNamespace: string;
  /** The cluster's DNS domain. */
  public readonly clusterDomain: string;
  /**
   * Whether the user chose this setting (not the default).
   * @internal
   */
  public readonly _explicit: boolean;

  private constructor(mode: ServiceTlsMode, options: CertManagerTlsOptions, explicit: boolean) {
    this.mode = mode;
    this.issuer = options.issuer;
    this.caNamespace = options.caNamespace ?? 'cert-manager';
    this.clusterDomain = options.clusterDomain ?? 'cluster.local';
    this._explicit = explicit;
  }

  /**
   * Validates the options for `scope` (a Platform).
   * @internal
   */
  public _validate(scope: IConstruct, property: string): void {
    if (this.issuer !== undefined) {
      if (!(this.issuer instanceof IssuerRef)) {
        fail(scope, `${property}.issuer`, this.issuer, 'not an IssuerRef', "use IssuerRef.clusterIssuer('<name>') or IssuerRef.of({ group, kind, name })");
      }
      this.issuer._validate(scope, `${property}.issuer`);
    }
    validateDnsLabel(scope, `${property}.caNamespace`, this.caNamespace);
    const domain = this.clusterDomain;
    if (typeof domain !== 'string' || domain.length > 253 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(domain)) {
      fail(scope, `${property}.clusterDomain`, domain, 'not a DNS domain', "use the cluster's domain, normally 'cluster.local'");
    }
  }
}
