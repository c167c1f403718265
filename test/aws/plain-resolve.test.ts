import { DefaultTokenResolver, Fn, Lazy, StringConcat, TerraformStack, Testing, Token } from 'cdktf';
import { resolve } from 'cdktf/lib/tokens/private/resolve';
import { resolvePlainParts } from '../../src/aws/plain-resolve';

const stack = new TerraformStack(Testing.app(), 'stack');
const resolver = new DefaultTokenResolver(new StringConcat());
/** cdktf's resolution, counting its calls. */
let calls = 0;
const cdktfResolve = (value: unknown, prefix: string[] = []) => {
  calls++;
  return resolve(value, { scope: stack, preparing: false, resolver, prefix });
};

beforeEach(() => {
  calls = 0;
});

/** One value resolved both ways. */
function both(make: () => unknown): { ours: unknown; theirs: unknown } {
  const value = make();
  const theirs = cdktfResolve(value);
  calls = 0;
  const ours = resolvePlainParts(value, cdktfResolve);
  return { ours, theirs };
}

const lazyString = () => Lazy.stringValue({ produce: () => 'produced' });

const CASES: Array<[string, () => unknown]> = [
  ['plain nested data with undefined', () => ({ a: 'x', b: undefined, c: [1, undefined, { d: true, e: null }], f: {}, g: [] })],
  ['a string token', () => ({ name: lazyString() })],
  ['a token inside a string', () => ({ arn: `arn:aws:s3:::${lazyString()}/*` })],
  ['a number token', () => ({ n: Token.asNumber(Lazy.numberValue({ produce: () => 42 })) })],
  ['a number token written into a string', () => ({ s: `port-${Token.asNumber(Lazy.numberValue({ produce: () => 8443 }))}` })],
  ['a list token', () => ({ l: Token.asList(Lazy.listValue({ produce: () => ['a', 'b'] })) })],
  ['a number list token', () => ({ l: Token.asNumberList(Lazy.anyValue({ produce: () => [1, 2] })) })],
  ['a map token', () => ({ m: Token.asStringMap(Lazy.anyValue({ produce: () => ({ k: 'v' }) })) })],
  ['a token as a key', () => ({ [lazyString()]: 'v' })],
  ['a Terraform function', () => ({ policy: Fn.jsonencode({ Resource: `${lazyString()}` }) })],
  ['a resolvable object', () => ({ r: Lazy.anyValue({ produce: () => ({ nested: [lazyString()] }) }) })],
  ['escape sequences and literal expressions', () => ({ a: '${aws:username}', b: '$${literal}', c: 'x ${var.y} z', d: '{}' })],
  ['strings that look like numbers', () => ({ a: '1e+289', b: '-1.8881545897087626e+289', c: 'v1.2e3', d: 'bench-eks' })],
  ['a class instance and a Date', () => ({ i: new (class { public readonly k = 'v'; })(), d: new Date(0) })],
];

describe('resolvePlainParts', () => {
  test.each(CASES)('%s: the same result as cdktf\'s resolution', (_name, make) => {
    const { ours, theirs } = both(make);
    expect(ours).toEqual(theirs);
    expect(JSON.stringify(ours)).toBe(JSON.stringify(theirs));
  });

  test('plain data never reaches cdktf\'s resolution, and is copied', () => {
    const input = { name: 'svc', tags: { team: 'a' }, ports: [80, 443], on: true, none: null, gone: undefined };
    const out = resolvePlainParts(input, cdktfResolve) as typeof input;
    expect(calls).toBe(0);
    expect(out).toEqual({ name: 'svc', tags: { team: 'a' }, ports: [80, 443], on: true, none: null });
    expect(out).not.toBe(input);
    expect(out.tags).not.toBe(input.tags);
  });

  test('only the subtree holding a token reaches cdktf', () => {
    resolvePlainParts({ a: { b: 'plain', c: [1, 2] }, d: { e: lazyString() } }, cdktfResolve);
    expect(calls).toBe(1);
  });

  test('a list token hands its whole array to cdktf', () => {
    const list = Token.asList(Lazy.listValue({ produce: () => ['a'] }));
    let seen: unknown;
    resolvePlainParts({ l: list }, (value, prefix) => {
      seen = value;
      return cdktfResolve(value, prefix);
    });
    expect(seen).toBe(list);
  });

  test.each([
    ['a function', () => ({ f: () => 1 })],
    ['a function deep in arrays and objects', () => ({ a: [{ b: 'x' }, { c: [1, () => 1] }] })],
    ['a list token among plain elements', () => ({ l: ['x', ...Token.asList(Lazy.anyValue({ produce: () => ['a'] }))] })],
  ])('errors are cdktf\'s: %s', (_name, make) => {
    const value = make();
    const error = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as Error).message;
      }
      return 'no error';
    };
    const theirs = error(() => cdktfResolve(value));
    expect(theirs).not.toBe('no error');
    expect(error(() => resolvePlainParts(value, cdktfResolve))).toBe(theirs);
  });
});
