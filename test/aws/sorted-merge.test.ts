import { Lazy } from 'cdktf';
import { deepMerge } from 'cdktf/lib/util';
import { mergeSorted } from '../../src/aws/sorted-merge';

/** Both merges, each on its own copy of the target. */
function both(target: () => any, ...sources: any[]): [any, any] {
  const ours = target();
  const theirs = target();
  for (const source of sources) {
    mergeSorted(ours, source);
    deepMerge(theirs, source);
  }
  return [ours, theirs];
}

/** Every object's keys, depth first, to compare key order. */
function keyOrder(value: any): string[][] {
  if (value === null || typeof value !== 'object') return [];
  return [Array.isArray(value) ? [] : Object.keys(value), ...Object.values(value).flatMap(keyOrder)];
}

describe('mergeSorted', () => {
  test.each([
    ['fragments of resources', () => ({ '//': { metadata: {} } }), [
      { resource: { aws_s3_bucket: { b: { bucket: 'b', tags: { z: '1', a: '2' }, rule: [{ y: 1, x: 2 }] } } } },
      { resource: { aws_s3_bucket: { a: { bucket: 'a' } }, aws_iam_role: { r: { name: 'r' } } }, terraform: { required_providers: { aws: { version: '1' } } } },
      { terraform: { required_providers: { aws: { source: 'hashicorp/aws' } }, backend: { local: { path: 'p' } } } },
    ]],
    ['arrays appended to arrays, set elsewhere', () => ({ provider: { aws: [{ region: 'a' }] }, x: 'scalar' }), [
      { provider: { aws: [{ region: 'b' }] }, x: [1, 2] }, { y: [] },
    ]],
    ['undefined deletes, null and scalars are set, an object replaces a scalar', () => ({ a: 1, b: 'x', c: { d: 1 } }), [
      { a: undefined, b: { nested: { z: 1, y: 2 } }, c: { d: null, e: false } },
    ]],
    ['a Date is merged as an object (it has no own keys)', () => ({}), [{ when: new Date(0) }]],
  ])('gives what cdktf\'s deepMerge gives: %s', (_, target, sources) => {
    const [ours, theirs] = both(target, ...sources);
    expect(ours).toStrictEqual(theirs);
  });

  test('objects it creates have their keys in sorted order; keys added to existing objects are appended', () => {
    const target: any = { resource: { m: {} } };
    mergeSorted(target, { resource: { z: { b: 1, a: { d: 1, c: 2 } }, a: {} }, data: {} });
    expect(keyOrder(target)).toEqual([['resource', 'data'], ['m', 'a', 'z'], [], [], ['a', 'b'], ['c', 'd'], []]);
  });

  test('a token is set, not merged into', () => {
    const token = Lazy.anyValue({ produce: () => ({ b: 1 }) });
    const target: any = {};
    mergeSorted(target, { a: token });
    expect(target.a).toBe(token);
  });

  test('what cdktf refuses, it refuses with cdktf\'s error', () => {
    for (const [target, source] of [[{}, 'x'], ['x', {}], [{ a: null }, { a: { b: 1 } }]] as Array<[any, any]>) {
      let theirs: unknown;
      try {
        deepMerge(JSON.parse(JSON.stringify(target)), source);
      } catch (e) {
        theirs = e;
      }
      expect(theirs).toBeDefined();
      expect(() => mergeSorted(JSON.parse(JSON.stringify(target)), source)).toThrow((theirs as Error).message);
    }
  });
});
