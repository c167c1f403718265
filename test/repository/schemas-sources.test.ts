import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

const SCHEMAS = path.resolve(__dirname, '..', '..', 'schemas');
const SOURCES = path.join(SCHEMAS, 'SOURCES.md');

interface Listed {
  readonly bytes: number;
  readonly sha256: string;
}

/**
 * The files listed in the tables of SOURCES.md: rows whose first cell is a path in backticks and
 * that have a sha256 cell; the byte count is the cell before it.
 */
function listed(markdown: string): Map<string, Listed> {
  const rows = new Map<string, Listed>();
  for (const line of markdown.split('\n')) {
    const cells = line.split('|').slice(1, -1).map(c => c.trim());
    const file = /^`([^`]+)`$/.exec(cells[0] ?? '')?.[1];
    const at = cells.findIndex(c => /^`[0-9a-f]{64}`$/.test(c));
    if (!file || at < 1) continue;
    if (rows.has(file)) throw new Error(`${file} is listed twice in SOURCES.md`);
    rows.set(file, { bytes: Number(cells[at - 1]), sha256: cells[at].slice(1, -1) });
  }
  return rows;
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e =>
    e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]);
}

describe('schemas/SOURCES.md', () => {
  const rows = listed(fs.readFileSync(SOURCES, 'utf8'));
  const files = filesUnder(SCHEMAS).map(f => path.relative(SCHEMAS, f).split(path.sep).join('/')).filter(f => f !== 'SOURCES.md').sort();

  test('lists every vendored file, and only files that exist', () => {
    expect([...rows.keys()].sort()).toEqual(files);
    // The Kubernetes definitions, 27 CRDs, 14 license texts and 4 compliance lists.
    expect(files.filter(f => f.startsWith('crds/'))).toHaveLength(27);
    expect(files).toContain('kubernetes/v1.33/_definitions.json');
  });

  test('gives each file its size and sha256', () => {
    const wrong = files.flatMap(f => {
      const data = fs.readFileSync(path.join(SCHEMAS, f));
      const sha256 = createHash('sha256').update(data).digest('hex');
      const row = rows.get(f)!;
      return row.bytes === data.length && row.sha256 === sha256 ? [] : [`${f}: listed ${row.bytes} bytes ${row.sha256}, is ${data.length} bytes ${sha256}`];
    });
    expect(wrong).toEqual([]);
  });
});

describe('the npm package', () => {
  test('leaves out schemas/ (.npmignore)', () => {
    const ignore = fs.readFileSync(path.resolve(__dirname, '..', '..', '.npmignore'), 'utf8').split('\n');
    expect(ignore).toContain('/schemas/');
    expect(ignore).not.toContain('!/schemas/');
  });
});
