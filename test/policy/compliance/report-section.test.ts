import { Framework } from '../../../src/policy/compliance/framework';
import { complianceJson, complianceMarkdown, complianceSection, NO_CLAIM } from '../../../src/policy/compliance/report-section';
import { evaluate, PolicyReport } from '../../../src/policy/engine';
import { Packs } from '../../../src/policy/packs';
import { compliantBundle, container, mutated } from '../helpers';

/** K8S-002 fails (privileged), K8S-021 is suppressed (one replica); only the Kubernetes pack runs. */
function mixedReport(): PolicyReport {
  const input = compliantBundle(mutated(d => {
    container(d).securityContext.privileged = true;
    d.spec.replicas = 1;
  }));
  return evaluate(input, {
    rules: Packs.kubernetes(),
    suppressions: [{ ruleId: 'K8S-021', constructPath: 'prod/orders', reason: 'singleton by design (ADR-7)' }],
  });
}

const control = (report: PolicyReport, f: Framework, id: string) => complianceSection(report, f).controls.find(c => c.id === id)!;

describe('compliance section', () => {
  test('a control fails when one of its rules has an unsuppressed finding, and lists every rule with its status', () => {
    const c = control(mixedReport(), Framework.CIS_KUBERNETES, '5.2.2');
    expect(c.status).toBe('failed');
    expect(c.rules).toEqual([expect.objectContaining({ ruleId: 'K8S-002', status: 'failed', open: 1, suppressed: 0, title: 'No privileged containers' })]);
    const pci = control(mixedReport(), Framework.PCI_DSS_4, '2.2.6');
    expect(pci.status).toBe('failed');
    expect(pci.rules.find(r => r.ruleId === 'K8S-001')!.status).toBe('passed');
    expect(pci.rules.find(r => r.ruleId === 'K8S-002')!.status).toBe('failed');
  });

  test('a control whose rules are all suppressed or passed is "suppressed", with the reason and who suppressed it', () => {
    const c = control(mixedReport(), Framework.NIST_800_53_R5, 'SC-36');
    expect(c.status).toBe('suppressed');
    const k21 = c.rules.find(r => r.ruleId === 'K8S-021')!;
    expect(k21).toEqual(expect.objectContaining({ status: 'suppressed', open: 0, suppressed: 1 }));
    expect(k21.suppressions).toEqual([{ reason: 'singleton by design (ADR-7)', by: 'suppression:prod/orders', findings: 1 }]);
    expect(c.rules.find(r => r.ruleId === 'K8S-023')!.status).toBe('passed');
  });

  test('a control evidenced only by rules that did not run is "not-run", never passed', () => {
    const c = control(mixedReport(), Framework.PCI_DSS_4, '3.5.1');
    expect(c.status).toBe('not-run');
    expect(c.rules.map(r => r.status)).toEqual(['not-run', 'not-run', 'not-run', 'not-run']);
    expect(complianceSection(mixedReport(), Framework.PCI_DSS_4).summary['not-run']).toBeGreaterThan(0);
  });

  test('a compliant output passes every control its rules evidence', () => {
    const report = evaluate(compliantBundle(), { rules: Packs.kubernetes() });
    const s = complianceSection(report, Framework.CIS_KUBERNETES);
    expect(s.controls.length).toBeGreaterThan(10);
    expect(s.controls.filter(c => c.status !== 'passed' && c.status !== 'not-run').map(c => c.id)).toEqual([]);
    // Controls evidenced only by the cross-cutting pack, which did not run, are not counted as passed.
    expect(s.controls.filter(c => c.status === 'not-run').map(c => c.id)).toEqual(['5.3.2', '5.4.2']);
    expect(s.summary).toEqual(expect.objectContaining({ failed: 0, suppressed: 0, passed: s.controls.length - 2 }));
  });

  test('lists what the library does not evidence, with the reason, and makes no claim of compliance', () => {
    const s = complianceSection(mixedReport(), Framework.NIST_800_53_R5);
    expect(s.notice).toBe(NO_CLAIM);
    expect(s.notice).toMatch(/not a compliance assessment/);
    expect(s.notEvidenced).toEqual(expect.arrayContaining([
      expect.objectContaining({ id: 'PE', title: 'Physical and Environmental Protection', reason: expect.stringMatching(/physical/) }),
      expect.objectContaining({ id: 'PS', reason: expect.stringMatching(/HR/) }),
      expect.objectContaining({ id: 'IR', reason: expect.stringMatching(/incident/) }),
      expect.objectContaining({ id: 'SC (other)' }),
    ]));
    const hipaa = complianceSection(mixedReport(), Framework.HIPAA);
    expect(hipaa.notEvidenced.map(n => n.id)).toEqual(['164.312(a)(2)(ii)', '164.312(a)(2)(iii)', '164.312(c)(2)']);
    const gdpr = complianceSection(mixedReport(), Framework.GDPR);
    expect(gdpr.notEvidenced.map(n => n.id)).toEqual(['Art. 32(1)(d)', 'Art. 33', 'Art. 34']);
    const pci = complianceSection(mixedReport(), Framework.PCI_DSS_4);
    expect(pci.notEvidenced).toEqual(expect.arrayContaining([
      expect.objectContaining({ id: '9.2', reason: 'physical security' }),
      expect.objectContaining({ id: '12.10', reason: 'incident response processes' }),
    ]));
  });

  test('report.json gets one section per framework, in the order asked, and none without frameworks', () => {
    expect(complianceJson(mixedReport(), [])).toBeUndefined();
    expect(complianceJson(mixedReport())).toBeUndefined();
    const sections = complianceJson(mixedReport(), [Framework.HIPAA, Framework.PCI_DSS_4])!;
    expect(sections.map(s => s.framework)).toEqual([Framework.HIPAA, Framework.PCI_DSS_4]);
    expect(JSON.stringify(sections)).toBe(JSON.stringify(complianceJson(mixedReport(), [Framework.HIPAA, Framework.PCI_DSS_4])));
  });

  test('report.md gets a section per framework with the statuses, the suppression reasons and what is out of scope', () => {
    expect(complianceMarkdown(mixedReport(), [])).toEqual([]);
    const md = complianceMarkdown(mixedReport(), [Framework.NIST_800_53_R5, Framework.CIS_EKS]).join('\n');
    expect(md).toContain('## Compliance evidence: NIST SP 800-53 Rev. 5');
    expect(md).toContain('## Compliance evidence: CIS Amazon EKS Benchmark v1.7.0');
    expect(md).toContain(`> ${NO_CLAIM}`);
    expect(md).toMatch(/\| SC-36 \| Distributed Processing and Storage \| suppressed \| K8S-021 suppressed \(1\), K8S-023 passed \|/);
    expect(md).toMatch(/\| 4\.2\.1 \| Privileged containers are not admitted \| failed \| K8S-002 failed \(1 open\), K8S-024 passed \|/);
    expect(md).toContain('| SC-36 | K8S-021 | 1 | singleton by design (ADR-7) | suppression:prod/orders |');
    expect(md).toMatch(/\| PE \| Physical and Environmental Protection \| .*physical/);
    expect(md).not.toMatch(/\bcompliant\b/i);
  });
});
