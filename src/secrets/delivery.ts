/** How a granted secret reaches the service's pods. */
export enum SecretDeliveryMode {
  /** Secrets Store CSI driver with the AWS provider (ASCP). */
  CSI_DRIVER = 'CSI_DRIVER',
  /** External Secrets Operator. */
  EXTERNAL_SECRETS = 'EXTERNAL_SECRETS',
}

/**
 * How a granted secret reaches the service's pods. Either way it arrives as a read-only file at
 * `/var/run/secrets/secure-constructs/<secret name>/value`, never as an environment variable, and
 * no Kubernetes `Secret` with data is written into the manifests.
 */
export class SecretDelivery {
  /**
   * The Secrets Store CSI driver with the AWS Secrets and Configuration Provider (ASCP): a
   * `SecretProviderClass` and a read-only CSI volume. The provider fetches the secret with the
   * pod's own identity (EKS Pod Identity, `usePodIdentity: "true"`, or IRSA) when the pod starts;
   * the value lives only in the pod's tmpfs mount. Needs the CSI driver and ASCP on the cluster.
   */
  public static csiDriver(): SecretDelivery {
    return new SecretDelivery(SecretDeliveryMode.CSI_DRIVER);
  }

  /**
   * External Secrets Operator (v1 API): a `SecretStore` that authenticates as the service's own
   * ServiceAccount (IRSA web identity; needs `WorkloadIdentity.irsa()`), an `ExternalSecret`
   * that the operator turns into a Kubernetes Secret in the cluster (not in the manifests), and a
   * read-only secret volume.
   */
  public static externalSecrets(): SecretDelivery {
    return new SecretDelivery(SecretDeliveryMode.EXTERNAL_SECRETS);
  }

  /** @param mode the delivery mechanism */
  private constructor(public readonly mode: SecretDeliveryMode) {}
}

/** Directory under which granted secrets are mounted, one sub-directory per secret. */
export const SECRETS_MOUNT_ROOT = '/var/run/secrets/secure-constructs';
/** Name of the file that holds the secret's value in its directory. */
export const SECRET_FILE_NAME = 'value';
