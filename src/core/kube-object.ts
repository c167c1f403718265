import { ApiObject, Chart, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { claimName } from './claims';

/** The annotation that names the logical construct of an object (see `network/labels`). */
const CONSTRUCT_PATH = 'secure-constructs.io/construct-path';

/**
 * What a generated binding offers for one kind (cdk8s-plus's `k8s.Kube*` classes and the
 * `cdk8s import` CRD classes): its group/version/kind and its converter from typed props to the
 * JSON the API server reads.
 */
export interface KubeBinding<P> {
  readonly GVK: { readonly apiVersion: string; readonly kind: string };
  manifest(props: P): any;
}

/** Props fields whose value is computed at synth time (they depend on later calls). */
export type LazyFields<P> = { readonly [K in keyof P]?: () => P[K] };

/**
 * Writes a Kubernetes object from the typed props of a generated binding.
 *
 * The props are converted to their JSON form when the object is created (fields in `lazy` when
 * the app is synthesized), and the object is a plain `ApiObject` of that JSON. The generated
 * classes convert at synth time instead, after JSON patches are applied, and their converters keep
 * only the fields and value shapes they know: a patch that adds `port: 443` to a NetworkPolicy
 * rule, a named `targetPort` or any field the binding does not model was silently dropped. Here an
 * escape hatch (`addJsonPatch`) reaches the output exactly as given.
 */
export function kubeObject<P>(scope: Construct, id: string, binding: KubeBinding<P>, props: P, lazy: LazyFields<P> = {}): ApiObject {
  const json = binding.manifest(props);
  for (const field of Object.keys(lazy) as Array<keyof P & string>) {
    const produce = lazy[field]!;
    json[field] = Lazy.any({ produce: () => binding.manifest({ [field]: produce() } as unknown as P)[field] });
  }
  return plainObject(scope, id, json);
}

/**
 * Writes a Kubernetes object given as JSON (kinds without a binding), after claiming its name: two
 * objects of one kind with one namespace and name in a platform's chart fail at construction,
 * naming both constructs, instead of one silently replacing the other when applied.
 */
export function plainObject(scope: Construct, id: string, json: any): ApiObject {
  const metadata = json.metadata ?? {};
  const group = String(json.apiVersion ?? '').split('/').slice(0, -1).join('/') || 'core';
  const owner = metadata.annotations?.[CONSTRUCT_PATH] ?? scope.node.path;
  claimName(scope, owner, 'name', `${json.kind} (${group})`, `${Chart.of(scope).node.path}/${metadata.namespace ?? ''}`, String(metadata.name));
  return new ApiObject(scope, id, json);
}
