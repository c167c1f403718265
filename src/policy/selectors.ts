/**
 * Whether a Kubernetes label selector (`matchLabels`, `matchExpressions`) selects `labels`.
 * `{}` selects everything; a missing or malformed selector selects nothing, and an unknown
 * operator never matches.
 */
export function selects(selector: any, labels: { [k: string]: string } | undefined): boolean {
  if (!selector || typeof selector !== 'object') return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    if (l[k] !== v) return false;
  }
  for (const e of list(selector.matchExpressions)) {
    const has = Object.prototype.hasOwnProperty.call(l, e?.key);
    const values: string[] = list(e?.values);
    switch (e?.operator) {
      case 'In': if (!has || !values.includes(l[e.key])) return false; break;
      case 'NotIn': if (has && values.includes(l[e.key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}

function list(x: any): any[] {
  return x === undefined || x === null ? [] : Array.isArray(x) ? x : [x];
}
