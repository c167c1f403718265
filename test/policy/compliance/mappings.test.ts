import * as fs from 'fs';
import * as path from 'path';
import { MIN_REASON_LENGTH } from '../../../src/core/opt-out';
import { FrameworkCatalog } from '../../../src/policy/compliance/catalog';
import { CATALOGS } from '../../../src/policy/compliance/catalogs';
import { Framework, FRAMEWORKS } from '../../../src/policy/compliance/framework';
import { ControlMapping, gapOf, mappedRuleIds, mappingsOf } from '../../../src/policy/compliance/mappings';
import { Packs } from '../../../src/policy/packs';
import { MONITORING_RULES } from '../../../src/policy/rules/monitoring';

/** Every rule the library ships: the packs, and the monitoring rules until they join their packs. */
const ALL_RULES = [...Packs.all(), ...MONITORING_RULES.filter(r => !Packs.all().some(p => p.id === r.id))];

const SCHEMAS = path.join(__dirname, '..', '..', '..', 'schemas', 'frameworks');
const vendored = (file: string): any[] => JSON.parse(fs.readFileSync(path.join(SCHEMAS, file), 'utf8'));
const NIST = vendored('nist-800-53-r5.json');
const HIPAA = vendored('hipaa-164-312.json');
const GDPR = vendored('gdpr.json');

/** The official list of a framework (NIST, HIPAA, GDPR: the vendored file; PCI DSS, CIS: the catalog itself). */
function officialList(framework: Framework): Array<{ id: string; title: string; withdrawn?: boolean }> {
  switch (framework) {
    case Framework.NIST_800_53_R5: return NIST.map(e => ({ id: e.id, title: e.title, withdrawn: e.withdrawn === true }));
    case Framework.HIPAA: return HIPAA.map(e => ({ id: e.id, title: e.heading }));
    case Framework.GDPR: return GDPR.map(e => ({ id: e.id, title: e.point ? `${e.heading}: ${e.point}` : e.principle ? `${e.heading}: ${e.principle}` : e.heading }));
    default: return CATALOGS[framework].controls.map(c => ({ id: c.id, title: c.title }));
  }
}

/**
 * The problems of one rule's mappings: no entry, a framework with neither a control nor a reason,
 * no NIST control, an id outside the catalog or the official list, a withdrawn NIST control, a
 * duplicate, a rationale that is not one line.
 */
function mappingProblems(ruleId: string, mappings: ControlMapping[], gap: (f: Framework) => string | undefined,
  catalogs: { [f: string]: FrameworkCatalog } = CATALOGS): string[] {
  const problems: string[] = [];
  if (mappings.length === 0) problems.push(`${ruleId} maps to nothing`);
  for (const f of FRAMEWORKS) {
    const own = mappings.filter(m => m.framework === f);
    const reason = gap(f);
    if (own.length === 0 && (typeof reason !== 'string' || reason.trim().length < MIN_REASON_LENGTH)) {
      problems.push(`${ruleId} maps to no control of ${f} and gives no reason`);
    }
    if (own.length > 0 && reason !== undefined) problems.push(`${ruleId} both maps to ${f} and gives a reason not to`);
  }
  if (!mappings.some(m => m.framework === Framework.NIST_800_53_R5)) problems.push(`${ruleId} maps to no NIST SP 800-53 control`);
  const seen = new Set<string>();
  for (const m of mappings) {
    const key = `${m.framework} ${m.control}`;
    if (seen.has(key)) problems.push(`${ruleId} maps to ${key} twice`);
    seen.add(key);
    const official = officialList(m.framework).find(e => e.id === m.control);
    if (!official) problems.push(`${ruleId} maps to ${key}, which is not in the framework's list`);
    if (official?.withdrawn) problems.push(`${ruleId} maps to ${key}, which is withdrawn`);
    if (!catalogs[m.framework].controls.some(c => c.id === m.control)) problems.push(`${ruleId} maps to ${key}, which is not in the library's catalog`);
    if (typeof m.rationale !== 'string' || m.rationale.trim().length < MIN_REASON_LENGTH || /\n/.test(m.rationale)) {
      problems.push(`${ruleId} maps to ${key} without a one-line rationale`);
    }
  }
  return problems;
}

