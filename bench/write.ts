/**
 * Writes the benchmark app of N services (bench/generate.ts, every optional feature the library
 * has) to a directory, untimed: the output to compare with `diff -r` before and after a change to
 * the library, which must leave it byte-identical.
 *
 *   node scripts/run-ts.js bench/write.ts <outdir> [n=1000]
 */
import * as path from 'path';
import { buildApp, probeFeatures } from './generate';

const [outdir, n = '1000'] = process.argv.slice(2);
if (!outdir || !Number.isInteger(Number(n))) {
  process.stderr.write('usage: bench/write.ts <outdir> [n=1000]\n');
  process.exit(2);
}
const { features } = probeFeatures();
buildApp(Number(n), path.resolve(outdir), features).synth();
process.stdout.write(`bench: N = ${n} app (features: ${features.join(', ') || 'none'}) written to ${outdir}\n`);
