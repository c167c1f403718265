/** How pods obtain AWS credentials. */
export enum WorkloadIdentityMode {
  /** EKS Pod Identity: an `aws_eks_pod_identity_association` binds the role on the AWS side. */
  POD_IDENTITY = 'POD_IDENTITY',
  /** IAM Roles for Service Accounts: a web-identity trust on the cluster's OIDC provider. */
  IRSA = 'IRSA',
}

/**
 * How pods obtain AWS credentials.
 *
 * EKS Pod Identity (the default) needs no value to cross from AWS to Kubernetes: the association
 * binds the role to one namespace and service account on the AWS side. IRSA needs the cluster's
 * OIDC issuer and annotates the ServiceAccount with the role ARN, computed at synth time.
 */
export class WorkloadIdentity {
  /** EKS Pod Identity (requires the EKS Pod Identity Agent add-on on the cluster). */
  public static podIdentity(): WorkloadIdentity {
    return new WorkloadIdentity(WorkloadIdentityMode.POD_IDENTITY);
  }

  /** IAM Roles for Service Accounts (requires `oidcIssuerUrl` on the cluster). */
  public static irsa(): WorkloadIdentity {
    return new WorkloadIdentity(WorkloadIdentityMode.IRSA);
  }

  private constructor(public readonly mode: WorkloadIdentityMode) {}
}
