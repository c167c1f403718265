import { TerraformStack } from 'cdktf';
import { StackSynthesizer } from 'cdktf/lib/synthesize/synthesizer';

/**
 * The configuration of a library stack, taken from cdktf's synthesizer before it writes it.
 *
 * cdktf's `StackSynthesizer.synthesize` runs the stack's aspects, validations, custom synthesis
 * and annotations, then calls `stack.toTerraform()` and writes the result with
 * `json-stable-stringify`. While {@link captureConfiguration} runs it, a library stack's
 * `toTerraform` hands its configuration here ({@link handOver}) and gives the synthesizer an empty
 * one to write; the caller then writes the configuration itself with `stableJson`, the same text.
 * Everything else the synthesizer does runs unchanged.
 */
const captures = new WeakMap<object, { config?: unknown }>();

/**
 * Runs `synthesize` (cdktf's synthesizer of `stack`) and returns the configuration the stack handed
 * over, or undefined when it handed none (a stack of cdktf's own class, an HCL synthesizer, or a
 * synthesizer of the user's that may use the configuration otherwise: those write theirs as before).
 */
export function captureConfiguration(stack: TerraformStack, synthesize: () => void): { config: unknown } | undefined {
  const synthesizer = stack.synthesizer as unknown as { hclOutput?: boolean };
  if (Object.getPrototypeOf(synthesizer) !== StackSynthesizer.prototype || synthesizer.hclOutput) {
    synthesize();
    return undefined;
  }
  const capture: { config?: unknown } = {};
  captures.set(stack, capture);
  try {
    synthesize();
  } finally {
    captures.delete(stack);
  }
  return 'config' in capture ? { config: capture.config } : undefined;
}

/**
 * What a library stack's `toTerraform` returns: `config`, or, while its synthesizer runs under
 * {@link captureConfiguration}, an empty configuration (after keeping `config` for the caller).
 */
export function handOver(stack: TerraformStack, config: unknown): any {
  const capture = captures.get(stack);
  if (!capture || 'config' in capture) return config;
  capture.config = config;
  return {};
}

/**
 * Whether `stack`'s configuration, built now, would be handed over (to be written with
 * `stableJson`, its keys sorted) rather than returned to a caller of `toTerraform`.
 */
export function capturing(stack: TerraformStack): boolean {
  const capture = captures.get(stack);
  return capture !== undefined && !('config' in capture);
}
