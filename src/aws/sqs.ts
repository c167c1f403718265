import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { Construct } from 'constructs';
import { PolicyDocumentJson } from './iam';
import { withoutTokenTraces } from './token-traces';

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
}

/**
 * An SQS queue and its dead-letter queue, both encrypted with the given KMS key and with a
 * queue policy each. Returns the main queue's ARN (a Terraform reference).
 */
export function createQueue(scope: Construct, config: QueueConfig): string {
  return withoutTokenTraces(() => {
    const encryption = { kmsMasterKeyId: config.kmsKeyArn, kmsDataKeyReusePeriodSeconds: 300 };
    const fifo = config.fifo ? { fifoQueue: true } : {};
    const dlq = new SqsQueue(scope, 'DeadLetterQueue', {
      name: config.deadLetterQueueName,
      ...fifo,
      ...encryption,
      messageRetentionSeconds: 1209600,
    });
    new SqsQueuePolicy(scope, 'DeadLetterQueuePolicy', { queueUrl: dlq.url, policy: JSON.stringify(config.policy(dlq.arn)) });
    const queue = new SqsQueue(scope, 'Resource', {
      name: config.name,
      ...fifo,
      ...encryption,
      visibilityTimeoutSeconds: config.visibilityTimeoutSeconds,
      messageRetentionSeconds: config.messageRetentionSeconds,
      redrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: config.maxReceiveCount }),
    });
    new SqsQueuePolicy(scope, 'Policy', { queueUrl: queue.url, policy: JSON.stringify(config.policy(queue.arn)) });
    return queue.arn;
  });
}
