import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { isFloorFile, serializationFloor, yamlDocuments, yamlText } from '../../bench/floor';
import { equalWork, parseSummaryLine, summaryLine } from '../../bench/run';

describe('bench summary line', () => {
  const figures = { n: 1000, ratio: 2.1449, equal: 0.4162, floor: 5.555, scale: 1.93, rssMb: 525.4, coldMs: 633.2, warmMs: 41.96, checkOps: 6012.7 };

  test('writes every field, rounded, in a fixed order', () => {
    expect(summaryLine(figures)).toBe('bench: n=1000 ratio=2.14 equal=0.42 floor=5.55 scale=1.93 rss_mb=525 cold_ms=633 warm_ms=42.0 check_ops=6013');
  });

  test('writes na for what was not measured, and reads it back as NaN', () => {
    const line = summaryLine({ ...figures, n: 100, scale: NaN, checkOps: NaN });
    expect(line).toContain('scale=na');
    expect(line).toContain('check_ops=na');
    const back = parseSummaryLine(line);
    expect(back.scale).toBeNaN();
    expect(back.checkOps).toBeNaN();
    expect(back.n).toBe(100);
    expect(back.floor).toBe(5.55);
  });

  test('reading refuses a line of another shape', () => {
    expect(() => parseSummaryLine('bench: n=1000 ratio=2.14 scale=1.93 rss_mb=525 cold_ms=633')).toThrow(/not a bench summary line/);
    expect(() => parseSummaryLine(summaryLine(figures).replace('equal=0.42', 'equal=fast'))).toThrow(/not a number or na: fast/);
  });

  test('equal work compares time per item written', () => {
    // 4.4 s for 10,000 objects + 12,000 resources against 2 s for 6,000 objects: 0.2 ms / 0.333 ms.
    const ours = { wallMs: 4400, kubernetesObjects: 10000, terraformResources: 12000 };
    expect(equalWork(ours, { wallMs: 2000, kubernetesObjects: 6000 })).toBeCloseTo(0.6);
    expect(equalWork({ wallMs: 1, kubernetesObjects: 0, terraformResources: 0 }, { wallMs: 1, kubernetesObjects: 6 })).toBeNaN();
  });
});

describe('bench serialization floor', () => {
  test('writes the same manifests and Terraform JSON again, and only those', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'floor-test-'));
    try {
      const out = path.join(dir, 'out');
      const scratch = path.join(dir, 'scratch');
      fs.mkdirSync(path.join(out, 'kubernetes'), { recursive: true });
      fs.mkdirSync(path.join(out, 'terraform', 'stacks', 'a'), { recursive: true });
      fs.mkdirSync(scratch);
      const docs = [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a', labels: { on: 'yes' } } }, { kind: 'X', n: 1, list: ['1_000'] }];
      const yaml = yamlText(docs);
      fs.writeFileSync(path.join(out, 'kubernetes', 'a.k8s.yaml'), yaml);
      const tf = JSON.stringify({ resource: { aws_iam_role: { r: { name: 'r' } } } }, null, 2);
      fs.writeFileSync(path.join(out, 'terraform', 'stacks', 'a', 'cdk.tf.json'), tf);
      fs.writeFileSync(path.join(out, 'terraform', 'manifest.json'), '{}');
      expect(yamlDocuments(yaml)).toEqual(docs);

      const floor = serializationFloor(out, scratch);
      expect(floor.files).toBe(2);
      expect(floor.ms).toBeGreaterThanOrEqual(0);
      expect(fs.readFileSync(path.join(scratch, 'kubernetes', 'a.k8s.yaml'), 'utf-8')).toBe(yaml);
      expect(fs.readFileSync(path.join(scratch, 'terraform', 'stacks', 'a', 'cdk.tf.json'), 'utf-8')).toBe(tf);
      expect(fs.existsSync(path.join(scratch, 'terraform', 'manifest.json'))).toBe(false);
      expect(floor.bytes).toBe(floor.originalBytes);
      expect(isFloorFile('report.json')).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
