import { Construct } from 'constructs';
import { SECRET_FILE_NAME, SecretDelivery, SecretDeliveryMode, SECRETS_MOUNT_ROOT } from './delivery';
import { RotationSchedule, SecretReplica, SecretRotation } from './rotation';
import { createSecret } from '../aws/secrets';
import { childId, claimName } from '../core/claims';
import { fail } from '../core/errors';
import { plainObject } from '../core/kube-object';
import { fitName, MAX_LABEL_LENGTH } from '../core/names';
import { RemovalPolicy, validateRemovalPolicy } from '../core/removal-policy';
import { Grant, resolveGrantee } from '../identity/grant';
import { IGrantable } from '../identity/grantable';
import { registerArnEstimate } from '../identity/policy-merge';
import { PolicyStatement } from '../identity/policy-statement';
import { keyViaService } from '../kms/key-grants';
import { CONSTRUCT_PATH_ANNOTATION, MANAGED_BY } from '../network/labels';
import { Platform } from '../platform/platform';
import { WorkloadIdentityMode } from '../platform/workload-identity';
import { TLS_MOUNT_PATH } from '../tls/service-tls';
import type { ServiceWorkload } from '../workload/service-workload';

/**
 * Properties of a {@link ManagedSecret}.
 */
export interface ManagedSecretProps {
  /**
   * Name of the secret within its platform; the Secrets Manager name is `<platform>/<name>`.
   * Lower-case letters, digits and `-` (it also names the mount directory and Kubernetes
   * objects), at most 63 characters, not ending in `-` and six characters (Secrets Manager
   * would confuse that with an ARN suffix).
   *
   * @default - the construct id
   */
  readonly secretName?: string;
  /**
   * Description of the secret.
   *
   * @default - names the platform and the construct path
   */
  readonly description?: string;
  /**
   * Days Secrets Manager keeps a deleted secret recoverable (7 to 30).
   *
   * @default 30
   */
  readonly recoveryWindowInDays?: number;
  /**
   * Automatic rotation by a Lambda function.
   *
   * @default - no rotation
   */
  readonly rotation?: SecretRotation;
  /**
   * Regions the secret is replicated to, each with its own customer-managed key.
   *
   * @default - no replicas
   */
  readonly replicas?: SecretReplica[];
  /**
   * What happens to the secret when it leaves the Terraform configuration or must be replaced:
   * retained (Terraform refuses, `lifecycle.prevent_destroy`) or, with a reason, destroyed (into
   * the recovery window).
   *
   * @default - the platform's `removalPolicy` (RemovalPolicy.retain() unless the platform says otherwise)
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Options of {@link ManagedSecret.grantRead}.
 */
export interface SecretReadOptions {
  /**
   * How the secret reaches the pods.
   *
   * @default SecretDelivery.csiDriver()
   */
  readonly delivery?: SecretDelivery;
}

const NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const LAMBDA_ARN = /^arn:([a-z-]+):lambda:([a-z0-9-]+):(\d{12}):function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]+)?$/;
const KMS_KEY_ARN = /^arn:([a-z-]+):kms:([a-z0-9-]+):(\d{12}):key\/(mrk-)?[0-9a-f-]{32,36}$/;

/**
 * A secret in AWS Secrets Manager, encrypted with the platform key, that services read as a file.
 *
 * The library writes the secret's metadata only (`aws_secretsmanager_secret`, named
 * `<platform>/<name>`, with a recovery window, optional rotation and replicas); it never writes a
 * value, so no value is in the Terraform configuration or state. Set the value out of band, for
 * example:
 *
 * ```sh
 * aws secretsmanager put-secret-value --secret-id prod/orders-db --secret-string file://orders-db.json
 * ```
 *
 * or configure `rotation`, whose Lambda function generates the value (on the first rotation, right
 * after apply, unless `rotateImmediately` is false).
 *
 * `grantRead(service)` gives the service's role `secretsmanager:GetSecretValue` and
 * `secretsmanager:DescribeSecret` on this secret and `kms:Decrypt` on the platform key only through
 * Secrets Manager for this secret, and mounts the value read-only at
 * `/var/run/secrets/secure-constructs/<name>/value` (see {@link SecretDelivery}).
 *
 * @example
 * const dbPassword = new ManagedSecret(prod, 'orders-db');
 * dbPassword.grantRead(orders); // file: /var/run/secrets/secure-constructs/orders-db/value
 */
