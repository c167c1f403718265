import * as path from 'path';

const outdirs = new Set<string>();

/** Records an output directory that snapshots show as `<outdir>`. */
export function registerOutdir(dir: string): void {
  outdirs.add(dir);
  outdirs.add(path.resolve(dir));
}

/** `text` with every recorded output directory replaced by `<outdir>`. */
export function normalizePaths(text: string): string {
  let result = text;
  for (const dir of [...outdirs].sort((a, b) => b.length - a.length)) result = result.split(dir).join('<outdir>');
  return result;
}
