import * as fs from 'fs';
import * as path from 'path';
import { renderPolicyDocs } from '../../src/policy/docs';
import { Packs } from '../../src/policy/packs';

test('docs/policies.md is up to date (run `npx projen docs:policies`)', () => {
  const file = path.join(__dirname, '..', '..', 'docs', 'policies.md');
  expect(fs.readFileSync(file, 'utf8')).toBe(renderPolicyDocs(Packs.all()));
});

test('every rule is documented with its id, severity, fix and how to suppress it', () => {
  const docs = renderPolicyDocs(Packs.all());
  for (const rule of Packs.all()) {
    expect(docs).toContain(`### ${rule.id}\n`);
    expect(docs).toContain(`severity \`${rule.severity}\``);
    expect(docs).toContain(rule.fix);
    expect(docs).toContain(`Policy.of(construct).suppress('${rule.id}'`);
    if (rule.optOutControl) expect(docs).toContain(`opt-out.secure-constructs.io/${rule.optOutControl}: <reason>`);
  }
});
