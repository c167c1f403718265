/**
 * One pass of writing an app's manifests. While the manifests are written, the construct tree does
 * not change, so a value computed from it at synth time (a lazy value read by several fields of an
 * object) can be computed once per pass instead of once per field.
 */
let current: object | undefined;

/** Runs `write` as one synth pass. */
export function inSynthPass<T>(write: () => T): T {
  const outer = current;
  current = {};
  try {
    return write();
  } finally {
    current = outer;
  }
}

/**
 * `compute`, called once per synth pass: within a pass, later calls return the first call's value;
 * outside a pass (an object resolved on its own, e.g. `chart.toJson()` in a test), every call
 * computes again, since the tree may have changed in between.
 */
export function oncePerSynthPass<T>(compute: () => T): () => T {
  let memo: { readonly pass: object; readonly value: T } | undefined;
  return () => {
    const pass = current;
    if (pass === undefined) return compute();
    if (memo?.pass !== pass) memo = { pass, value: compute() };
    return memo.value;
  };
}
