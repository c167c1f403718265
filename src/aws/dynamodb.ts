import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { Construct } from 'constructs';
import { withoutTokenTraces } from './token-traces';

export interface TableConfig {
  readonly name: string;
  readonly kmsKeyArn: string;
  readonly partitionKey: { name: string; type: string };
  readonly sortKey?: { name: string; type: string };
  readonly globalSecondaryIndexes: Array<{ name: string; partitionKey: { name: string; type: string }; sortKey?: { name: string; type: string } }>;
}

/**
 * An on-demand DynamoDB table encrypted with the given KMS key, with point-in-time recovery and
 * deletion protection. Returns the table's ARN (a Terraform reference).
 */
export function createTable(scope: Construct, config: TableConfig): string {
  return withoutTokenTraces(() => {
    const attributes = new Map<string, string>();
    for (const k of [config.partitionKey, config.sortKey, ...config.globalSecondaryIndexes.flatMap(i => [i.partitionKey, i.sortKey])]) {
      if (k) attributes.set(k.name, k.type);
    }
    const table = new DynamodbTable(scope, 'Resource', {
      name: config.name,
      billingMode: 'PAY_PER_REQUEST',
      hashKey: config.partitionKey.name,
      rangeKey: config.sortKey?.name,
      attribute: [...attributes.entries()].map(([name, type]) => ({ name, type })),
      globalSecondaryIndex: config.globalSecondaryIndexes.length
        ? config.globalSecondaryIndexes.map(i => ({ name: i.name, hashKey: i.partitionKey.name, rangeKey: i.sortKey?.name, projectionType: 'ALL' }))
        : undefined,
      serverSideEncryption: { enabled: true, kmsKeyArn: config.kmsKeyArn },
      pointInTimeRecovery: { enabled: true },
      deletionProtectionEnabled: true,
    });
    return table.arn;
  });
}
