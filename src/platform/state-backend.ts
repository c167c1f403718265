/**
 * Options for Terraform state in S3.
 */
export interface S3StateBackendOptions {
  /** Name of the S3 bucket that holds the state. */
  readonly bucket: string;
  /**
   * Object key of the state file.
   *
   * @default `<platform id>/terraform.tfstate`
   */
  readonly key?: string;
  /**
   * Region of the bucket.
   *
   * @default - the platform's region
   */
  readonly region?: string;
  /**
   * KMS key (ARN or id) used to encrypt the state object; server-side encryption is always on.
   *
   * @default - the bucket's default encryption
   */
  readonly kmsKeyId?: string;
  /**
   * DynamoDB table for state locking.
   *
   * @default - S3-native locking (`use_lockfile`, Terraform 1.10 or later)
   */
  readonly dynamodbTable?: string;
}

/**
 * Where Terraform keeps the platform's state.
 */
export class StateBackend {
  /** Encrypted S3 state with locking. */
  public static s3(options: S3StateBackendOptions): StateBackend {
    return new StateBackend('s3', options);
  }

  /** Local state files (Terraform's default); for experiments only. */
  public static local(): StateBackend {
    return new StateBackend('local');
  }

  private constructor(
    /** The backend kind: `s3` or `local`. */
    public readonly kind: string,
    /** S3 options, for the `s3` kind. */
    public readonly s3Options?: S3StateBackendOptions,
  ) {}
}
