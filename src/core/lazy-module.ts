/**
 * A module loaded on first use: `load` (a `require` of it) runs once, when the returned function is
 * first called. For the large generated CRD bindings that only some apps use (External Secrets'
 * takes about 80 ms to load, the Gateway API's about 25 ms), so that importing the library does
 * not pay for them.
 */
export function lazyModule<T>(load: () => T): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= load());
}
