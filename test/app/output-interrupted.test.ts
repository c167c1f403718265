import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AttributeType, Platform, SecureApp, SecureMicroservice, SecureTable } from '../../src';
import { OUTPUT_MANIFEST } from '../../src/app/output-manifest';
import { image, PLATFORM_PROPS } from '../support/synth';

// Every rename goes through this mock, so a test can interrupt synth at a chosen file.
jest.mock('fs', () => {
  const actual = jest.requireActual('fs');
  return { ...actual, renameSync: jest.fn(actual.renameSync) };
});
const renameSync = fs.renameSync as jest.MockedFunction<typeof fs.renameSync>;
const realRename = jest.requireActual('fs').renameSync;

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
  return result;
}

function app(outdir: string, replicas: number): SecureApp {
  const a = new SecureApp({ outdir });
  const p = new Platform(a, 'prod', PLATFORM_PROPS);
  new SecureMicroservice(p, 'web', { image: image(), replicas });
  new SecureTable(p, 'orders', { tableName: `prod-orders-${replicas}`, partitionKey: { name: 'id', type: AttributeType.STRING } });
  return a;
}

describe('atomic output', () => {
  test.each(['.k8s.yaml', 'cdk.tf.json', 'manifest.json', 'report.json'])('a synth interrupted when it replaces a %s file leaves every earlier file whole, and no temporary file', at => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'output-'));
    app(outdir, 2).synth();
    const before = files(outdir);
    renameSync.mockImplementation((from, to) => {
      if (String(to).endsWith(at)) throw new Error(`interrupted at ${at}`);
      return realRename(from, to);
    });
    try {
      expect(() => app(outdir, 3).synth()).toThrow(`interrupted at ${at}`);
    } finally {
      renameSync.mockImplementation(realRename);
    }
    const now = files(outdir);
    // Each file is the previous synth's or this one's, never a mix; the one being replaced is the previous.
    for (const [f, content] of Object.entries(now)) {
      if (f.endsWith(at)) expect([f, content]).toEqual([f, before[f]]);
    }
    expect(now[OUTPUT_MANIFEST]).toBe(before[OUTPUT_MANIFEST]);
    expect(Object.keys(now).sort()).toEqual(Object.keys(before).sort());
    // The next synth completes and writes the new program's output.
    app(outdir, 3).synth();
    expect(files(outdir)['terraform/stacks/prod/cdk.tf.json']).toContain('prod-orders-3');
  });
});
