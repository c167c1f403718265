import { checkProps, describeValue, editDistance, propKeys, PropsSpec, suggestKeys } from '../../src/core/props';
import { Effect } from '../../src/identity/policy-statement';
import { Probe } from '../../src/microservice/probe';
import { expectConfigError } from '../support/errors';

interface ExampleProps {
  readonly image: string;
  readonly replicas?: number;
  readonly cpu?: number;
  readonly debug?: boolean;
  readonly command?: string[];
  readonly cidrs?: string[];
  readonly env?: { [key: string]: string };
  readonly resources?: object;
  readonly readinessProbe?: Probe;
  readonly effect?: Effect;
}

const KEYS = propKeys<ExampleProps>({
  image: true, replicas: true, cpu: true, debug: true, command: true, cidrs: true, env: true, resources: true, readinessProbe: true, effect: true,
});

const SPEC: PropsSpec = {
  knownKeys: KEYS,
  required: ['image'],
  strings: ['image'],
  integers: ['replicas'],
  numbers: ['cpu'],
  booleans: ['debug'],
  stringLists: ['command'],
  lists: ['cidrs'],
  stringMaps: ['env'],
  objects: ['resources'],
  classes: { readinessProbe: Probe },
  enums: { effect: { name: 'Effect', values: Effect } },
  hints: { readinessProbe: "e.g. Probe.httpGet('/healthz')" },
};

const check = (props: unknown, property = 'props') => checkProps('app/svc', property, props, SPEC);

test('propKeys lists every key of the interface', () => {
  expect(KEYS).toEqual(['image', 'replicas', 'cpu', 'debug', 'command', 'cidrs', 'env', 'resources', 'readinessProbe', 'effect']);
});

test('well-formed props pass', () => {
  expect(() => check({
    image: 'x',
    replicas: 3,
    cpu: 0.5,
    debug: false,
    command: ['npm', 'start'],
    cidrs: ['10.0.0.0/8'],
    env: { A: 'b' },
    resources: {},
    readinessProbe: Probe.httpGet('/healthz'),
    effect: Effect.DENY,
  })).not.toThrow();
  expect(() => check({ image: 'x', replicas: undefined })).not.toThrow();
  expect(() => checkProps('app/svc', 'options', undefined, { knownKeys: ['a'] })).not.toThrow();
});

