import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Construct } from 'constructs';
import { declareExceptions, lifecycleFor, removalExceptions, removalFor } from './protection';
import { withoutTokenTraces } from './token-traces';
import { RemovalSettings } from '../core/removal-policy';

export interface LogGroupConfig {
  readonly name: string;
  /** ARN of the KMS key that encrypts the group's events. */
  readonly kmsKeyArn: string;
  readonly retentionInDays: number;
  /** What happens to the group when it leaves the configuration; default: the platform's policy (retain). */
  readonly removal?: RemovalSettings;
}

/**
 * A CloudWatch log group encrypted with a customer-managed key, with retention. Unless its
 * removal policy allows destruction, Terraform refuses to destroy it (`prevent_destroy`) and, should
 * it leave the state anyway (`terraform destroy` after the guard is lifted, `terraform state rm`),
 * leaves the group and its events in place (`skip_destroy`).
 */
export function createLogGroup(scope: Construct, config: LogGroupConfig): void {
  return withoutTokenTraces(() => {
    const removal = removalFor(scope, config.removal);
    const group = new CloudwatchLogGroup(scope, 'LogGroup', {
      name: config.name,
      kmsKeyId: config.kmsKeyArn,
      retentionInDays: config.retentionInDays,
      skipDestroy: removal.destroy ? undefined : true,
      lifecycle: lifecycleFor(removal),
    });
    declareExceptions(group, removalExceptions(removal));
  });
}
