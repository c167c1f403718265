/**
 * cdktf captures a complete stack trace for every token it creates (every attribute reference
 * such as `bucket.arn`, every `Lazy`), and keeps it as an array of strings, to name the creation
 * site if the token later fails to resolve. The provider classes create a dozen such references per
 * resource: at a thousand services, capturing and formatting those traces was a third of building
 * the construct tree and most of the live heap.
 *
 * The tokens of this layer come from the library's own code with values it has validated, so their
 * creation sites carry no information for users. `withoutTokenTraces` runs `build` with cdktf's
 * capture replaced by one that records an empty trace: cdktf's tokens then carry an empty creation
 * stack (what cdktf itself records when the runtime gives no trace). Nothing else changes: `Error`s
 * keep their stacks, and captures outside `build` are untouched. The previous capture is restored
 * when `build` returns or throws; construction is synchronous, so nothing else runs in between.
 *
 * cdktf's tokens call the capture through its module's exports (`stack-trace.js`), which is what
 * makes it replaceable. cdktf 0.21.0 is the final release of cdktf (the project was archived), so
 * that module does not move; should a Terraform CDK without it be installed, `build` runs with
 * traces, slower but with the same output. A test fails if the module is not found.
 */
export function withoutTokenTraces<T>(build: () => T): T {
  const traces = cdktfStackTraces();
  if (!traces) return build();
  const previous = traces.captureStackTrace;
  traces.captureStackTrace = noTrace;
  try {
    return build();
  } finally {
    traces.captureStackTrace = previous;
  }
}

/** cdktf's token stack-trace module, as its tokens call it. */
interface StackTraceModule {
  captureStackTrace: (below?: unknown) => string[];
}

function noTrace(): string[] {
  return [];
}

let loaded: StackTraceModule | null | undefined;

/**
 * cdktf's stack-trace module (the instance cdktf's tokens use), or null when the installed cdktf
 * has none.
 */
export function cdktfStackTraces(): StackTraceModule | null {
  if (loaded === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require('cdktf/lib/tokens/private/stack-trace');
      loaded = typeof mod?.captureStackTrace === 'function' ? mod : null;
    } catch {
      loaded = null;
    }
  }
  return loaded ?? null;
}
