import { Construct } from 'constructs';
import { createTable } from '../aws/dynamodb';
import { childId, claimName } from '../core/claims';
import { fail } from '../core/errors';
import { RemovalPolicy, validateRemovalPolicy } from '../core/removal-policy';
import { Grant } from '../identity/grant';
import { IGrantable } from '../identity/grantable';
import { registerArnEstimate } from '../identity/policy-merge';
import { PolicyStatement } from '../identity/policy-statement';
import { keyViaService } from '../kms/key-grants';
import { Platform } from '../platform/platform';

/** Type of a key attribute. */
export enum AttributeType {
  /** A string. */
  STRING = 'S',
  /** A number. */
  NUMBER = 'N',
  /** Binary data. */
  BINARY = 'B',
}

/** A key attribute of a table or index. */
export interface TableAttribute {
  /** Attribute name. */
  readonly name: string;
  /** Attribute type. */
  readonly type: AttributeType;
}

/** A global secondary index (all attributes projected). */
export interface GlobalSecondaryIndex {
  /** Index name: 3 to 255 letters, digits, `_`, `-` and `.`. */
  readonly indexName: string;
  /** Partition key of the index. */
  readonly partitionKey: TableAttribute;
  /**
   * Sort key of the index.
   *
   * @default - none
   */
  readonly sortKey?: TableAttribute;
}

/**
 * Properties of a {@link SecureTable}.
 */
export interface SecureTableProps {
  /**
   * Table name: 3 to 255 letters, digits, `_`, `-` and `.`.
   *
   * @default - `<platform>-<id>`
   */
  readonly tableName?: string;
  /** Partition key. */
  readonly partitionKey: TableAttribute;
  /**
   * Sort key.
   *
   * @default - none
   */
  readonly sortKey?: TableAttribute;
  /**
   * Global secondary indexes.
   *
   * @default - none
   */
  readonly globalSecondaryIndexes?: GlobalSecondaryIndex[];
  /**
   * What happens to the table when it leaves the Terraform configuration or must be replaced:
   * retained (Terraform refuses, `lifecycle.prevent_destroy`) or, with a reason, destroyed.
   *
   * @default - the platform's `removalPolicy` (RemovalPolicy.retain() unless the platform says otherwise)
   */
  readonly removalPolicy?: RemovalPolicy;
}

const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;
const ATTRIBUTE_NAME = /^.{1,255}$/;

/**
 * A DynamoDB table, secure by default: on-demand, encrypted with the platform key,
 * point-in-time recovery, deletion protection.
 */
export class SecureTable extends Construct {
  /** The platform the table belongs to. */
  public readonly platform: Platform;
  /** The table's name. */
  public readonly tableName: string;
  /** ARN of the table (a Terraform reference). */
  public readonly tableArn: string;
  private readonly hasIndexes: boolean;

  constructor(scope: Construct, id: string, props: SecureTableProps) {
    super(scope, childId(scope, id, 'SecureTable'));
    this.platform = Platform.of(this);
    if (!props || typeof props !== 'object') {
      fail(this, 'props', props, 'a table needs at least a partition key', "pass { partitionKey: { name: 'id', type: AttributeType.STRING } }");
    }
    this.tableName = props.tableName ?? `${this.platform.node.id}-${id}`;
    if (typeof this.tableName !== 'string' || !TABLE_NAME.test(this.tableName)) {
      fail(this, props.tableName === undefined ? 'id' : 'tableName', this.tableName, 'not a valid DynamoDB table name (3 to 255 letters, digits, "_", "-" and ".")', 'use a name such as "prod-catalog"');
    }
    claimName(this, this, props.tableName === undefined ? 'id' : 'tableName', 'DynamoDB table', `${this.platform.account}/${this.platform.region}`, this.tableName);
    const partitionKey = this.validateAttribute('partitionKey', props.partitionKey);
    const sortKey = props.sortKey === undefined ? undefined : this.validateAttribute('sortKey', props.sortKey);
    const indexes = (props.globalSecondaryIndexes ?? []).map((index, i) => {
      if (!index || typeof index.indexName !== 'string' || !TABLE_NAME.test(index.indexName)) {
        fail(this, `globalSecondaryIndexes[${i}].indexName`, index?.indexName, 'not a valid index name (3 to 255 letters, digits, "_", "-" and ".")', 'use a name such as "by-customer"');
      }
      return {
        name: index.indexName,
        partitionKey: this.validateAttribute(`globalSecondaryIndexes[${i}].partitionKey`, index.partitionKey),
        sortKey: index.sortKey === undefined ? undefined : this.validateAttribute(`globalSecondaryIndexes[${i}].sortKey`, index.sortKey),
      };
    });
    this.validateKeys(partitionKey, sortKey, indexes);
    this.hasIndexes = indexes.length > 0;
    const { partition, region, account } = this.platform;
    this.tableArn = createTable(this.platform._terraformScope(this), {
      name: this.tableName,
      removal: validateRemovalPolicy(this, 'removalPolicy', props.removalPolicy),
      kmsKeyArn: this.platform.key.keyArn,
      partitionKey,
      sortKey,
      globalSecondaryIndexes: indexes,
    });
    registerArnEstimate(this.tableArn, `arn:${partition}:dynamodb:${region}:${account}:table/${this.tableName}`);
  }

