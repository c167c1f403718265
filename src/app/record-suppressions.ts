import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { declareUnder } from '../aws/protection';
import { SUPPRESSION_ANNOTATION_PREFIX } from '../policy/declared-suppressions';
import type { PolicySuppression } from '../policy/engine';

/** What the recorder needs of a platform: the scopes that mirror a construct's path. */
interface Mirrors {
  _kubernetesScope(construct: IConstruct): Construct;
  _terraformScope(construct: IConstruct): Construct;
}

function isPlatform(c: IConstruct): c is IConstruct & Mirrors {
  return typeof (c as any)._kubernetesScope === 'function' && typeof (c as any)._terraformScope === 'function';
}

/** The construct at `path` in the tree of `root` (`''` is the root). */
function constructAt(root: IConstruct, path: string): IConstruct | undefined {
  let c: IConstruct | undefined = root;
  for (const id of path === '' ? [] : path.split('/')) c = c?.node.tryFindChild(id);
  return c;
}

/**
 * Writes every suppression of the app into the output it concerns, so that the written files
 * carry what code accepted and `secure-constructs check` on them reports exactly what synth
 * reports: an annotation `suppress.secure-constructs.io/<rule id>: <reason>` on every Kubernetes
 * object, and an entry in the `//` block of every Terraform resource, that the suppressed
 * construct (or one below it) writes.
 */
export function recordSuppressions(root: IConstruct, suppressions: readonly PolicySuppression[]): void {
  for (const s of suppressions) {
    const construct = constructAt(root, s.constructPath);
    if (!construct) continue;
    let platform: (IConstruct & Mirrors) | undefined;
    for (let c: IConstruct | undefined = construct; c && !platform; c = c.node.scope) if (isPlatform(c)) platform = c;
    // A construct above the platforms (the app): every platform's output, whole.
    const targets = platform ? [{ p: platform, scope: construct }]
      : construct.node.findAll().filter(isPlatform).map(p => ({ p, scope: p as IConstruct }));
    for (const { p, scope } of targets) {
      for (const o of p._kubernetesScope(scope).node.findAll()) {
        if (o instanceof ApiObject) o.metadata.addAnnotation(`${SUPPRESSION_ANNOTATION_PREFIX}${s.ruleId}`, s.reason);
      }
      declareUnder(p._terraformScope(scope), { ruleId: s.ruleId, reason: s.reason });
    }
  }
}
