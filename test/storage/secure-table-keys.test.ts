import { AttributeType, SecureApp, SecureTable, SecureTableProps } from '../../src';
import { expectConfigError } from '../support/errors';
import { newPlatform, resourcesOf, synth } from '../support/synth';

const S = AttributeType.STRING;
const N = AttributeType.NUMBER;
const B = AttributeType.BINARY;
const table = (props: SecureTableProps) => new SecureTable(newPlatform(), 't', props);

describe('SecureTable key attributes', () => {
  test('a GSI may reuse a table key with the same type; each attribute is declared once', () => {
    const platform = newPlatform();
    new SecureTable(platform, 'orders', {
      partitionKey: { name: 'id', type: S },
      sortKey: { name: 'createdAt', type: N },
      globalSecondaryIndexes: [
        { indexName: 'by-customer', partitionKey: { name: 'customer', type: S }, sortKey: { name: 'createdAt', type: N } },
        { indexName: 'by-id', partitionKey: { name: 'id', type: S } },
      ],
    });
    const [[, , config]] = resourcesOf(synth(platform.node.scope as SecureApp), 'aws_dynamodb_table');
    expect(config.attribute).toEqual([{ name: 'id', type: 'S' }, { name: 'createdAt', type: 'N' }, { name: 'customer', type: 'S' }]);
  });

  test.each([
    ['a GSI partition key that changes a table key type',
      { partitionKey: { name: 'id', type: S }, globalSecondaryIndexes: [{ indexName: 'by-id', partitionKey: { name: 'id', type: N } }] },
      'globalSecondaryIndexes[0].partitionKey.type', 'N', 'attribute "id" is already a key of type S (partitionKey)'],
    ['a GSI sort key that changes the table sort key type',
      { partitionKey: { name: 'id', type: S }, sortKey: { name: 'ts', type: N }, globalSecondaryIndexes: [{ indexName: 'by-x', partitionKey: { name: 'x', type: S }, sortKey: { name: 'ts', type: S } }] },
      'globalSecondaryIndexes[0].sortKey.type', 'S', 'attribute "ts" is already a key of type N (sortKey)'],
    ['two GSIs that disagree',
      {
        partitionKey: { name: 'id', type: S },
        globalSecondaryIndexes: [
          { indexName: 'by-a', partitionKey: { name: 'a', type: S } },
          { indexName: 'by-b', partitionKey: { name: 'b', type: S }, sortKey: { name: 'a', type: B } },
        ],
      },
      'globalSecondaryIndexes[1].sortKey.type', 'B', 'already a key of type S (globalSecondaryIndexes[0].partitionKey)'],
    ['a sort key equal to the partition key',
      { partitionKey: { name: 'id', type: S }, sortKey: { name: 'id', type: S } },
      'sortKey.name', 'id', 'the sort key is the partition key "id"'],
    ['a sort key equal to the partition key with another type',
      { partitionKey: { name: 'id', type: S }, sortKey: { name: 'id', type: N } },
      'sortKey.name', 'id', 'the sort key is the partition key "id"'],
    ['a GSI sort key equal to its partition key',
      { partitionKey: { name: 'id', type: S }, globalSecondaryIndexes: [{ indexName: 'by-x', partitionKey: { name: 'x', type: S }, sortKey: { name: 'x', type: S } }] },
      'globalSecondaryIndexes[0].sortKey.name', 'x', 'the sort key is the partition key "x"'],
    ['two indexes with one name',
      {
        partitionKey: { name: 'id', type: S },
        globalSecondaryIndexes: [
          { indexName: 'by-x', partitionKey: { name: 'x', type: S } },
          { indexName: 'by-x', partitionKey: { name: 'y', type: S } },
        ],
      },
      'globalSecondaryIndexes[1].indexName', 'by-x', 'globalSecondaryIndexes[0] has the same name'],
  ])('%s is refused', (_label, props, property, received, problem) => {
    const e = expectConfigError(() => table(props as SecureTableProps), { path: 'test/t', property, received });
    expect(e.problem).toContain(problem);
  });
});
