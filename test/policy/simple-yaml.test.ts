import * as jsYaml from 'js-yaml';
import { stringify } from 'yaml';
import { MAX_SIMPLE_DEPTH, parseSimpleYaml } from '../../src/policy/simple-yaml';

const jsYamlLoad = (text: string) => jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA });

/** Every document the simple reader reads must read as js-yaml reads it, key order included. */
function expectSameAsJsYaml(text: string): void {
  const simple = parseSimpleYaml(text);
  expect(simple).toBeDefined();
  expect(JSON.stringify(simple!.value)).toEqual(JSON.stringify(jsYamlLoad(text)));
  expect(simple!.value).toEqual(jsYamlLoad(text));
}

describe('parseSimpleYaml', () => {
  test('block mappings and sequences, both sequence styles, literal blocks, quotes, {} and []', () => {
    const text = [
      '# a comment',
      '---',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: web',
      '  annotations:',
      '    description: |-',
      '      two',
      '        lines',
      '',
      '      and a blank one',
      '    kept: |',
      '      with a newline',
      '',
      '  # an indented comment',
      'spec:',
      '  replicas: 3',
      '  template:',
      '    spec:',
      '      containers:',
      '      - name: web',
      '        args:',
      '          - --listen=:8443',
      '          - "quoted: \\"x\\" \\\\ \\n"',
      "          - 'it''s'",
      '        env: []',
      '        securityContext: {}',
      '      -   name: second',
      '          image: nginx@sha256:0123',
      '      volumes:',
      '        - name: tmp',
      '          emptyDir: {}',
      '"quoted key": value   ',
      'empty:',
      'last: end',
    ].join('\n');
    expectSameAsJsYaml(text);
    expect((parseSimpleYaml(text)!.value as any).metadata.annotations).toEqual({ description: 'two\n  lines\n\nand a blank one', kept: 'with a newline\n' });
  });

  test('plain scalars resolve as in the YAML 1.2 core schema (js-yaml\'s own resolvers)', () => {
    const values = ['null', 'Null', 'NULL', '~', 'true', 'True', 'FALSE', 'yes', 'no', 'on', 'y', '1', '-1', '+1', '0', '007', '0o17', '0x1F',
      '1_000', '1.5', '.5', '-.inf', '.NaN', '1e3', '2001-01-01', '12:30', 'nulls', 'truey', '100m', '128Mi', 'a,b', '-x', '/path', 'it\'s', 'a"b'];
    const text = values.map((v, i) => `k${i}: ${v}`).join('\n') + '\n';
    expectSameAsJsYaml(text);
    const value = parseSimpleYaml(text)!.value as any;
    expect([value.k0, value.k4, value.k11, value.k16, value.k21, value.k26]).toEqual([null, true, 1, 15, Number.NEGATIVE_INFINITY, 'nulls']);
  });

  test('what emitters write reads as js-yaml reads it', () => {
    const value = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', labels: { 'app.kubernetes.io/name': 'web' } },
      data: { multi: 'one\ntwo\n', number: '10', bool: 'true', empty: '', spaces: ' padded ', colon: 'a: b', hash: 'a #b' },
      list: [[1, 2], [], {}, { a: null }, 'x'],
    };
    for (const text of [stringify(value), stringify(value, { indentSeq: false }), jsYaml.dump(value), jsYaml.dump(value, { noArrayIndent: true })]) {
      const simple = parseSimpleYaml(text);
      // Documents outside the subset are left to js-yaml: never read differently.
      if (simple) expect(simple.value).toEqual(jsYamlLoad(text));
    }
    expectSameAsJsYaml(stringify({ metadata: value.metadata, spec: { containers: [{ name: 'c', ports: [{ containerPort: 80 }] }] } }));
  });

  test.each([
    ['an anchor and an alias', 'a: &x {b: 1}\nc: *x\n'],
    ['a tag', 'a: !!binary aGVsbG8=\n'],
    ['a flow mapping', 'a: {b: 1}\n'],
    ['a trailing comment', 'a: b # note\n'],
    ['a multi-line double-quoted scalar', 'a: "one\n  two"\n'],
    ['a multi-line plain scalar', 'a: one\n  two\n'],
    ['a folded block', 'a: >\n  one\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a key that is not a string', '1: a\n'],
    ['a merge key', '<<: {a: 1}\n'],
    ['__proto__', '__proto__: {a: 1}\n'],
    ['a tab', 'a:\tb\n'],
    ['a carriage return', 'a: b\r\n'],
    ['a non-ASCII character', 'a: \u00fc\n'],
    ['a directive', '%YAML 1.2\n---\na: b\n'],
    ['bad indentation', 'a:\n  b: 1\n c: 2\n'],
    ['a mapping on one line', 'a: b: c\n'],
    ['an unusual escape', 'a: "\\u00fc"\n'],
    ['a scalar document', 'just text\n'],
    ['an empty document', '# only a comment\n'],
    ['a sequence entry without a value', 'a:\n-\n- b\n'],
  ])('gives up on %s', (_what, text) => {
    expect(parseSimpleYaml(text)).toBeUndefined();
  });

  test(`gives up past ${MAX_SIMPLE_DEPTH} levels of nesting, leaving the refusal to the full parser`, () => {
    const nested = (levels: number) => Array.from({ length: levels }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n') + ' leaf\n';
    expect(parseSimpleYaml(nested(MAX_SIMPLE_DEPTH - 1))).toBeDefined();
    expect(parseSimpleYaml(nested(MAX_SIMPLE_DEPTH + 1))).toBeUndefined();
  });
});