describe('refused, naming the property and the value received', () => {
  test.each([
    ['unknown property, with a suggestion', { image: 'x', replica: 5 }, 'replica', 5, 'unknown property "replica" (did you mean "replicas"?)'],
    ['unknown property, case', { image: 'x', Image: 'y' }, 'Image', 'y', 'did you mean "image"?'],
    ['unknown property, no suggestion', { image: 'x', zzz: 1 }, 'zzz', 1, 'unknown property "zzz"'],
    ['null', { image: 'x', replicas: null }, 'replicas', null, 'null is not accepted'],
    // (NaN and Infinity are expected as their text: JSON would render them as null.)
    ['NaN', { image: 'x', replicas: NaN }, 'replicas', 'NaN', 'NaN is not a usable number'],
    ['Infinity', { image: 'x', cpu: Infinity }, 'cpu', 'Infinity', 'Infinity is not a usable number'],
    ['a numeric string', { image: 'x', replicas: '3' }, 'replicas', '3', 'a number is expected, not a string'],
    ['a fraction', { image: 'x', replicas: 2.5 }, 'replicas', 2.5, 'a whole number is expected'],
    ['a string for a boolean', { image: 'x', debug: 'false' }, 'debug', 'false', 'true or false is expected'],
    ['a number for a string', { image: 42 }, 'image', 42, 'a string is expected, not a number'],
    ['a string for a command list', { image: 'x', command: 'npm start' }, 'command', 'npm start', 'a list is expected, not a string'],
    ['a string for a CIDR list', { image: 'x', cidrs: '10.0.0.0/8' }, 'cidrs', '10.0.0.0/8', 'a list is expected, not a string'],
    ['a number in a string list', { image: 'x', command: ['--port', 8080] }, 'command[1]', 8080, 'a string is expected, not a number'],
    ['a number in a string map', { image: 'x', env: { PORT: 8080 } }, 'env.PORT', 8080, 'a string is expected, not a number'],
    ['a list for an object', { image: 'x', env: ['A=b'] }, 'env', ['A=b'], 'an object is expected, not a list'],
    ['a plain object for a class', { image: 'x', readinessProbe: { path: '/' } }, 'readinessProbe', { path: '/' }, 'a plain object is not a Probe'],
    ['a wrong enum value', { image: 'x', effect: 'allow' }, 'effect', 'allow', 'not a Effect (values are case-sensitive: "Allow")'],
    ['a missing required property', { replicas: 2 }, 'image', undefined, 'image is required'],
  ])('%s', (_label, props, property, received, problem) => {
    const e = expectConfigError(() => check(props), { path: 'app/svc', property, received });
    expect(e.problem).toContain(problem);
  });

  test('NaN and Infinity are shown as such, not as null', () => {
    expect(() => check({ image: 'x', replicas: NaN })).toThrow('replicas: received NaN');
    expect(() => check({ image: 'x', cpu: -Infinity })).toThrow('cpu: received -Infinity');
  });

  test('fixes say what to pass', () => {
    expect(() => check({ image: 'x', replica: 5 })).toThrow(/Fix: rename it to "replicas"; the known properties are cidrs, command, cpu, debug, effect, env, image, readinessProbe, replicas, resources/);
    expect(() => check({ image: 'x', command: 'npm start' })).toThrow('["npm","start"]');
    expect(() => check({ image: 'x', cidrs: '10.0.0.0/8' })).toThrow('["10.0.0.0/8"]');
    expect(() => check({ image: 'x', readinessProbe: { path: '/' } })).toThrow("Probe.httpGet(...) or Probe.tcpSocket(...); e.g. Probe.httpGet('/healthz')");
    expect(() => check({ image: 'x', replicas: '3' })).toThrow('pass the number 3, without quotes');
    expect(() => check({ image: 'x', effect: 'allow' })).toThrow('Effect.ALLOW ("Allow"), Effect.DENY ("Deny")');
  });

  test.each([
    ['null props', null, 'an object of properties is expected, not null'],
    ['a string', 'x', 'an object of properties is expected, not a string'],
    ['a list', [], 'an object of properties is expected, not a list'],
    ['a class instance', Probe.tcpSocket(), 'an object of properties is expected, not an object'],
    ['undefined when required', undefined, 'props are required (image)'],
  ])('%s', (_label, props, problem) => {
    const e = expectConfigError(() => check(props), { path: 'app/svc', property: 'props', received: props });
    expect(e.problem).toBe(problem);
  });

  test('nested props are reported with their prefix', () => {
    expectConfigError(() => check({ image: 'x', replicas: null }, 'resources'), { path: 'app/svc', property: 'resources.replicas', received: null });
  });
});

test('suggestions and edit distance', () => {
  expect(editDistance('replica', 'replicas')).toBe(1);
  expect(editDistance('', 'abc')).toBe(3);
  expect(editDistance('kitten', 'sitting')).toBe(3);
  expect(suggestKeys('replica', ['replicas', 'port'])).toEqual(['replicas']);
  expect(suggestKeys('cpu', ['cpuRequest', 'cpuLimit', 'memoryLimit'])).toEqual(['cpuRequest', 'cpuLimit']);
  expect(suggestKeys('x', ['replicas'])).toEqual([]);
});

test('describeValue renders what JSON cannot', () => {
  expect(describeValue(NaN)).toBe('NaN');
  expect(describeValue(() => 1)).toBe('a function');
  expect(describeValue(Probe.httpGet('/x'))).toMatch(/^a Probe \{/);
  expect(describeValue({ a: 1 })).toBe('{"a":1}');
  expect(describeValue(undefined)).toBe('nothing (undefined)');
});
