import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretRotation } from '@cdktf/provider-aws/lib/secretsmanager-secret-rotation';
import { Construct } from 'constructs';
import { declareExceptions, lifecycleFor, removalExceptions, removalFor } from './protection';
import { withoutTokenTraces } from './token-traces';
import { RemovalSettings } from '../core/removal-policy';

export interface SecretConfig {
  readonly name: string;
  readonly description: string;
  readonly kmsKeyArn: string;
  readonly recoveryWindowInDays: number;
  readonly replicas: Array<{ region: string; kmsKeyArn: string }>;
  readonly rotation?: {
    readonly lambdaArn: string;
    readonly automaticallyAfterDays?: number;
    readonly scheduleExpression?: string;
    readonly rotateImmediately: boolean;
  };
  /** What happens to the secret when it leaves the configuration; default: the platform's policy (retain). */
  readonly removal?: RemovalSettings;
}

/**
 * A Secrets Manager secret without a value: no `aws_secretsmanager_secret_version` is written, so
 * no value reaches the Terraform configuration or state. Protected from destruction
 * (`prevent_destroy`) unless its removal policy allows it. Returns the secret's ARN (a Terraform
 * reference).
 */
export function createSecret(scope: Construct, config: SecretConfig): string {
  return withoutTokenTraces(() => {
    const removal = removalFor(scope, config.removal);
    const secret = new SecretsmanagerSecret(scope, 'Resource', {
      name: config.name,
      description: config.description,
      kmsKeyId: config.kmsKeyArn,
      recoveryWindowInDays: config.recoveryWindowInDays,
      replica: config.replicas.length ? config.replicas.map(r => ({ region: r.region, kmsKeyId: r.kmsKeyArn })) : undefined,
      lifecycle: lifecycleFor(removal),
    });
    declareExceptions(secret, removalExceptions(removal));
    if (config.rotation) {
      new SecretsmanagerSecretRotation(scope, 'Rotation', {
        secretId: secret.id,
        rotationLambdaArn: config.rotation.lambdaArn,
        rotateImmediately: config.rotation.rotateImmediately,
        rotationRules: {
          automaticallyAfterDays: config.rotation.automaticallyAfterDays,
          scheduleExpression: config.rotation.scheduleExpression,
        },
      });
    }
    return secret.arn;
  });
}
