/**
 * Prints, as one JSON line, which optional library features the generator can use
 * (see `probeFeatures` in bench/generate.ts). Run by the runner in its own process, untimed.
 */
import { probeFeatures } from './generate';

process.stdout.write(`${JSON.stringify(probeFeatures())}\n`);
