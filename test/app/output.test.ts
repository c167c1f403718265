import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Platform, SecureApp, SecureMicroservice, SecureTable, AttributeType } from '../../src';
import { commitOutput, OUTPUT_MANIFEST, previousOutput, publishOutputFile, writeOutputFile, writeOutputFileWith } from '../../src/app/output-manifest';
import { image, PLATFORM_PROPS } from '../support/synth';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'output-'));

/** Every file below `dir`, relative, sorted, with its content. */
function files(dir: string): { [file: string]: string } {
  const result: { [file: string]: string } = {};
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(p);
      else result[p] = fs.readFileSync(path.join(dir, p), 'utf8');
    }
  };
  walk('');
  return Object.fromEntries(Object.entries(result).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** An app with the given platforms, each with one service and one table. */
function app(outdir: string, platforms: string[]): SecureApp {
  const a = new SecureApp({ outdir });
  for (const id of platforms) {
    const p = new Platform(a, id, PLATFORM_PROPS);
    new SecureMicroservice(p, 'web', { image: image() });
    new SecureTable(p, 'orders', { partitionKey: { name: 'id', type: AttributeType.STRING } });
  }
  return a;
}

const EXPECTED = (ids: string[]) => [
  ...ids.map(id => `kubernetes/${id}.k8s.yaml`),
  'policy/report.json', 'policy/report.md', 'policy/report.sarif',
  'terraform/manifest.json',
  ...ids.map(id => `terraform/stacks/${id}/cdk.tf.json`),
].sort();

describe('clean output', () => {
  test('synth lists every file it wrote in the output manifest, sorted', () => {
    const outdir = tmp();
    app(outdir, ['prod', 'staging']).synth();
    expect(previousOutput(outdir)).toEqual(EXPECTED(['prod', 'staging']));
    expect(Object.keys(files(outdir)).sort()).toEqual([OUTPUT_MANIFEST, ...EXPECTED(['prod', 'staging'])].sort());
  });

  test('a removed platform\'s files go, with the directories they leave empty; the user\'s files stay', () => {
    const outdir = tmp();
    app(outdir, ['prod', 'staging']).synth();
    const sentinels = {
      'README.md': 'mine',
      'kubernetes/extra.yaml': 'kind: ConfigMap\n',
      'terraform/stacks/staging/notes.txt': 'keep me',
      'terraform/stacks/staging/terraform.staging.tfstate': '{"version": 4}',
      'policy/custom.md': 'mine too',
    };
    for (const [f, c] of Object.entries(sentinels)) fs.writeFileSync(path.join(outdir, f), c);
    const prodBefore = fs.readFileSync(path.join(outdir, 'terraform/stacks/prod/cdk.tf.json'), 'utf8');

    app(outdir, ['prod']).synth();
    const after = files(outdir);
    expect(after['kubernetes/staging.k8s.yaml']).toBeUndefined();
    expect(after['terraform/stacks/staging/cdk.tf.json']).toBeUndefined();
    for (const [f, c] of Object.entries(sentinels)) expect([f, after[f]]).toEqual([f, c]);
    expect(after['terraform/stacks/prod/cdk.tf.json']).toBe(prodBefore);
    expect(previousOutput(outdir)).toEqual(EXPECTED(['prod']));
    const manifest = JSON.parse(after['terraform/manifest.json']);
    expect(Object.keys(manifest.stacks)).toEqual(['prod']);

    // Without the user's files, the stack directory goes too.
    app(outdir, ['prod', 'staging']).synth();
    fs.rmSync(path.join(outdir, 'terraform/stacks/staging/notes.txt'));
    fs.rmSync(path.join(outdir, 'terraform/stacks/staging/terraform.staging.tfstate'));
    app(outdir, ['prod']).synth();
    expect(fs.existsSync(path.join(outdir, 'terraform/stacks/staging'))).toBe(false);
    expect(fs.existsSync(path.join(outdir, 'terraform/stacks/prod'))).toBe(true);
  });

  test('no staging or temporary file is left behind, and the output is deterministic', () => {
    const a = tmp();
    const b = tmp();
    app(a, ['prod']).synth();
    app(a, ['prod']).synth();
    app(b, ['prod']).synth();
    expect(files(a)).toEqual(files(b));
    expect(Object.keys(files(a)).filter(f => /\.tmp$|\.staging-/.test(f))).toEqual([]);
    expect(fs.readdirSync(path.join(a, 'terraform')).sort()).toEqual(['manifest.json', 'stacks']);
  });

  test('never removes what the previous manifest names outside the outdir, a directory, a link or the manifest itself', () => {
    const parent = tmp();
    const outdir = path.join(parent, 'dist');
    fs.mkdirSync(path.join(outdir, 'adir'), { recursive: true });
    fs.writeFileSync(path.join(parent, 'outside.txt'), 'x');
    fs.writeFileSync(path.join(outdir, 'target.txt'), 'x');
    fs.symlinkSync(path.join(outdir, 'target.txt'), path.join(outdir, 'link.txt'));
    fs.writeFileSync(path.join(outdir, 'ok.txt'), 'ours, stale');
    fs.writeFileSync(path.join(outdir, OUTPUT_MANIFEST), JSON.stringify({
      files: ['../outside.txt', path.join(parent, 'outside.txt'), 'adir', 'link.txt', OUTPUT_MANIFEST, 'sub/../ok.txt', 'missing.txt', 42, 'ok.txt'],
    }));
    const result = commitOutput(outdir);
    expect(result).toEqual({ written: [], removed: ['ok.txt'] });
    expect(fs.existsSync(path.join(parent, 'outside.txt'))).toBe(true);
    expect(fs.statSync(path.join(outdir, 'adir')).isDirectory()).toBe(true);
    expect(fs.lstatSync(path.join(outdir, 'link.txt')).isSymbolicLink()).toBe(true);
    expect(fs.existsSync(path.join(outdir, 'target.txt'))).toBe(true);
    expect(previousOutput(outdir)).toEqual([]);
  });

  test('a missing or malformed manifest removes nothing', () => {
    const outdir = tmp();
    fs.writeFileSync(path.join(outdir, 'a.txt'), 'x');
    expect(commitOutput(outdir).removed).toEqual([]);
    fs.writeFileSync(path.join(outdir, OUTPUT_MANIFEST), '{ half-written');
    expect(commitOutput(outdir).removed).toEqual([]);
    fs.writeFileSync(path.join(outdir, OUTPUT_MANIFEST), '{"files": "a.txt"}');
    expect(commitOutput(outdir).removed).toEqual([]);
    expect(fs.existsSync(path.join(outdir, 'a.txt'))).toBe(true);
  });

  test('files written under another outdir are not listed', () => {
    const one = tmp();
    const two = tmp();
    writeOutputFile(path.join(one, 'a.txt'), 'a');
    writeOutputFile(path.join(two, 'b.txt'), 'b');
    expect(commitOutput(one).written).toEqual(['a.txt']);
    expect(commitOutput(two).written).toEqual(['b.txt']);
  });
});

describe('atomic output', () => {
  afterEach(() => jest.restoreAllMocks());

  test('a write that fails leaves the previous file whole and no temporary file', () => {
    const dir = tmp();
    const file = path.join(dir, 'm.yaml');
    writeOutputFile(file, 'old: 1\n');
    expect(() => writeOutputFileWith(file, fd => {
      fs.writeSync(fd, 'new: ');
      throw new Error('interrupted');
    })).toThrow('interrupted');
    expect(fs.readFileSync(file, 'utf8')).toBe('old: 1\n');
    expect(fs.readdirSync(dir)).toEqual(['m.yaml']);
  });

  test('a finished file moves over its target in one rename, into its directory, created when missing', () => {
    const dir = tmp();
    const beside = path.join(dir, '.stack.tmp');
    fs.writeFileSync(beside, '{"a":1}');
    fs.writeFileSync(path.join(dir, 'cdk.tf.json'), '{"old":true}');
    publishOutputFile(beside, path.join(dir, 'cdk.tf.json'));
    expect(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')).toBe('{"a":1}');
    expect(fs.readdirSync(dir)).toEqual(['cdk.tf.json']);

    const elsewhere = path.join(dir, 'new', 'stacks', 'b', 'cdk.tf.json');
    fs.writeFileSync(beside, '{"b":2}');
    publishOutputFile(beside, elsewhere);
    expect(fs.readFileSync(elsewhere, 'utf8')).toBe('{"b":2}');
    expect(fs.existsSync(beside)).toBe(false);
    // A source that is missing is an error, not a directory created for nothing.
    expect(() => publishOutputFile(path.join(dir, 'gone.tmp'), path.join(dir, 'other', 'x.json'))).toThrow(/ENOENT/);
    expect(fs.existsSync(path.join(dir, 'other'))).toBe(false);
  });
});
