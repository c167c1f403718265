// Regenerates docs/policies.md from the rules' own metadata (projen task `docs:policies`).
import * as fs from 'fs';
import * as path from 'path';
import { renderPolicyDocs } from '../src/policy/docs';
import { Packs } from '../src/policy/packs';

const target = path.join(__dirname, '..', 'docs', 'policies.md');
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.writeFileSync(target, renderPolicyDocs(Packs.all()));
console.log(`wrote ${path.relative(process.cwd(), target)} (${Packs.all().length} rules)`);