export class ManagedSecret extends Construct {
  /** The platform the secret belongs to. */
  public readonly platform: Platform;
  /** Name of the secret within its platform. */
  public readonly secretName: string;
  /** The secret's name in Secrets Manager: `<platform>/<name>`. */
  public readonly secretsManagerName: string;
  /** ARN of the secret (a Terraform reference). */
  public readonly secretArn: string;
  /** Directory where services mount the secret. */
  public readonly mountPath: string;
  /** The file that holds the secret's value in a service's pods. */
  public readonly filePath: string;

  private readonly readers = new Map<ServiceWorkload, SecretDeliveryMode>();

  constructor(scope: Construct, id: string, props: ManagedSecretProps = {}) {
    super(scope, childId(scope, id, 'ManagedSecret'));
    this.platform = Platform.of(this);
    this.secretName = this.validateName(props.secretName === undefined ? 'id' : 'secretName', props.secretName ?? id);
    this.secretsManagerName = `${this.platform.node.id}/${this.secretName}`;
    claimName(this, this, props.secretName === undefined ? 'id' : 'secretName', 'Secrets Manager secret', `${this.platform.account}/${this.platform.region}`, this.secretsManagerName);
    this.mountPath = `${SECRETS_MOUNT_ROOT}/${this.secretName}`;
    this.filePath = `${this.mountPath}/${SECRET_FILE_NAME}`;

    const recoveryWindowInDays = props.recoveryWindowInDays ?? 30;
    if (!Number.isInteger(recoveryWindowInDays) || recoveryWindowInDays < 7 || recoveryWindowInDays > 30) {
      fail(this, 'recoveryWindowInDays', props.recoveryWindowInDays, 'Secrets Manager keeps deleted secrets recoverable for 7 to 30 days', 'use a value from 7 to 30, e.g. 30');
    }
    const replicas = (props.replicas ?? []).map((r, i) => this.validateReplica(r, i));
    const rotation = props.rotation === undefined ? undefined : this.validateRotation(props.rotation);

    const { partition, region, account } = this.platform;
    this.secretArn = createSecret(this.platform._terraformScope(this), {
      name: this.secretsManagerName,
      description: props.description ?? `${this.node.path} (secure-constructs); value set out of band, never in Terraform`,
      kmsKeyArn: this.platform.key.keyArn,
      recoveryWindowInDays,
      removal: validateRemovalPolicy(this, 'removalPolicy', props.removalPolicy),
      replicas,
      rotation,
    });
    registerArnEstimate(this.secretArn, `arn:${partition}:secretsmanager:${region}:${account}:secret:${this.secretsManagerName}-AbCdEf`);
  }

  /**
   * Lets `grantee` (a service on this platform) read the secret, delivered as a read-only file
   * at {@link filePath}. Statements: `secretsmanager:GetSecretValue` and
   * `secretsmanager:DescribeSecret` on this secret; `kms:Decrypt` on the platform key with
   * `kms:ViaService` = Secrets Manager in the platform's region and
   * `kms:EncryptionContext:SecretARN` = this secret.
   *
   * The pod itself makes no AWS call (the CSI provider or the operator does, with the pod's
   * identity), so no egress is opened.
   */
  public grantRead(grantee: IGrantable, options: SecretReadOptions = {}): Grant {
    const service = resolveGrantee(this, 'grantRead', grantee);
    const delivery = options.delivery ?? SecretDelivery.csiDriver();
    if (!(delivery instanceof SecretDelivery)) {
      fail(this, 'grantRead(options.delivery)', delivery, 'not a SecretDelivery', 'use SecretDelivery.csiDriver() or SecretDelivery.externalSecrets()');
    }
    const previous = this.readers.get(service);
    if (previous !== undefined && previous !== delivery.mode) {
      fail(this, 'grantRead(options.delivery)', delivery.mode, `service "${service.path}" already reads this secret through ${previous}`, 'use one delivery per service and secret');
    }
    if (delivery.mode === SecretDeliveryMode.EXTERNAL_SECRETS && this.platform.workloadIdentity.mode !== WorkloadIdentityMode.IRSA) {
      fail(this, 'grantRead(options.delivery)', delivery.mode, 'External Secrets Operator authenticates as the service account with a web identity token, which needs IRSA; with EKS Pod Identity it could only use the operator\'s own role',
        'use SecretDelivery.csiDriver() (works with Pod Identity), or set workloadIdentity: WorkloadIdentity.irsa() on the Platform');
    }
    const statements = [
      new PolicyStatement({
        actions: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
        resources: [this.secretArn],
      }),
      keyViaService(this.platform, ['kms:Decrypt'], 'secretsmanager', { SecretARN: this.secretArn }),
    ];
    const grant = Grant._addToPrincipal(this, 'grantRead', grantee, statements, false);
    if (previous === undefined) {
      this.readers.set(service, delivery.mode);
      if (delivery.mode === SecretDeliveryMode.CSI_DRIVER) this.mountWithCsi(service);
      else this.mountWithExternalSecrets(service);
    }
    return grant;
  }

