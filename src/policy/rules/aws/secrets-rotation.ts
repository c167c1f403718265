import { blocks, resourceRule, resourcesDesignating } from './util';
import { Severity } from '../../model';

/** Secrets Manager: secrets rotate automatically. */
export const SECRETS_ROTATION = resourceRule({
  id: 'AWS-031',
  severity: Severity.WARNING,
  title: 'Secrets Manager secrets rotate automatically',
  description: 'A secret that never changes stays valid wherever it leaked: logs, laptops, former employees. An `aws_secretsmanager_secret_rotation` with a rotation Lambda function and a schedule replaces it regularly.',
  fix: 'Add `aws_secretsmanager_secret_rotation` for the secret with `rotation_lambda_arn` and `rotation_rules { automatically_after_days = 30 }` (ManagedSecret: `rotation: { rotationLambdaArn, schedule: RotationSchedule.afterDays(30) }`).',
}, ['aws_secretsmanager_secret'], (secret, input) => {
  if (blocks(secret.config?.rotation_rules).length > 0 && typeof secret.config?.rotation_lambda_arn === 'string') return [];
  const rotations = resourcesDesignating(input, 'aws_secretsmanager_secret_rotation', 'secret_id', secret, ['name', 'arn'])
    .filter(r => r.stack === secret.stack);
  return rotations.length > 0 ? [] : ['has no automatic rotation (no aws_secretsmanager_secret_rotation)'];
});
