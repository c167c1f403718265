import * as fs from 'fs';
import * as path from 'path';

let cached: string | undefined;

/** The version of the secure-constructs package, from its package.json (`0.0.0` when not found). */
export function toolVersion(): string {
  if (cached !== undefined) return cached;
  cached = '0.0.0';
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    try {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (pkg?.name === 'secure-constructs' && typeof pkg.version === 'string') {
        cached = pkg.version;
        break;
      }
    } catch {
      // not here: look in the parent directory
    }
    if (path.dirname(dir) === dir) break;
  }
  return cached!;
}
