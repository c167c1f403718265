/**
 * cdktf captures and formats a complete stack trace for every token it creates (every attribute
 * reference such as `bucket.arn`, every `Lazy`), and keeps it as an array of strings, to name the
 * creation site if the token later fails to resolve. The provider classes create a dozen such
 * references per resource, so at a thousand services this formatting was a third of building the
 * construct tree and most of the live heap.
 *
 * The tokens of this layer come from the library's own code with values it has validated, so their
 * creation sites carry no information for users. `withoutTokenTraces` runs `build` with a stack
 * formatter that returns an empty trace for the non-`Error` holders cdktf captures into (cdktf then
 * records no creation stack), and formats real `Error`s exactly as before (with the formatter
 * installed at the time, or V8's format when there is none). The previous formatter is restored
 * when `build` returns or throws; construction is synchronous, so nothing else runs in between.
 */
export function withoutTokenTraces<T>(build: () => T): T {
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = (holder: Error, frames: NodeJS.CallSite[]) => {
    if (!(holder instanceof Error)) return '';
    if (previous) return previous(holder, frames);
    return frames.length === 0 ? String(holder) : `${String(holder)}\n    at ${frames.join('\n    at ')}`;
  };
  try {
    return build();
  } finally {
    Error.prepareStackTrace = previous;
  }
}
