import { SecureApp } from '../../../src';
import { Framework, FRAMEWORKS, parseFramework, validateFrameworks } from '../../../src/policy/compliance/framework';
import { expectConfigError } from '../../support/errors';

describe('Framework', () => {
  test('ids parse back to the framework; anything else is unknown', () => {
    for (const f of FRAMEWORKS) expect(parseFramework(f)).toBe(f);
    expect(FRAMEWORKS).toEqual(['pci-dss-4', 'hipaa', 'gdpr', 'nist-800-53-r5', 'cis-kubernetes', 'cis-eks']);
    expect(parseFramework('PCI-DSS-4')).toBeUndefined();
    expect(parseFramework('sox')).toBeUndefined();
  });

  test('policy.frameworks is accepted on SecureApp and defaults to none', () => {
    expect(() => new SecureApp({ outdir: 'unused', policy: { frameworks: [Framework.PCI_DSS_4, Framework.HIPAA] } })).not.toThrow();
    expect(validateFrameworks('app', 'policy.frameworks', undefined)).toEqual([]);
    expect(validateFrameworks('app', 'policy.frameworks', [Framework.GDPR, Framework.CIS_EKS])).toEqual([Framework.GDPR, Framework.CIS_EKS]);
  });

  test.each<[string, unknown, string, unknown]>([
    ['not an array', 'pci-dss-4', 'policy.frameworks', 'pci-dss-4'],
    ['an unknown id', ['pci-dss-4', 'sox'], 'policy.frameworks[1]', 'sox'],
    ['a number', [3], 'policy.frameworks[0]', 3],
    ['null', [null], 'policy.frameworks[0]', null],
    ['a duplicate', [Framework.HIPAA, Framework.HIPAA], 'policy.frameworks[1]', 'hipaa'],
  ])('SecureApp refuses %s in policy.frameworks', (_what, frameworks, property, received) => {
    const error = expectConfigError(() => new SecureApp({ outdir: 'unused', policy: { frameworks: frameworks as any } }),
      { path: '<root>', property, received });
    expect(error.fix).toMatch(/Framework\.|once/);
  });
});
