import { ApiObject, Lazy } from 'cdk8s';
import { SCANNER_CHECKS } from './opt-out';
import { oncePerSynthPass } from './synth-pass';

/** Annotation prefix that records why a Polaris check is exempted (Polaris itself reads only `"true"`). */
export const POLARIS_EXEMPT_REASON_PREFIX = 'polaris-exempt.secure-constructs.io/';

/** One deliberate exception on an object: the library control and why. */
export interface ScannerException {
  readonly control: string;
  readonly reason: string;
}

/**
 * The annotations that tell the scanners platform teams already run about an object's deliberate
 * exceptions, each with its reason (see `SCANNER_CHECKS`):
 *
 * - Polaris: `polaris.fairwinds.com/<check>-exempt: "true"` (Polaris accepts only "true"), and the
 *   reason under `polaris-exempt.secure-constructs.io/<check>`;
 * - Checkov: `checkov.io/skip<n>: <id>=<reason>`, numbered from 1 in the order of the exceptions;
 * - kube-linter: `ignore-check.kube-linter.io/<check>: <reason>`;
 * - Monokle: `monokle.io/suppress.<rule>: <reason>`.
 *
 * The exceptions of one object are passed at once, so Checkov's numbering is stable. A check that
 * two exceptions cover keeps the first exception's reason.
 */
export function scannerExemptionAnnotations(exceptions: ScannerException[]): { [key: string]: string } {
  const out: { [key: string]: string } = {};
  const sorted = [...exceptions].sort((a, b) => (a.control < b.control ? -1 : a.control > b.control ? 1 : 0));
  const skipped = new Set<string>();
  let skip = 0;
  for (const { control, reason } of sorted) {
    const checks = SCANNER_CHECKS[control];
    if (!checks) continue;
    for (const check of checks.polaris) {
      if (out[`polaris.fairwinds.com/${check}-exempt`]) continue;
      out[`polaris.fairwinds.com/${check}-exempt`] = 'true';
      out[`${POLARIS_EXEMPT_REASON_PREFIX}${check}`] = reason;
    }
    for (const check of checks.checkov) {
      if (skipped.has(check)) continue;
      skipped.add(check);
      out[`checkov.io/skip${++skip}`] = `${check}=${reason}`;
    }
    for (const check of checks.kubeLinter) setOnce(out, `ignore-check.kube-linter.io/${check}`, reason);
    for (const rule of checks.monokle) setOnce(out, `monokle.io/suppress.${rule}`, reason);
  }
  return out;
}

function setOnce(out: { [key: string]: string }, key: string, value: string): void {
  if (out[key] === undefined) out[key] = value;
}

/**
 * Adds the scanner exemptions of an exception that is known only at synth time (it depends on
 * calls made after the object was created): `reason` is called when the object is written and
 * returns the reason, or undefined when the exception does not apply, in which case no annotation
 * is written. Checkov's numbered skips are fixed at construction, so a control with Checkov checks
 * cannot be exempted this way.
 */
export function addSynthTimeScannerExemption(object: ApiObject, control: string, reason: () => string | undefined): void {
  const checks = SCANNER_CHECKS[control];
  if (!checks || checks.checkov.length > 0) throw new Error(`control ${control} cannot be exempted at synth time`);
  const lazy = (produce: () => string | undefined) => Lazy.any({ produce }) as unknown as string;
  // Every annotation reads the same reason: it is found once per synth pass.
  const once = oncePerSynthPass(reason);
  for (const check of checks.polaris) {
    object.metadata.addAnnotation(`polaris.fairwinds.com/${check}-exempt`, lazy(() => (once() === undefined ? undefined : 'true')));
    object.metadata.addAnnotation(`${POLARIS_EXEMPT_REASON_PREFIX}${check}`, lazy(once));
  }
  for (const check of checks.kubeLinter) object.metadata.addAnnotation(`ignore-check.kube-linter.io/${check}`, lazy(once));
  for (const rule of checks.monokle) object.metadata.addAnnotation(`monokle.io/suppress.${rule}`, lazy(once));
}