  private mountWithCsi(service: ServiceWorkload): void {
    const name = fitName(`${service.name}-${this.secretName}`, 253);
    const parameters: { [key: string]: string } = {
      region: this.platform.region,
      objects: [
        `- objectName: ${JSON.stringify(this.secretsManagerName)}`,
        '  objectType: "secretsmanager"',
        `  objectAlias: ${JSON.stringify(SECRET_FILE_NAME)}`,
        '',
      ].join('\n'),
    };
    if (this.platform.workloadIdentity.mode === WorkloadIdentityMode.POD_IDENTITY) parameters.usePodIdentity = 'true';
    plainObject(this.kubernetesScope(), 'SecretProviderClass', {
      apiVersion: 'secrets-store.csi.x-k8s.io/v1',
      kind: 'SecretProviderClass',
      metadata: this.metadata(service, name),
      spec: { provider: 'aws', parameters },
    });
    service.pod.addReadOnlyVolume({
      name: this.volumeName(),
      csi: { driver: 'secrets-store.csi.k8s.io', readOnly: true, volumeAttributes: { secretProviderClass: name } },
    }, this.mountPath);
  }

  private mountWithExternalSecrets(service: ServiceWorkload): void {
    const storeName = fitName(`${service.name}-secrets-manager`, 253);
    const serviceScope = service.kubernetesScope;
    if (!serviceScope.node.tryFindChild('SecretStore')) {
      plainObject(serviceScope, 'SecretStore', {
        apiVersion: 'external-secrets.io/v1',
        kind: 'SecretStore',
        metadata: this.metadata(service, storeName),
        spec: {
          provider: {
            aws: {
              service: 'SecretsManager',
              region: this.platform.region,
              auth: { jwt: { serviceAccountRef: { name: service.serviceAccountName } } },
            },
          },
        },
      });
    }
    const name = fitName(`${service.name}-${this.secretName}`, 253);
    plainObject(this.kubernetesScope(), 'ExternalSecret', {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: this.metadata(service, name),
      spec: {
        refreshInterval: '1h',
        secretStoreRef: { kind: 'SecretStore', name: storeName },
        target: { name, creationPolicy: 'Owner', deletionPolicy: 'Delete' },
        data: [{ secretKey: SECRET_FILE_NAME, remoteRef: { key: this.secretsManagerName } }],
      },
    });
    service.pod.addReadOnlyVolume({
      name: this.volumeName(),
      secret: { secretName: name, defaultMode: 0o440, optional: false },
    }, this.mountPath);
  }

  /**
   * The scope of the Kubernetes objects that deliver this secret to one reader (called once per
   * reader, from `grantRead`).
   *
   * The ids are ordinal (`Reader-1`, `Reader-2`, ... in grant order), not named after the
   * service: `constructs` keeps a construct's children in a plain object keyed by id, and V8
   * gives an object's first property name a hidden-class transition from the shared empty-object
   * class. With one such object per secret whose first key was unique (`Reader-<ns>-<svc>`),
   * about 1,500 secrets filled that transition table (V8 allows 1,536), after which every object
   * built from `{}` with a new key (cdk8s resolution, the `yaml` emitter's contexts, cdktf
   * resolution) got a hidden class of its own: synthesis became several times slower per service
   * and garbage-collector bound beyond that size. The scope's path appears in no output.
   */
  private kubernetesScope(): Construct {
    const scope = this.platform._kubernetesScope(this);
    return new Construct(scope, `Reader-${scope.node.children.length + 1}`);
  }

