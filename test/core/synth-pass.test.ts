import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import { writeKubernetes } from '../../src/app/kubernetes-writer';
import { SCANNER_ONLY_CONTROLS } from '../../src/core/opt-out';
import { addSynthTimeScannerExemption } from '../../src/core/scanner-exemptions';
import { inSynthPass, oncePerSynthPass } from '../../src/core/synth-pass';

describe('oncePerSynthPass', () => {
  test('computes once within a pass, again in the next pass, and on every call outside one', () => {
    let calls = 0;
    const once = oncePerSynthPass(() => ++calls);
    expect(inSynthPass(() => [once(), once(), once()])).toEqual([1, 1, 1]);
    expect(inSynthPass(() => [once(), once()])).toEqual([2, 2]);
    expect([once(), once()]).toEqual([3, 4]);
    // A pass inside a pass is a pass of its own (a value is kept for the latest pass only).
    expect(inSynthPass(() => [once(), inSynthPass(() => [once(), once()]), once()])).toEqual([5, [6, 6], 7]);
  });

  test('a pass that throws ends', () => {
    let calls = 0;
    const once = oncePerSynthPass(() => ++calls);
    expect(() => inSynthPass(() => {
      once();
      throw new Error('boom');
    })).toThrow('boom');
    expect([once(), once()]).toEqual([2, 3]);
  });
});

describe('a synth-time scanner exemption', () => {
  test('reads its reason once per written manifest, and again when the app is written again', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'synth-pass-')) });
    const chart = new Chart(app, 'c');
    const object = new ApiObject(chart, 'd', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' } });
    let reason: string | undefined = 'first';
    let calls = 0;
    addSynthTimeScannerExemption(object, SCANNER_ONLY_CONTROLS.DENY_ALL_DIRECTION, () => {
      calls++;
      return reason;
    });
    const annotations = () => writeKubernetes(app)[0].objects[0].metadata.annotations;
    expect(annotations()).toEqual({ 'polaris.fairwinds.com/missingNetworkPolicy-exempt': 'true', 'polaris-exempt.secure-constructs.io/missingNetworkPolicy': 'first' });
    expect(calls).toBe(1);
    reason = undefined;
    expect(annotations()).toBeUndefined();
    expect(calls).toBe(2);
    // Resolved on its own, outside a pass, it reads the reason for each annotation.
    reason = 'again';
    expect(object.toJson().metadata.annotations['polaris-exempt.secure-constructs.io/missingNetworkPolicy']).toBe('again');
    expect(calls).toBe(4);
  });
});
