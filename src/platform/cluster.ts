/**
 * An EKS cluster the platform deploys to.
 */
export interface IEksCluster {
  /** The cluster's name. */
  readonly clusterName: string;
  /**
   * The cluster's OIDC issuer URL (`https://oidc.eks.<region>.amazonaws.com/id/<ID>`), needed for
   * IRSA only.
   *
   * @default - none; IRSA cannot be used
   */
  readonly oidcIssuerUrl?: string;
}

/**
 * Attributes of an existing EKS cluster.
 */
export interface EksClusterAttributes {
  /** The cluster's name. */
  readonly clusterName: string;
  /**
   * The cluster's OIDC issuer URL, needed for IRSA only.
   *
   * @default - none; IRSA cannot be used
   */
  readonly oidcIssuerUrl?: string;
}

/**
 * An existing EKS cluster. The library does not create clusters; it deploys workloads to one and
 * binds IAM roles to its service accounts.
 */
export class EksCluster {
  /** Refers to an existing cluster by its attributes. */
  public static fromAttributes(attrs: EksClusterAttributes): IEksCluster {
    return { clusterName: attrs.clusterName, oidcIssuerUrl: attrs.oidcIssuerUrl };
  }

  private constructor() {}
}
