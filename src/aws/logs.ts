import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Construct } from 'constructs';
import { withoutTokenTraces } from './token-traces';

export interface LogGroupConfig {
  readonly name: string;
  /** ARN of the KMS key that encrypts the group's events. */
  readonly kmsKeyArn: string;
  readonly retentionInDays: number;
}

/** A CloudWatch log group encrypted with a customer-managed key, with retention. */
export function createLogGroup(scope: Construct, config: LogGroupConfig): void {
  return withoutTokenTraces(() => {
    new CloudwatchLogGroup(scope, 'LogGroup', {
      name: config.name,
      kmsKeyId: config.kmsKeyArn,
      retentionInDays: config.retentionInDays,
    });
  });
}
