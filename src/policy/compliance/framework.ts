import { fail } from '../../core/errors';

/**
 * A compliance framework whose controls the policy report can list evidence for.
 *
 * The report never claims compliance: it lists, per control, the rules whose results are
 * evidence for it, and the controls outside what infrastructure code can show.
 *
 * @example
 * new SecureApp({ outdir: 'dist', policy: { frameworks: [Framework.PCI_DSS_4, Framework.HIPAA] } });
 */
export enum Framework {
  /** PCI DSS v4.0 (Payment Card Industry Data Security Standard), by requirement number. */
  PCI_DSS_4 = 'pci-dss-4',
  /** HIPAA Security Rule, technical safeguards (45 CFR 164.312). */
  HIPAA = 'hipaa',
  /** GDPR (Regulation (EU) 2016/679), Art. 5(1)(f), 25 and 32 (and 33, 34, listed as outside scope). */
  GDPR = 'gdpr',
  /** NIST SP 800-53 Rev. 5 security and privacy controls. */
  NIST_800_53_R5 = 'nist-800-53-r5',
  /** CIS Kubernetes Benchmark v1.10.0, by recommendation number. */
  CIS_KUBERNETES = 'cis-kubernetes',
  /** CIS Amazon EKS Benchmark v1.7.0, by recommendation number. */
  CIS_EKS = 'cis-eks',
}

/** Every framework, in the order reports list them. */
export const FRAMEWORKS: readonly Framework[] = [
  Framework.PCI_DSS_4, Framework.HIPAA, Framework.GDPR, Framework.NIST_800_53_R5, Framework.CIS_KUBERNETES, Framework.CIS_EKS,
];

/** The framework with this id (`pci-dss-4`, `hipaa`, ...), or undefined. */
export function parseFramework(id: string): Framework | undefined {
  return FRAMEWORKS.find(f => f === id);
}

/**
 * Validates `policy.frameworks` (also from plain JavaScript) and returns the frameworks,
 * duplicates refused, in the order given.
 */
export function validateFrameworks(constructPath: string, property: string, value: unknown): Framework[] {
  if (value === undefined) return [];
  const fix = `pass an array of Framework values, e.g. [Framework.PCI_DSS_4, Framework.HIPAA] (ids: ${FRAMEWORKS.join(', ')})`;
  if (!Array.isArray(value)) fail(constructPath, property, value, 'frameworks must be an array', fix);
  const seen = new Set<Framework>();
  (value as unknown[]).forEach((v, i) => {
    const f = typeof v === 'string' ? parseFramework(v) : undefined;
    if (!f) fail(constructPath, `${property}[${i}]`, v, 'not a known framework', fix);
    if (seen.has(f!)) fail(constructPath, `${property}[${i}]`, v, 'the framework is listed twice', 'list each framework once');
    seen.add(f!);
  });
  return [...seen];
}
