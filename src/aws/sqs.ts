import type * as SqsQueueModule from '@cdktf/provider-aws/lib/sqs-queue';
import type * as SqsQueuePolicyModule from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { Construct } from 'constructs';
import { PolicyDocumentJson } from './iam';
import { declareExceptions, lifecycleFor, removalExceptions, removalFor } from './protection';
import { withoutTokenTraces } from './token-traces';
import { lazyModule } from '../core/lazy-module';
import { RemovalSettings } from '../core/removal-policy';

/** The provider's SQS classes (about 2 ms to load), loaded when an app has a queue. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sqsQueue = lazyModule<typeof SqsQueueModule>(() => require('@cdktf/provider-aws/lib/sqs-queue'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sqsQueuePolicy = lazyModule<typeof SqsQueuePolicyModule>(() => require('@cdktf/provider-aws/lib/sqs-queue-policy'));

export interface QueueConfig {
  readonly name: string;
  readonly deadLetterQueueName: string;
  readonly fifo: boolean;
  readonly kmsKeyArn: string;
  readonly maxReceiveCount: number;
  readonly visibilityTimeoutSeconds: number;
  readonly messageRetentionSeconds: number;
  /** The queue policy, given the queue's ARN. */
  readonly policy: (queueArn: string) => PolicyDocumentJson;
  /** What happens to both queues when they leave the configuration; default: the platform's policy (retain). */
  readonly removal?: RemovalSettings;
}

/**
 * An SQS queue and its dead-letter queue, both encrypted with the given KMS key and with a
 * queue policy each, both protected from destruction (`prevent_destroy`) unless the removal policy
 * allows it. Returns the main queue's ARN (a Terraform reference).
 */
export function createQueue(scope: Construct, config: QueueConfig): string {
  return withoutTokenTraces(() => {
    const removal = removalFor(scope, config.removal);
    const lifecycle = lifecycleFor(removal);
    const encryption = { kmsMasterKeyId: config.kmsKeyArn, kmsDataKeyReusePeriodSeconds: 300 };
    const fifo = config.fifo ? { fifoQueue: true } : {};
    const dlq = new (sqsQueue().SqsQueue)(scope, 'DeadLetterQueue', {
      name: config.deadLetterQueueName,
      ...fifo,
      ...encryption,
      messageRetentionSeconds: 1209600,
      lifecycle,
    });
    declareExceptions(dlq, removalExceptions(removal));
    new (sqsQueuePolicy().SqsQueuePolicy)(scope, 'DeadLetterQueuePolicy', { queueUrl: dlq.url, policy: JSON.stringify(config.policy(dlq.arn)) });
    const queue = new (sqsQueue().SqsQueue)(scope, 'Resource', {
      name: config.name,
      ...fifo,
      ...encryption,
      visibilityTimeoutSeconds: config.visibilityTimeoutSeconds,
      messageRetentionSeconds: config.messageRetentionSeconds,
      redrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: config.maxReceiveCount }),
      lifecycle,
    });
    declareExceptions(queue, removalExceptions(removal));
    new (sqsQueuePolicy().SqsQueuePolicy)(scope, 'Policy', { queueUrl: queue.url, policy: JSON.stringify(config.policy(queue.arn)) });
    return queue.arn;
  });
}
