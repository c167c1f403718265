import { Construct } from 'constructs';
import { compareQuantities, isQuantity, parseQuantity } from '../../src/core/quantity';
import { ContainerResources, DEFAULT_RESOURCES, resolveResources } from '../../src/microservice/resources';
import { expectConfigError } from '../support/errors';

describe('the Kubernetes quantity grammar', () => {
  test.each([
    ['1', 1000n], ['0', 0n], ['100m', 100n], ['1.5', 1500n], ['.5', 500n], ['5.', 5000n], ['+2', 2000n], ['-1', -1000n],
    ['1e3', 1000000n], ['1E3', 1000000n], ['1e-3', 1n], ['2.5e2', 250000n], ['1e+2', 100000n],
    ['1k', 1000000n], ['1M', 10n ** 9n], ['1G', 10n ** 12n], ['1T', 10n ** 15n], ['1P', 10n ** 18n], ['1E', 10n ** 21n],
    ['1Ki', 1024000n], ['128Mi', 128n * 2n ** 20n * 1000n], ['.5Gi', 2n ** 29n * 1000n], ['1.5Gi', 3n * 2n ** 29n * 1000n],
    ['0.001', 1n], ['1Ei', 2n ** 60n * 1000n],
  ])('%s = %s thousandths', (text, milli) => {
    const parsed = parseQuantity(text);
    expect(parsed).toEqual({ ok: true, quantity: expect.objectContaining({ text, milli }) });
    expect(isQuantity(text)).toBe(true);
  });

  test.each([
    ['', 'not a Kubernetes quantity'], ['lots', 'not a Kubernetes quantity'], ['128MB', 'not a Kubernetes quantity'], ['1.2.3', 'not a Kubernetes quantity'],
    ['1 Gi', 'not a Kubernetes quantity'], ['Gi', 'not a Kubernetes quantity'], ['.', 'not a Kubernetes quantity'], ['1e', 'not a Kubernetes quantity'],
    ['1ki', 'not a Kubernetes quantity'], ['1e1.5', 'not a Kubernetes quantity'], ['0x10', 'not a Kubernetes quantity'],
    ['0.1m', 'more precise than a thousandth'], ['0.0001', 'more precise than a thousandth'],
    ['9Ei', 'larger than the API server keeps'], ['1e30', 'larger than the API server keeps'], ['1e999999', 'out of range'],
  ])('%j is refused: %s', (text, problem) => {
    const parsed = parseQuantity(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problem).toContain(problem);
  });

  test('non-strings are refused', () => {
    expect(parseQuantity(1).ok).toBe(false);
    expect(parseQuantity(undefined).ok).toBe(false);
  });

  test('comparison is exact across suffixes', () => {
    const q = (t: string) => { const p = parseQuantity(t); if (!p.ok) throw new Error(t); return p.quantity; };
    expect(compareQuantities(q('1'), q('1000m'))).toBe(0);
    expect(compareQuantities(q('1Gi'), q('1024Mi'))).toBe(0);
    expect(compareQuantities(q('1G'), q('1Gi'))).toBe(-1);
    expect(compareQuantities(q('1e3'), q('1k'))).toBe(0);
    expect(compareQuantities(q('.5Gi'), q('512Mi'))).toBe(0);
    expect(compareQuantities(q('1073741825'), q('1Gi'))).toBe(1);
    // Beyond float precision: 2^53 + 1 bytes against 2^53 bytes.
    expect(compareQuantities(q('9007199254740993'), q('8Pi'))).toBe(1);
  });
});

describe('resolveResources', () => {
  const scope = () => new Construct(new Construct(undefined as any, ''), 'svc');
  const resolve = (r: any) => resolveResources(scope(), r);

  test('defaults, and valid forms accepted as written', () => {
    expect(resolve(undefined)).toEqual(DEFAULT_RESOURCES);
    const r: ContainerResources = { cpuRequest: '.5', cpuLimit: '1e0', memoryRequest: '.5Gi', memoryLimit: '1Gi', ephemeralStorageRequest: '1e8', ephemeralStorageLimit: '1G' };
    expect(resolve(r)).toEqual(r);
  });

  test('a request equal to its limit in other units is accepted', () => {
    expect(() => resolve({ cpuRequest: '1', cpuLimit: '1000m', memoryRequest: '1Gi', memoryLimit: '1024Mi' })).not.toThrow();
  });

  test.each([
    ['cpuRequest', { cpuRequest: '2', cpuLimit: '500m' }, '2'],
    ['cpuRequest', { cpuRequest: '1001m', cpuLimit: '1' }, '1001m'],
    ['memoryRequest', { memoryRequest: '1Gi', memoryLimit: '1G' }, '1Gi'],
    ['memoryRequest', { memoryRequest: '1e9', memoryLimit: '.9G' }, '1e9'],
    ['ephemeralStorageRequest', { ephemeralStorageRequest: '300Mi', ephemeralStorageLimit: '.25Gi' }, '300Mi'],
  ])('%s larger than its limit: %j', (key, resources, value) => {
    const e = expectConfigError(() => resolve(resources), { path: 'svc', property: `resources.${key}`, received: value });
    expect(e.problem).toContain('larger than the limit');
  });

  test.each([
    ['cpuLimit', '0', 'a zero limit means no limit'],
    ['cpuLimit', '0m', 'a zero limit means no limit'],
    ['memoryLimit', '0Gi', 'a zero limit means no limit'],
    ['ephemeralStorageLimit', '0e3', 'a zero limit means no limit'],
    ['cpuRequest', '-100m', 'cannot be negative'],
    ['memoryLimit', '-1Gi', 'cannot be negative'],
    ['cpuRequest', 'lots', 'not a Kubernetes quantity'],
    ['cpuLimit', '1.5Gi', 'binary suffix'],
    ['cpuLimit', '0.5m', 'more precise than a thousandth'],
    ['memoryRequest', '128MB', 'not a Kubernetes quantity'],
    ['memoryLimit', '256m', 'the suffix "m" is milli'],
    ['memoryRequest', '0.5', 'not a whole number of bytes'],
  ])('%s %j: %s', (key, value, problem) => {
    const e = expectConfigError(() => resolve({ [key]: value }), { path: 'svc', property: `resources.${key}`, received: value });
    expect(e.problem).toContain(problem);
  });

  test('the milli mix-up for memory suggests Mi', () => {
    expect(() => resolve({ memoryLimit: '256m' })).toThrow("'256Mi'");
  });

  test('zero requests are accepted (they only lower the scheduling guarantee)', () => {
    expect(resolve({ cpuRequest: '0' }).cpuRequest).toBe('0');
  });

  describe('plain JavaScript', () => {
    test.each([
      [{ cpuLimit: 1 }, 'resources.cpuLimit', 1, "pass it as a string: '1'"],
      [{ cpuLimit: NaN }, 'resources.cpuLimit', 'NaN', 'use a quantity'],
      [{ memoryLimit: null }, 'resources.memoryLimit', null, 'leave the property out'],
      [{ cpu: '1' }, 'resources.cpu', '1', 'rename it to "cpuRequest" or "cpuLimit"'],
      [{ memorylimit: '1Gi' }, 'resources.memorylimit', '1Gi', 'rename it to "memoryLimit"'],
      ['500m', 'resources', '500m', 'cpuLimit'],
      [null, 'resources', null, 'cpuLimit'],
    ])('%j', (resources, property, received, fix) => {
      const e = expectConfigError(() => resolve(resources), { path: 'svc', property, received });
      expect(e.fix).toContain(fix);
    });
  });
});
