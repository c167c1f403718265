import { Construct } from 'constructs';
import { createQueue } from '../aws/sqs';
import { childId, claimName } from '../core/claims';
import { fail } from '../core/errors';
import { RemovalPolicy, validateRemovalPolicy } from '../core/removal-policy';
import { Grant } from '../identity/grant';
import { IGrantable } from '../identity/grantable';
import { registerArnEstimate } from '../identity/policy-merge';
import { PolicyStatement } from '../identity/policy-statement';
import { keyViaService } from '../kms/key-grants';
import { Platform } from '../platform/platform';

/**
 * Properties of a {@link SecureQueue}.
 */
export interface SecureQueueProps {
  /**
   * Queue name: letters, digits, `-` and `_`, at most 80 characters including the `.fifo` suffix
   * of a FIFO queue and the `-dlq` its dead-letter queue adds.
   *
   * @default - `<platform>-<id>` (plus `.fifo` for a FIFO queue)
   */
  readonly queueName?: string;
  /**
   * A FIFO queue (exactly-once, ordered); its name must end in `.fifo`.
   *
   * @default false
   */
  readonly fifo?: boolean;
  /**
   * Receives before a message moves to the dead-letter queue (1 to 1000).
   *
   * @default 5
   */
  readonly maxReceiveCount?: number;
  /**
   * Visibility timeout in seconds (0 to 43200).
   *
   * @default 30
   */
  readonly visibilityTimeoutSeconds?: number;
  /**
   * How long messages are kept, in seconds (60 to 1209600). The dead-letter queue keeps them 14
   * days.
   *
   * @default 345600 (4 days)
   */
  readonly messageRetentionSeconds?: number;
  /**
   * What happens to the queue and its dead-letter queue when it leaves the Terraform configuration or must be replaced:
   * retained (Terraform refuses, `lifecycle.prevent_destroy`) or, with a reason, destroyed.
   *
   * @default - the platform's `removalPolicy` (RemovalPolicy.retain() unless the platform says otherwise)
   */
  readonly removalPolicy?: RemovalPolicy;
}

const QUEUE_NAME = /^[A-Za-z0-9_-]+$/;
const DLQ_SUFFIX = '-dlq';

/**
 * An SQS queue, secure by default: encrypted with the platform key, a dead-letter queue (also
 * encrypted) that receives messages after `maxReceiveCount` failed receives, and queue policies
 * that deny every request not made over TLS.
 */
export class SecureQueue extends Construct {
  /** The platform the queue belongs to. */
  public readonly platform: Platform;
  /** The queue's name. */
  public readonly queueName: string;
  /** The dead-letter queue's name. */
  public readonly deadLetterQueueName: string;
  /** ARN of the queue (a Terraform reference). */
  public readonly queueArn: string;
  /** URL of the queue, known at synth time. */
  public readonly queueUrl: string;

