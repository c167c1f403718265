import { IConstruct } from 'constructs';
import { fail } from '../core/errors';

/** The API group of cert-manager's own issuers. */
export const CERT_MANAGER_GROUP = 'cert-manager.io';

/**
 * Options of an issuer reference given by group, kind and name, for external issuers such as the
 * AWS Private CA issuer (`awspca.cert-manager.io`, `AWSPCAClusterIssuer`).
 */
export interface IssuerRefOptions {
  /**
   * API group of the issuer.
   *
   * @default 'cert-manager.io'
   */
  readonly group?: string;
  /** Kind of the issuer, e.g. `ClusterIssuer`, `Issuer` or `AWSPCAClusterIssuer`. Required. */
  readonly kind: string;
  /** Name of the issuer. */
  readonly name: string;
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const KIND = /^[A-Z][A-Za-z0-9]{0,62}$/;

/**
 * A reference to the cert-manager issuer that signs the services' certificates.
 *
 * @example
 * IssuerRef.clusterIssuer('corp-ca');
 * IssuerRef.of({ group: 'awspca.cert-manager.io', kind: 'AWSPCAClusterIssuer', name: 'prod-pca' });
 */
export class IssuerRef {
  /** A cert-manager `ClusterIssuer` (cluster-wide: serves every namespace). */
  public static clusterIssuer(name: string): IssuerRef {
    return new IssuerRef(CERT_MANAGER_GROUP, 'ClusterIssuer', name);
  }

  /**
   * A namespaced cert-manager `Issuer`. It signs only Certificates in its own namespace, so an
   * Issuer of this name must exist in every namespace that runs a service.
   */
  public static issuer(name: string): IssuerRef {
    return new IssuerRef(CERT_MANAGER_GROUP, 'Issuer', name);
  }

  /** Any issuer by group, kind and name (external issuers); the kind is required. */
  public static of(options: IssuerRefOptions): IssuerRef {
    return new IssuerRef(options?.group ?? CERT_MANAGER_GROUP, options?.kind, options?.name);
  }

  private constructor(
    /** API group of the issuer. */
    public readonly group: string,
    /** Kind of the issuer. */
    public readonly kind: string,
    /** Name of the issuer. */
    public readonly name: string,
  ) {}

  /**
   * Validates the reference for `scope`.
   * @internal
   */
  public _validate(scope: IConstruct, property: string): void {
    if (this.kind === undefined || this.kind === null || this.kind === '') {
      fail(scope, `${property}.kind`, this.kind, 'an issuer reference needs a kind: cert-manager would otherwise assume a namespaced Issuer, which exists in no service namespace',
        "pass IssuerRef.clusterIssuer('<name>'), or IssuerRef.of({ group: 'awspca.cert-manager.io', kind: 'AWSPCAClusterIssuer', name: '<name>' })");
    }
    if (typeof this.kind !== 'string' || !KIND.test(this.kind)) {
      fail(scope, `${property}.kind`, this.kind, 'not a Kubernetes kind (UpperCamelCase letters and digits)', "use a kind such as 'ClusterIssuer'");
    }
    if (typeof this.name !== 'string' || this.name.length > 253 || !DNS_SUBDOMAIN.test(this.name)) {
      fail(scope, `${property}.name`, this.name, 'not a valid issuer name (a DNS subdomain: lower-case letters, digits, "-" and ".")', "use the issuer's metadata.name, e.g. 'corp-ca'");
    }
    if (typeof this.group !== 'string' || this.group.length > 253 || !DNS_SUBDOMAIN.test(this.group)) {
      fail(scope, `${property}.group`, this.group, 'not an API group (a DNS subdomain)', "use e.g. 'cert-manager.io' or 'awspca.cert-manager.io'");
    }
  }

  /**
   * The `issuerRef` of a cert-manager Certificate.
   * @internal
   */
  public _toJson(): { group: string; kind: string; name: string } {
    return { group: this.group, kind: this.kind, name: this.name };
  }
}