describe('rule mappings', () => {
  test('every rule of every pack has a mapping entry, and the table names no rule that does not exist', () => {
    const ruleIds = ALL_RULES.map(r => r.id).sort();
    expect(ruleIds.filter(id => !mappedRuleIds().includes(id))).toEqual([]);
    expect(mappedRuleIds().filter(id => !ruleIds.includes(id))).toEqual([]);
  });

  test.each(ALL_RULES.map(r => r.id))('%s maps to known, current controls of every framework, or says why not', ruleId => {
    expect(mappingProblems(ruleId, mappingsOf(ruleId), f => gapOf(ruleId, f))).toEqual([]);
  });

  test('the check fails for a rule without mappings, an unknown id, a withdrawn NIST control and a missing reason', () => {
    expect(mappingProblems('NEW-001', mappingsOf('NEW-001'), () => undefined)).toEqual(expect.arrayContaining([
      'NEW-001 maps to nothing', 'NEW-001 maps to no control of pci-dss-4 and gives no reason', 'NEW-001 maps to no NIST SP 800-53 control',
    ]));
    const bad: ControlMapping[] = [
      { framework: Framework.NIST_800_53_R5, control: 'AC-2(10)', rationale: 'shared account credentials are changed' },
      { framework: Framework.NIST_800_53_R5, control: 'AC-99', rationale: 'a control that does not exist' },
      { framework: Framework.PCI_DSS_4, control: '13.1.1', rationale: 'a requirement that does not exist' },
      { framework: Framework.HIPAA, control: '164.308(a)(1)', rationale: 'outside 164.312' },
      { framework: Framework.GDPR, control: 'Art. 32(1)(b)', rationale: 'short' },
    ];
    const problems = mappingProblems('BAD-001', bad, f => (f === Framework.HIPAA || f === Framework.GDPR || f === Framework.PCI_DSS_4 ? undefined : 'x'));
    expect(problems).toEqual(expect.arrayContaining([
      'BAD-001 maps to nist-800-53-r5 AC-2(10), which is withdrawn',
      'BAD-001 maps to nist-800-53-r5 AC-99, which is not in the framework\'s list',
      'BAD-001 maps to pci-dss-4 13.1.1, which is not in the framework\'s list',
      'BAD-001 maps to hipaa 164.308(a)(1), which is not in the framework\'s list',
      'BAD-001 maps to gdpr Art. 32(1)(b) without a one-line rationale',
      'BAD-001 maps to no control of cis-kubernetes and gives no reason',
    ]));
  });
});

describe('framework catalogs', () => {
  test.each(FRAMEWORKS)('%s: ids are unique, every control is in a known group, every group is evidenced or says why not', f => {
    const catalog = CATALOGS[f];
    expect(catalog.framework).toBe(f);
    const ids = catalog.controls.map(c => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    const groups = catalog.groups.map(g => g.id);
    expect(new Set(groups).size).toBe(groups.length);
    expect(catalog.controls.filter(c => !groups.includes(c.group)).map(c => c.id)).toEqual([]);
    const mapped = new Set(mappedRuleIds().flatMap(r => mappingsOf(r)).filter(m => m.framework === f).map(m => m.control));
    for (const g of catalog.groups) {
      const evidenced = catalog.controls.some(c => c.group === g.id && mapped.has(c.id));
      if (evidenced) expect([g.id, g.outOfScope]).toEqual([g.id, undefined]);
      else expect([g.id, (g.outOfScope ?? '').length >= MIN_REASON_LENGTH]).toEqual([g.id, true]);
    }
    for (const c of catalog.controls) expect(c.title.trim().length).toBeGreaterThan(2);
  });

  test.each([Framework.NIST_800_53_R5, Framework.HIPAA, Framework.GDPR])('%s: every id and title is the official one, and no NIST control is withdrawn', f => {
    const official = officialList(f);
    for (const c of CATALOGS[f].controls) {
      const entry = official.find(e => e.id === c.id);
      expect([c.id, entry?.title, entry?.withdrawn ?? false]).toEqual([c.id, c.title, false]);
    }
    for (const g of f === Framework.NIST_800_53_R5 ? CATALOGS[f].groups : []) {
      expect(NIST.filter(e => e.id.split('-')[0] === g.id).map(e => e.family)[0]).toBe(g.title);
    }
  });

  test('the NIST catalog lists all 20 families of the vendored list', () => {
    const families = [...new Set(NIST.map(e => e.id.split('-')[0]))].sort();
    expect(families).toHaveLength(20);
    expect(CATALOGS[Framework.NIST_800_53_R5].groups.map(g => g.id).sort()).toEqual(families);
  });

  test.each([Framework.HIPAA, Framework.GDPR])('%s: the catalog is the whole vendored list, and every control no rule maps to says why', f => {
    expect(CATALOGS[f].controls.map(c => c.id)).toEqual(officialList(f).map(e => e.id));
    const mapped = new Set(mappedRuleIds().flatMap(r => mappingsOf(r)).filter(m => m.framework === f).map(m => m.control));
    const outOfScopeGroups = new Set(CATALOGS[f].groups.filter(g => g.outOfScope).map(g => g.id));
    for (const c of CATALOGS[f].controls.filter(x => !mapped.has(x.id) && !outOfScopeGroups.has(x.group))) {
      expect([c.id, (c.outOfScope ?? '').length >= MIN_REASON_LENGTH]).toEqual([c.id, true]);
    }
  });

  test('PCI DSS and CIS ids have the numbering of their documents, and the catalogs say their titles are paraphrases', () => {
    for (const f of [Framework.PCI_DSS_4, Framework.CIS_KUBERNETES, Framework.CIS_EKS]) {
      for (const c of CATALOGS[f].controls) expect(c.id).toMatch(/^\d+(\.\d+){2,3}$/);
      for (const c of CATALOGS[f].controls) expect(c.id.startsWith(`${c.group}.`)).toBe(true);
      expect(CATALOGS[f].source).toMatch(/own paraphrases, no .* text is reproduced/);
    }
    expect(CATALOGS[Framework.PCI_DSS_4].groups.map(g => g.id.split('.')[0]).filter((v, i, a) => a.indexOf(v) === i))
      .toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12']);
  });
});
