import * as fs from 'fs';
import * as path from 'path';
import { Construct } from 'constructs';
import { AttributeType, Platform, Refactor, SecureApp, SecureMicroservice, SecureQueue, SecureTable } from '../../src';
import { diffOutputs, formatDestructions } from '../../src/diff/diff';
import { image, newPlatform, read } from '../support/synth';

/**
 * docs/refactoring.md shows, for each refactor, the Terraform the library writes before and after
 * it. The blocks are checked here against real synth output: each ```json block follows a
 * `<!-- synth: <case>/<before|after> -->` marker, each ```text block a `<!-- diff: <case> -->` one.
 */
const DOC = path.join(__dirname, '..', '..', 'docs', 'refactoring.md');
const KEY = { name: 'id', type: AttributeType.STRING };
const SHOWN = ['name', 'hash_key', 'fifo_queue', 'skip_destroy', 'lifecycle'];

function synthDir(build: (platform: Platform) => void): string {
  const platform = newPlatform({}, 'prod');
  build(platform);
  const app = platform.node.scope as SecureApp;
  app.synth();
  return app.outdir;
}

/** The stateful resources of `types` (with the arguments that matter here) and the moved blocks. */
function excerpt(outdir: string, types: string[]): string {
  const tf = read(outdir).terraform.prod;
  const resource: any = {};
  for (const t of types) {
    for (const [name, config] of Object.entries<any>(tf.resource[t] ?? {})) {
      resource[t] = resource[t] ?? {};
      resource[t][name] = Object.fromEntries(SHOWN.filter(k => config[k] !== undefined).map(k => [k, config[k]]));
    }
  }
  return JSON.stringify(tf.moved ? { resource, moved: tf.moved } : { resource }, null, 2);
}

const cases: { [name: string]: { before: () => string; after: () => string; types: string[]; diffOnly?: boolean } } = {
  'rename': {
    before: () => synthDir(p => new SecureTable(p, 'orders-table', { tableName: 'prod-orders', partitionKey: KEY })),
    after: () => synthDir(p => Refactor.of(new SecureTable(p, 'orders', { tableName: 'prod-orders', partitionKey: KEY })).movedFrom('prod/orders-table')),
    types: ['aws_dynamodb_table'],
  },
  'rename-unmoved': {
    before: () => synthDir(p => new SecureTable(p, 'orders-table', { tableName: 'prod-orders', partitionKey: KEY })),
    after: () => synthDir(p => new SecureTable(p, 'orders', { tableName: 'prod-orders', partitionKey: KEY })),
    types: ['aws_dynamodb_table'],
    diffOnly: true,
  },
  'rescope': {
    before: () => synthDir(p => new SecureQueue(p, 'jobs')),
    after: () => synthDir(p => Refactor.of(new SecureQueue(new Construct(p, 'billing'), 'jobs', { queueName: 'prod-jobs' })).movedFrom('prod/jobs')),
    types: ['aws_sqs_queue'],
  },
  'service-name': {
    before: () => synthDir(p => new SecureMicroservice(p, 'orders', { image: image(), namespace: 'shop' })),
    after: () => synthDir(p => new SecureMicroservice(p, 'orders', { image: image(), namespace: 'shop', name: 'checkout' })),
    types: ['aws_cloudwatch_log_group'],
  },
  'namespace': {
    before: () => synthDir(p => new SecureMicroservice(p, 'orders', { image: image(), namespace: 'shop' })),
    after: () => synthDir(p => new SecureMicroservice(p, 'orders', { image: image(), namespace: 'checkout' })),
    types: ['aws_cloudwatch_log_group'],
  },
};

/** The fenced block after `marker` in the doc. */
function blockAfter(doc: string, marker: string): string | undefined {
  const at = doc.indexOf(marker);
  if (at < 0) return undefined;
  const m = /```[a-z]*\n([\s\S]*?)\n```/.exec(doc.slice(at + marker.length));
  return m?.[1];
}

describe('docs/refactoring.md', () => {
  const doc = fs.readFileSync(DOC, 'utf8');
  for (const [name, c] of Object.entries(cases)) {
    test(`${name}: the before/after Terraform and the diff are what synth writes`, () => {
      const before = c.before();
      const after = c.after();
      if (!c.diffOnly) {
        expect(blockAfter(doc, `<!-- synth: ${name}/before -->`)).toBe(excerpt(before, c.types));
        expect(blockAfter(doc, `<!-- synth: ${name}/after -->`)).toBe(excerpt(after, c.types));
      }
      expect(blockAfter(doc, `<!-- diff: ${name} -->`)).toBe(formatDestructions(diffOutputs(before, after)).trimEnd());
    });
  }
});
