import { stableJson, stableJsonWithValue, writeStableJson } from '../../src/aws/stable-json';
import { terraformKeyLines } from '../../src/policy/load';

// The writer cdktf's synthesizer uses (a dependency of cdktf, not of the library).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const jsonStableStringify: (value: unknown, opts: { space: number }) => string = require(require.resolve('json-stable-stringify', { paths: [require.resolve('cdktf')] }));
const cdktfText = (value: unknown) => jsonStableStringify(value, { space: 2 });

const CASES: Array<[string, unknown]> = [
  ['an empty object', {}],
  ['an empty array', []],
  ['a string', 'x'],
  ['a number', 1.5],
  ['null', null],
  ['nested empty containers', { z: {}, a: [], m: [[], {}, [{}], { e: { f: {} } }] }],
  ['unsorted and non-ASCII keys', { 'b': 3, 'B': 2, 'ü': 1, 'a b': 0, '-1': 'n', '1.5': 'f' }],
  ['integer-like keys, which objects enumerate in numeric order', { tags: { 10: 'x', 9: 'y', a: { 2: [], 11: {} } }, z: [{}] }],
  ['strings that look like empty containers', { s: 'x": {}', t: '{}', u: ['{}', '[]', '"k": []'], esc: 'a\\": {}', nl: 'line\n  "k": {}' }],
  ['keys with quotes and escapes', { '"k"': { '': {} }, 'a\\"b': [], 'tab\t': {} }],
  ['values JSON has no text for', { un: undefined, f: () => 1, arr: [undefined, () => 1, NaN, Infinity, -0, null], sym: Symbol('s') }],
  ['toJSON', { d: new Date(0), custom: { toJSON: () => ({ z: 1, a: {} }) }, gone: { toJSON: () => undefined }, inArray: [{ toJSON: () => undefined }] }],
  ['a Terraform-like configuration', {
    '//': { metadata: { backend: 'local', stackName: 'prod', version: '0.21.0' }, outputs: {} },
    'resource': { aws_iam_role: { b: { name: 'b', tags: {} }, a: { name: 'a', inline_policy: [] } } },
    'terraform': { backend: { local: { path: 'terraform.prod.tfstate' } }, required_providers: { aws: { source: 'aws', version: '21.22.1' } } },
  }],
  ['an own __proto__ key', JSON.parse('{"b": 1, "__proto__": {"a": {}}}')],
];