  constructor(scope: Construct, id: string, props: SecureQueueProps = {}) {
    super(scope, childId(scope, id, 'SecureQueue'));
    this.platform = Platform.of(this);
    const fifo = props.fifo ?? false;
    const suffix = fifo ? '.fifo' : '';
    this.queueName = this.validateName(props.queueName === undefined ? 'id' : 'queueName', props.queueName ?? `${this.platform.node.id}-${id}${suffix}`, fifo);
    const base = fifo ? this.queueName.slice(0, -'.fifo'.length) : this.queueName;
    this.deadLetterQueueName = `${base}${DLQ_SUFFIX}${suffix}`;
    const space = `${this.platform.account}/${this.platform.region}`;
    const property = props.queueName === undefined ? 'id' : 'queueName';
    claimName(this, this, property, 'SQS queue', space, this.queueName);
    claimName(this, this, property, 'SQS queue', space, this.deadLetterQueueName);
    const maxReceiveCount = this.validateRange('maxReceiveCount', props.maxReceiveCount, 5, 1, 1000);
    const visibilityTimeoutSeconds = this.validateRange('visibilityTimeoutSeconds', props.visibilityTimeoutSeconds, 30, 0, 43200);
    const messageRetentionSeconds = this.validateRange('messageRetentionSeconds', props.messageRetentionSeconds, 345600, 60, 1209600);
    const { partition, region, account } = this.platform;
    this.queueUrl = `https://sqs.${region}.amazonaws.com/${account}/${this.queueName}`;
    this.queueArn = createQueue(this.platform._terraformScope(this), {
      name: this.queueName,
      deadLetterQueueName: this.deadLetterQueueName,
      fifo,
      removal: validateRemovalPolicy(this, 'removalPolicy', props.removalPolicy),
      kmsKeyArn: this.platform.key.keyArn,
      maxReceiveCount,
      visibilityTimeoutSeconds,
      messageRetentionSeconds,
      policy: queueArn => ({
        Version: '2012-10-17',
        Statement: [{
          // A deny of every action: broader is stricter here.
          Sid: 'DenyInsecureTransport',
          Effect: 'Deny',
          Principal: '*',
          Action: 'sqs:*',
          Resource: queueArn,
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }],
      }),
    });
    registerArnEstimate(this.queueArn, `arn:${partition}:sqs:${region}:${account}:${this.queueName}`);
  }

  /**
   * Lets `grantee` send messages (`sqs:SendMessage`, with `kms:GenerateDataKey` and `kms:Decrypt`
   * on the platform key only through SQS for this queue).
   */
  public grantSend(grantee: IGrantable): Grant {
    return Grant._addToPrincipal(this, 'grantSend', grantee, [
      new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.queueArn] }),
      keyViaService(this.platform, ['kms:Decrypt', 'kms:GenerateDataKey'], 'sqs', { 'aws:sqs:arn': this.queueArn }),
    ], true);
  }

  /**
   * Lets `grantee` receive and delete messages (`sqs:ReceiveMessage`, `sqs:DeleteMessage`,
   * `sqs:ChangeMessageVisibility`, `sqs:GetQueueAttributes`, with `kms:Decrypt` on the platform
   * key only through SQS for this queue).
   */
  public grantConsume(grantee: IGrantable): Grant {
    return Grant._addToPrincipal(this, 'grantConsume', grantee, [
      new PolicyStatement({
        actions: ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'],
        resources: [this.queueArn],
      }),
      keyViaService(this.platform, ['kms:Decrypt'], 'sqs', { 'aws:sqs:arn': this.queueArn }),
    ], true);
  }

  private validateName(property: string, name: unknown, fifo: boolean): string {
    const base = typeof name === 'string' && name.endsWith('.fifo') ? name.slice(0, -5) : name;
    const maxBase = 80 - DLQ_SUFFIX.length - (fifo ? 5 : 0);
    if (typeof name !== 'string' || typeof base !== 'string' || !QUEUE_NAME.test(base) || base.length > maxBase) {
      fail(this, property, name, `not a valid queue name (letters, digits, "-" and "_", at most ${maxBase} characters before ${fifo ? '".fifo" and ' : ''}the "-dlq" of the dead-letter queue)`,
        'use a name such as "prod-orders"');
    }
    if (fifo !== name.endsWith('.fifo')) {
      fail(this, property, name, fifo ? 'a FIFO queue\'s name must end in ".fifo"' : 'a name ending in ".fifo" is only allowed for a FIFO queue',
        fifo ? `use ${JSON.stringify(`${base}.fifo`)}` : 'set fifo: true, or drop the ".fifo" suffix');
    }
    return name;
  }

  private validateRange(property: string, value: number | undefined, fallback: number, min: number, max: number): number {
    const v = value ?? fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      fail(this, property, value, `must be a whole number from ${min} to ${max}`, `use a value such as ${fallback}`);
    }
    return v;
  }
}
