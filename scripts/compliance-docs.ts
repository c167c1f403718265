// Regenerates docs/compliance.md from the rule mappings and framework catalogs (projen task `docs:compliance`).
import * as fs from 'fs';
import * as path from 'path';
import { renderComplianceDocs } from '../src/policy/compliance/docs';
import { Packs } from '../src/policy/packs';

const target = path.join(__dirname, '..', 'docs', 'compliance.md');
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.writeFileSync(target, renderComplianceDocs(Packs.all()));
console.log(`wrote ${path.relative(process.cwd(), target)} (${Packs.all().length} rules)`);