describe('stableJson', () => {
  test.each(CASES)('writes what json-stable-stringify writes: %s', (_, value) => {
    expect(stableJson(value)).toBe(cdktfText(value));
  });

  test.each(CASES)('gives the value JSON.parse reads from its text, or none: %s', (_, value) => {
    const { text, value: parsed } = stableJsonWithValue(value);
    expect(text).toBe(cdktfText(value));
    if (parsed !== undefined) expect(parsed).toStrictEqual(JSON.parse(text));
  });

  test('gives the value for plain data, a copy in text order, and none where JSON would read another value', () => {
    const config = { resource: { aws_s3_bucket: { b: { bucket: 'b', tags: {} }, a: { bucket: 'a', n: 1.5, list: [null, false, 'x'] } } } };
    const plain = stableJsonWithValue(config);
    expect(plain.value).toStrictEqual(JSON.parse(plain.text));
    expect(plain.value).not.toBe(config);
    expect(Object.keys((plain.value as any).resource.aws_s3_bucket)).toEqual(['a', 'b']);
    for (const value of [{ n: NaN }, { n: [Infinity] }, { n: -0 }, { tags: { 10: 'x', 9: 'y' } }, JSON.parse('{"__proto__": {}}'), undefined]) {
      expect(stableJsonWithValue(value).value).toBeUndefined();
    }
    // Left-out values are left out of the copy as of the text.
    expect(stableJsonWithValue({ a: undefined, b: [undefined, () => 1] }).value).toStrictEqual({ b: [null, null] });
  });

  test('the value shares the parts that are already sorted plain data and copies the others', () => {
    const sorted = { a: { b: [1, { c: 'x' }], d: {} }, e: 'f' };
    const unsorted = { z: 1, a: { y: 2, b: 3 } };
    const withUndefined = { a: 1, b: undefined };
    const dated = [new Date(0)];
    class Resource {
      public readonly a = 1;
    }
    const instance = new Resource();
    const config = { '1sorted': sorted, '2unsorted': unsorted, '3undefined': withUndefined, '4dated': dated, '5instance': instance, '6holes': [1, , 2] };
    const { text, value } = stableJsonWithValue(config) as { text: string; value: any };
    expect(text).toBe(cdktfText(config));
    expect(value).toStrictEqual(JSON.parse(text));
    expect(value['1sorted']).toBe(sorted);
    expect(value['2unsorted']).not.toBe(unsorted);
    expect(Object.keys(value['2unsorted'])).toEqual(['a', 'z']);
    expect(value['3undefined']).not.toBe(withUndefined);
    expect(value['4dated']).not.toBe(dated);
    expect(value['5instance']).not.toBe(instance);
    expect(value['6holes']).toStrictEqual([1, null, 2]);
    // The input is not changed.
    expect(Object.keys(unsorted)).toEqual(['z', 'a']);
    expect('b' in withUndefined).toBe(true);
  });

  test.each([
    ...CASES,
    ['blocks of resources and data sources', {
      '//': { metadata: { stackName: 'prod' }, outputs: {} },
      'data': { aws_caller_identity: { current: {} }, aws_iam_policy_document: { d: { statement: [{ actions: ['s3:GetObject'], effect: 'Allow' }, {}] } } },
      'output': { o: { value: 'x' } },
      'resource': {
        aws_s3_bucket: { b: { bucket: 'b', tags: {} }, a: { bucket: 'a\n"quoted": {}', list: [[], {}, [{}]] } },
        aws_iam_role: { r: { assume_role_policy: '{"Statement": []}', name: 'r' } },
      },
      'terraform': { backend: { local: { path: 'terraform.prod.tfstate' } } },
    }],
    ['an empty resource block', { resource: {}, terraform: {} }],
    ['a resource type that is not an object of resources', { resource: { aws_s3_bucket: [{ b: { bucket: 'b' } }], aws_iam_role: { r: {} } } }],
    ['a block as an array', { resource: [{ aws_s3_bucket: { b: {} } }] }],
    ['numbers JSON writes as null', { resource: { t: { n: { x: NaN } } } }],
    ['only other blocks', { terraform: { required_providers: { aws: { source: 'aws' } } } }],
  ])('writes stableJson\'s text in pieces, with the lines of the resource keys: %s', (_, value) => {
    const pieces: string[] = [];
    const result = writeStableJson(value, text => pieces.push(text));
    const text = pieces.join('');
    expect(text).toBe(stableJson(value));
    const { value: copy } = stableJsonWithValue(value);
    if (result.value !== undefined) expect(result.value).toStrictEqual(copy);
    expect(result.value === undefined).toBe(copy === undefined);
    if (result.lines) {
      expect(result.text).toBeUndefined();
      expect([...result.lines]).toEqual([...terraformKeyLines(text)]);
    } else {
      expect(result.text).toBe(text);
    }
  });

  test('a large configuration is handed over in pieces of about a megabyte, the lines recorded for every resource', () => {
    const bucket = (i: number) => ({ bucket: `bucket-${i}`, tags: { team: 'shop', index: String(i) }, versioning: [{ enabled: true }], empty: {} });
    const config = { resource: { aws_s3_bucket: Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`b${i}`, bucket(i)])) } };
    const pieces: string[] = [];
    const result = writeStableJson(config, text => pieces.push(text));
    expect(pieces.length).toBeGreaterThan(2);
    expect(Math.max(...pieces.map(p => p.length))).toBeLessThan(1.1 * 1024 * 1024);
    const text = pieces.join('');
    expect(text).toBe(cdktfText(config));
    expect(result.lines!.size).toBe(20_000);
    expect([...result.lines!]).toEqual([...terraformKeyLines(text)]);
  });

  test('refuses a circular structure as JSON.stringify does, and accepts a value seen twice', () => {
    const a: any = { x: 1 };
    a.self = { a };
    expect(() => stableJson(a)).toThrow(TypeError);
    const shared = { k: {} };
    expect(stableJson({ one: shared, two: [shared] })).toBe(cdktfText({ one: shared, two: [shared] }));
  });
});
