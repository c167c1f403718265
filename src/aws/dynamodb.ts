import type * as DynamodbTableModule from '@cdktf/provider-aws/lib/dynamodb-table';
import { Construct } from 'constructs';
import { declareExceptions, lifecycleFor, removalExceptions, removalFor } from './protection';
import { withoutTokenTraces } from './token-traces';
import { lazyModule } from '../core/lazy-module';
import { RemovalSettings } from '../core/removal-policy';

/** The provider's DynamoDB table class (about 5 ms to load), loaded when an app has a table. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynamodbTable = lazyModule<typeof DynamodbTableModule>(() => require('@cdktf/provider-aws/lib/dynamodb-table'));

export interface TableConfig {
  readonly name: string;
  readonly kmsKeyArn: string;
  readonly partitionKey: { name: string; type: string };
  readonly sortKey?: { name: string; type: string };
  readonly globalSecondaryIndexes: Array<{ name: string; partitionKey: { name: string; type: string }; sortKey?: { name: string; type: string } }>;
  /** What happens to the table when it leaves the configuration; default: the platform's policy (retain). */
  readonly removal?: RemovalSettings;
}

/**
 * An on-demand DynamoDB table encrypted with the given KMS key, with point-in-time recovery and
 * deletion protection, and protected from destruction by Terraform (`prevent_destroy`). A removal
 * policy that allows destruction drops both guards (deletion protection would make
 * `terraform destroy` fail). Returns the table's ARN (a Terraform reference).
 */
export function createTable(scope: Construct, config: TableConfig): string {
  return withoutTokenTraces(() => {
    const removal = removalFor(scope, config.removal);
    const attributes = new Map<string, string>();
    for (const k of [config.partitionKey, config.sortKey, ...config.globalSecondaryIndexes.flatMap(i => [i.partitionKey, i.sortKey])]) {
      if (k) attributes.set(k.name, k.type);
    }
    const table = new (dynamodbTable().DynamodbTable)(scope, 'Resource', {
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
      deletionProtectionEnabled: !removal.destroy,
      lifecycle: lifecycleFor(removal),
    });
    declareExceptions(table, removalExceptions(removal));
    return table.arn;
  });
}
