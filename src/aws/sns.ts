import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Construct } from 'constructs';
import { PolicyDocumentJson } from './iam';
import { declareExceptions, lifecycleFor, removalExceptions, removalFor } from './protection';
import { withoutTokenTraces } from './token-traces';

export interface TopicSubscriptionConfig {
  /** SNS protocol: `email`, `https` or `sqs`. */
  readonly protocol: string;
  readonly endpoint: string;
}

export interface AlertTopicConfig {
  readonly name: string;
  /** ARN of the KMS key that encrypts the topic's messages. */
  readonly kmsKeyArn: string;
  /** The topic policy, given the topic's ARN. */
  readonly policy: (topicArn: string) => PolicyDocumentJson;
  readonly subscriptions: TopicSubscriptionConfig[];
}

/**
 * An SNS topic encrypted with a customer-managed key, its topic policy and its subscriptions.
 * Returns the topic's ARN (a Terraform reference).
 */
export function createAlertTopic(scope: Construct, config: AlertTopicConfig): string {
  return withoutTokenTraces(() => {
    // Alert topics are stateful (their subscriptions and the alarms that notify them): protected from destroy.
    const removal = removalFor(scope, undefined);
    const topic = new SnsTopic(scope, 'Topic', { name: config.name, kmsMasterKeyId: config.kmsKeyArn, lifecycle: lifecycleFor(removal) });
    declareExceptions(topic, removalExceptions(removal));
    const arn = topic.arn;
    new SnsTopicPolicy(scope, 'Policy', { arn, policy: JSON.stringify(config.policy(arn)) });
    config.subscriptions.forEach((s, i) => {
      new SnsTopicSubscription(scope, `Subscription${i}`, { topicArn: arn, protocol: s.protocol, endpoint: s.endpoint });
    });
    return arn;
  });
}
