import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';

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
  return new ApiObject(scope, id, json);
}
