import { Construct } from 'constructs';
import { AlertSubscriptionKind, Monitoring } from './monitoring';
import { alarmArnPattern } from './signals';
import { createAlertTopic } from '../aws/sns';
import { fitName } from '../core/names';
import type { Platform } from '../platform/platform';

/** Name of a platform's alert topic: `<platform>-alerts`. */
export function alertTopicName(platformId: string): string {
  return fitName(`${platformId}-alerts`, 256);
}

/** The topic policy: publishing only over TLS, and the platform's alarms may publish. */
export function alertTopicPolicy(platform: Platform, topicArn: string) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyPublishWithoutTls',
        Effect: 'Deny',
        Principal: '*',
        Action: 'sns:Publish',
        Resource: topicArn,
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
      {
        Sid: 'AllowPlatformAlarms',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: topicArn,
        Condition: {
          StringEquals: { 'aws:SourceAccount': platform.account },
          ArnLike: { 'aws:SourceArn': alarmArnPattern(platform) },
        },
      },
    ],
  };
}

/** A platform's alert topic: SNS, encrypted with the platform key, TLS only, with its subscriptions. */
export class AlertTopic extends Construct {
  /** ARN of the topic (a Terraform reference). */
  public readonly topicArn: string;
  /** The ARNs every alarm notifies: the topic and the existing topics subscribed. */
  public readonly actions: string[];

  /** @internal */
  constructor(platform: Platform, id: string, monitoring: Monitoring) {
    super(platform, id);
    this.topicArn = createAlertTopic(platform._terraformScope(this), {
      name: alertTopicName(platform.node.id),
      kmsKeyArn: platform.key.keyArn,
      policy: arn => alertTopicPolicy(platform, arn) as any,
      subscriptions: monitoring.subscriptions
        .filter(s => s.kind !== AlertSubscriptionKind.EXISTING_TOPIC)
        .map(s => ({ protocol: s.kind, endpoint: s.endpoint })),
    });
    this.actions = [this.topicArn, ...monitoring.subscriptions.filter(s => s.kind === AlertSubscriptionKind.EXISTING_TOPIC).map(s => s.endpoint)];
  }
}

const topics = new WeakMap<Platform, AlertTopic>();

/** The platform's alert topic, created on first use. */
export function ensureAlertTopic(platform: Platform, monitoring: Monitoring): AlertTopic {
  let topic = topics.get(platform);
  if (!topic) {
    topic = new AlertTopic(platform, 'AlertTopic', monitoring);
    topics.set(platform, topic);
  }
  return topic;
}
