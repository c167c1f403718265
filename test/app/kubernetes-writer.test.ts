import { parse } from 'yaml';
import { manifestYaml } from '../../src/app/kubernetes-writer';

/** Strings a YAML emitter must quote for some reader, and strings it may leave plain. */
const TRICKY = [
  'yes', 'no', 'on', 'off', 'y', 'n', 'Y', 'N', 'true', 'False', 'null', 'Null', '~', '',
  '0755', '0o17', '1e3', '1_000', '-1_000', '0x1F', '0x_1F', '0b1_01', '685_230.15', '1_0.5e+3',
  '190:20:30', '1_90:20:30.15', '.inf', '-.inf', '.nan', '2001-12-14', '2001-12-14T21:59:43.10-05:00',
  '12:30', 'a: b', 'a:b', '- x', '-', '#x', 'a #b', ' lead', 'trail ', 'multi\nline', 'multi\nline\n',
  'tab\tx', 'é', '"q"', "'s'", '*a', '&a', '!t', '%d', '@a', '`b', '{', '[', '123', '-1', '1.5',
  '+1', '.5', '=', '<<', '?', '|', '>', 'a\\b', 'x\ry', '0', '00', '08', '09', '1.', '1_', '_1', 'a_1',
  'arn:aws:s3:::bucket/*', '${aws_s3_bucket.data.arn}', 'https://x.example/p?a=b&c=d#f',
];

describe('manifestYaml', () => {
  test.each(TRICKY)('%j reads back as the same string under YAML 1.1 and 1.2', (text) => {
    const written = manifestYaml({ data: { [text]: text }, list: [text] });
    for (const version of ['1.1', '1.2'] as const) {
      expect(parse(written, { version })).toEqual({ data: { [text]: text }, list: [text] });
    }
  });

  test('numbers, booleans, null and empty collections keep their types', () => {
    const value = { n: [0, 1, -1, 1.5, 8080, 123456789012], b: [true, false], z: null, o: {}, a: [], nested: [[1, []], [{}]] };
    for (const version of ['1.1', '1.2'] as const) {
      expect(parse(manifestYaml(value), { version })).toEqual(value);
    }
  });

  test('block style without line folding, aliases or tags', () => {
    const long = 'x'.repeat(300);
    const shared = { app: 'web' };
    const text = manifestYaml({ metadata: { labels: shared, annotations: { long } }, spec: { selector: shared } });
    expect(text).toBe([
      'metadata:',
      '  labels:',
      '    app: web',
      '  annotations:',
      `    long: ${long}`,
      'spec:',
      '  selector:',
      '    app: web',
      '',
    ].join('\n'));
  });

  test('the underscore-number rule quotes only strings YAML 1.1 reads as numbers', () => {
    expect(manifestYaml({ v: '1_000' })).toBe('v: "1_000"\n');
    expect(manifestYaml({ v: 'a_1' })).toBe('v: a_1\n');
    expect(manifestYaml({ v: 'my_service' })).toBe('v: my_service\n');
  });
});