  /**
   * Lets `grantee` read items (`dynamodb:GetItem`, `BatchGetItem`, `Query`, `Scan`,
   * `ConditionCheckItem`, `DescribeTable`) on the table (and its indexes, if any), with
   * `kms:Decrypt` on the platform key only through DynamoDB for this table.
   */
  public grantReadData(grantee: IGrantable): Grant {
    return this.grant('grantReadData', grantee,
      ['dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable', 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan'],
      ['dynamodb:Query', 'dynamodb:Scan']);
  }

  /**
   * Lets `grantee` write items (`dynamodb:PutItem`, `UpdateItem`, `DeleteItem`,
   * `BatchWriteItem`, `DescribeTable`), with `kms:Decrypt` on the platform key only through
   * DynamoDB for this table.
   */
  public grantWriteData(grantee: IGrantable): Grant {
    return this.grant('grantWriteData', grantee,
      ['dynamodb:BatchWriteItem', 'dynamodb:DeleteItem', 'dynamodb:DescribeTable', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
      []);
  }

  private grant(method: string, grantee: IGrantable, tableActions: string[], indexActions: string[]): Grant {
    const statements = [new PolicyStatement({ actions: tableActions, resources: [this.tableArn] })];
    if (this.hasIndexes && indexActions.length) {
      statements.push(new PolicyStatement({ actions: indexActions, resources: [`${this.tableArn}/index/*`] }));
    }
    // DynamoDB decrypts the table key with the caller's permissions; its encryption context names
    // the table and the account.
    statements.push(keyViaService(this.platform, ['kms:Decrypt'], 'dynamodb', {
      'aws:dynamodb:tableName': this.tableName,
      'aws:dynamodb:subscriberId': this.platform.account,
    }));
    return Grant._addToPrincipal(this, method, grantee, statements, true);
  }

  /**
   * Key attributes are declared once per table with one type, so a name used by the table and its
   * indexes must have the same type everywhere (DynamoDB keeps one definition; a second type
   * would silently replace the first). A sort key is another attribute than its partition key,
   * and index names are unique.
   */
  private validateKeys(
    partitionKey: { name: string; type: string },
    sortKey: { name: string; type: string } | undefined,
    indexes: Array<{ name: string; partitionKey: { name: string; type: string }; sortKey?: { name: string; type: string } }>,
  ): void {
    const keys: Array<[string, { name: string; type: string } | undefined, { name: string; type: string } | undefined]> = [
      ['', partitionKey, sortKey],
      ...indexes.map((index, i) => [`globalSecondaryIndexes[${i}].`, index.partitionKey, index.sortKey] as [string, { name: string; type: string }, { name: string; type: string } | undefined]),
    ];
    const declared = new Map<string, { type: string; property: string }>();
    for (const [prefix, pk, sk] of keys) {
      if (sk && pk && sk.name === pk.name) {
        fail(this, `${prefix}sortKey.name`, sk.name, `the sort key is the partition key "${pk.name}"; a key has two different attributes`,
          'use another attribute as sort key, or leave the sort key out');
      }
      for (const [role, attribute] of [['partitionKey', pk], ['sortKey', sk]] as const) {
        if (!attribute) continue;
        const property = `${prefix}${role}`;
        const first = declared.get(attribute.name);
        if (first && first.type !== attribute.type) {
          fail(this, `${property}.type`, attribute.type, `attribute "${attribute.name}" is already a key of type ${first.type} (${first.property}); an attribute has one type across the table and its indexes`,
            `use type ${first.type} here, or another attribute name`);
        }
        if (!first) declared.set(attribute.name, { type: attribute.type, property });
      }
    }
    const names = new Map<string, number>();
    indexes.forEach((index, i) => {
      const j = names.get(index.name);
      if (j !== undefined) {
        fail(this, `globalSecondaryIndexes[${i}].indexName`, index.name, `globalSecondaryIndexes[${j}] has the same name`, 'give each index its own name');
      }
      names.set(index.name, i);
    });
  }

  private validateAttribute(property: string, attribute: TableAttribute | undefined): { name: string; type: string } {
    if (!attribute || typeof attribute.name !== 'string' || !ATTRIBUTE_NAME.test(attribute.name)) {
      fail(this, `${property}.name`, attribute?.name, 'not an attribute name (1 to 255 characters)', "pass { name: 'id', type: AttributeType.STRING }");
    }
    if (!Object.values(AttributeType).includes(attribute.type)) {
      fail(this, `${property}.type`, attribute.type, 'not an AttributeType', 'use AttributeType.STRING, NUMBER or BINARY');
    }
    return { name: attribute.name, type: attribute.type };
  }
}