  private metadata(service: ServiceWorkload, name: string) {
    return {
      name,
      namespace: service.namespace,
      labels: { ...service.selectorLabels, 'app.kubernetes.io/part-of': this.platform.node.id, ...MANAGED_BY },
      annotations: { [CONSTRUCT_PATH_ANNOTATION]: this.node.path },
    };
  }

  private volumeName(): string {
    return fitName(`secret-${this.secretName}`, MAX_LABEL_LENGTH);
  }

  private validateName(property: string, name: unknown): string {
    if (typeof name !== 'string' || name.length > MAX_LABEL_LENGTH || !NAME.test(name)) {
      fail(this, property, name, 'not a valid secret name (lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)',
        'use a name such as "orders-db"');
    }
    if (`${SECRETS_MOUNT_ROOT}/${name}` === TLS_MOUNT_PATH) {
      fail(this, property, name, `a secret is mounted at ${SECRETS_MOUNT_ROOT}/<name>, and ${TLS_MOUNT_PATH} holds every service's TLS certificate`,
        'give the secret another name, e.g. "tls-client-key"');
    }
    if (/-[A-Za-z0-9]{6}$/.test(name)) {
      fail(this, property, name, 'Secrets Manager adds "-" and six characters to secret ARNs; a name ending like that is confused with an ARN when looked up',
        `change the last part, e.g. ${JSON.stringify(`${name}-v1`)}`);
    }
    return name;
  }

  private validateReplica(replica: SecretReplica, i: number): { region: string; kmsKeyArn: string } {
    const property = `replicas[${i}]`;
    if (!replica || typeof replica.region !== 'string' || !REGION.test(replica.region)) {
      fail(this, `${property}.region`, replica?.region, 'not an AWS region name', "use a region such as 'eu-central-1'");
    }
    if (replica.region === this.platform.region) {
      fail(this, `${property}.region`, replica.region, 'a replica in the secret\'s own region adds nothing', 'list only other regions');
    }
    const m = typeof replica.kmsKeyArn === 'string' ? KMS_KEY_ARN.exec(replica.kmsKeyArn) : null;
    if (!m || m[2] !== replica.region || m[3] !== this.platform.account) {
      fail(this, `${property}.kmsKeyArn`, replica.kmsKeyArn, `not the ARN of a KMS key in ${replica.region} of account ${this.platform.account}`,
        `pass a customer-managed key of the replica region, e.g. 'arn:${this.platform.partition}:kms:${replica.region}:${this.platform.account}:key/<key id>'`);
    }
    return { region: replica.region, kmsKeyArn: replica.kmsKeyArn };
  }

  private validateRotation(rotation: SecretRotation) {
    const m = typeof rotation?.rotationLambdaArn === 'string' ? LAMBDA_ARN.exec(rotation.rotationLambdaArn) : null;
    if (!m || m[2] !== this.platform.region || m[3] !== this.platform.account) {
      fail(this, 'rotation.rotationLambdaArn', rotation?.rotationLambdaArn, `not the ARN of a Lambda function in ${this.platform.region} of account ${this.platform.account}`,
        `pass 'arn:${this.platform.partition}:lambda:${this.platform.region}:${this.platform.account}:function:<name>'`);
    }
    if (!(rotation.schedule instanceof RotationSchedule)) {
      fail(this, 'rotation.schedule', rotation.schedule, 'not a RotationSchedule', 'use RotationSchedule.afterDays(30) or RotationSchedule.expression(\'rate(30 days)\')');
    }
    rotation.schedule._validate(this, 'rotation.schedule');
    return {
      lambdaArn: rotation.rotationLambdaArn,
      automaticallyAfterDays: rotation.schedule.automaticallyAfterDays,
      scheduleExpression: rotation.schedule.scheduleExpression,
      rotateImmediately: rotation.rotateImmediately ?? true,
    };
  }
}
