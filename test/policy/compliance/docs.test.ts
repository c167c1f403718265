import * as fs from 'fs';
import * as path from 'path';
import { CATALOGS } from '../../../src/policy/compliance/catalogs';
import { renderComplianceDocs } from '../../../src/policy/compliance/docs';
import { FRAMEWORKS } from '../../../src/policy/compliance/framework';
import { IRule, Severity } from '../../../src/policy/model';
import { Packs } from '../../../src/policy/packs';

test('docs/compliance.md is up to date (run `npx projen docs:compliance`)', () => {
  const file = path.join(__dirname, '..', '..', '..', 'docs', 'compliance.md');
  expect(fs.readFileSync(file, 'utf8')).toBe(renderComplianceDocs(Packs.all()));
});

test('the docs list every rule and every framework, and change when a rule is added', () => {
  const docs = renderComplianceDocs(Packs.all());
  for (const rule of Packs.all()) expect(docs).toMatch(new RegExp(`^\\| ${rule.id} \\|`, 'm'));
  for (const f of FRAMEWORKS) expect(docs).toContain(`## ${CATALOGS[f].name} ${CATALOGS[f].version}`);
  const extra: IRule = { id: 'ZZ-001', pack: 'x', severity: Severity.INFO, title: 't', description: 'd', fix: 'f', check: () => [] };
  const withExtra = renderComplianceDocs([...Packs.all(), extra]);
  expect(withExtra).not.toBe(docs);
  expect(withExtra).toContain('| ZZ-001 | none: not mapped |');
});
