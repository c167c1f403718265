import { IConstruct } from 'constructs';
import { fail } from '../core/errors';

/**
 * When Secrets Manager rotates a secret.
 */
export class RotationSchedule {
  /**
   * Every `days` days (1 to 1000).
   */
  public static afterDays(days: number): RotationSchedule {
    return new RotationSchedule(days, undefined);
  }

  /**
   * A Secrets Manager schedule expression: `rate(<n> hours)` (4 or more hours), `rate(<n> days)`
   * (1 to 1000 days) or `cron(<6 fields>)`.
   */
  public static expression(expression: string): RotationSchedule {
    return new RotationSchedule(undefined, expression);
  }

  /**
   * @param automaticallyAfterDays days between rotations, or undefined for an expression
   * @param scheduleExpression the schedule expression, or undefined for a number of days
   */
  private constructor(public readonly automaticallyAfterDays?: number, public readonly scheduleExpression?: string) {}

  /** @internal */
  public _validate(scope: IConstruct, property: string): void {
    if (this.scheduleExpression === undefined) {
      const days = this.automaticallyAfterDays;
      if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > 1000) {
        fail(scope, property, days, 'Secrets Manager rotates every 1 to 1000 days', 'use RotationSchedule.afterDays(30), for example');
      }
      return;
    }
    const e = this.scheduleExpression;
    const rate = typeof e === 'string' ? /^rate\((\d+) (hours?|days?)\)$/.exec(e) : null;
    if (rate) {
      const n = Number(rate[1]);
      const hours = rate[2].startsWith('hour');
      if (hours ? n < 4 || n > 24000 : n < 1 || n > 1000) {
        fail(scope, property, e, 'a rotation rate must be between 4 hours and 1000 days', "use, e.g., 'rate(30 days)' or 'rate(12 hours)'");
      }
      return;
    }
    if (typeof e !== 'string' || !/^cron\(\S+( \S+){5}\)$/.test(e)) {
      fail(scope, property, e, "not a Secrets Manager schedule expression ('rate(...)' or 'cron(...)' with six fields)",
        "use, e.g., 'rate(30 days)' or 'cron(0 4 ? * SUN *)', or RotationSchedule.afterDays(30)");
    }
  }
}

/**
 * Automatic rotation of a {@link ManagedSecret} by a rotation Lambda function.
 */
export interface SecretRotation {
  /**
   * ARN of the rotation Lambda function (same account and region). It needs
   * `secretsmanager:*SecretValue` on the secret and `kms:Decrypt`/`kms:GenerateDataKey` on the
   * platform key through Secrets Manager; give it those in its own role.
   */
  readonly rotationLambdaArn: string;
  /** When to rotate. */
  readonly schedule: RotationSchedule;
  /**
   * Rotate once right after the rotation is configured; this is how a secret created by the
   * library first gets a value when it is set by rotation.
   *
   * @default true
   */
  readonly rotateImmediately?: boolean;
}

/**
 * A region the secret is replicated to.
 */
export interface SecretReplica {
  /** The region (not the platform's own region). */
  readonly region: string;
  /**
   * ARN of a customer-managed KMS key in that region that encrypts the replica (the platform key
   * is regional).
   */
  readonly kmsKeyArn: string;
}
