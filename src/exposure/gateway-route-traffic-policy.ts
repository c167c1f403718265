import { ENVOY_BACKEND_TRAFFIC_POLICY_API_VERSION } from './gateway-rate-limit';
import { fail } from '../core/errors';
import { plainObject } from '../core/kube-object';
import { OPT_OUT_ANNOTATION_PREFIX } from '../core/opt-out';
import type { ServiceWorkload } from '../workload/service-workload';

/**
 * What one control of an exposure (its rate limit, its request body limit) adds to its HTTPRoute,
 * and to the route's Envoy Gateway `BackendTrafficPolicy`.
 */
export interface GatewayRouteTrafficPart {
  /** Annotations of the HTTPRoute (the control's opt-out, when it is off). */
  readonly routeAnnotations: { [key: string]: string };
  /** Fields of the route's BackendTrafficPolicy `spec` (none when the control is off). */
  readonly spec: { [key: string]: unknown };
}

/** A Gateway traffic control's setting: `none(reason)` or a value only Envoy Gateway enforces. */
export interface GatewayTrafficSetting {
  readonly _none: boolean;
  readonly _reason: string | undefined;
}

/** One traffic control of Gateway routes (the rate limit, the request body limit). */
export interface GatewayTrafficControl<S extends GatewayTrafficSetting> {
  /** The opt-out control written on the route when the control is off (`edge-rate-limit`). */
  readonly control: string;
  /** The property named in errors (`exposure.rateLimit`). */
  readonly property: string;
  /** What the control is, in words (`rate limit`). */
  readonly what: string;
  /** The platform's setting. */
  readonly setting: S | undefined;
  /** The setting of an internet-facing Envoy Gateway that has none. */
  readonly defaultSetting: S;
  /** A setting on an implementation the library has no typed policy for: the value named, why and the fix. */
  readonly refused: { readonly value: string; readonly why: string; readonly fix: string };
  /** No setting on an internet-facing Gateway of such an implementation: why and the fix. */
  readonly required: { readonly why: string; readonly fix: string };
  /** The fields of the BackendTrafficPolicy `spec` that enforce `setting`. */
  spec(setting: S): { [key: string]: unknown };
}

/**
 * What one control adds to an exposure's route: `none(reason)` is its opt-out; with Envoy Gateway,
 * the setting (the default on an internet-facing Gateway) as fields of the route's
 * `BackendTrafficPolicy`, and the opt-out with the reason that the Gateway is internal when there
 * is none; on other implementations, the opt-out for an internal Gateway, and refused otherwise
 * (a setting, since it would not hold; none on an internet-facing Gateway, since then nothing
 * limits it).
 */
export function resolveGatewayTrafficControl<S extends GatewayTrafficSetting>(workload: ServiceWorkload, c: GatewayTrafficControl<S>,
  envoyGateway: boolean, internetFacing: boolean): GatewayRouteTrafficPart {
  const optOut = (reason: string): GatewayRouteTrafficPart => ({ routeAnnotations: { [`${OPT_OUT_ANNOTATION_PREFIX}${c.control}`]: reason }, spec: {} });
  const internal = `no ${c.what} at the edge: the platform's Gateway is declared internal (GatewayApiOptions.internetFacing: false)`;
  if (c.setting?._none) return optOut(c.setting._reason!.trim());
  if (!envoyGateway) {
    if (c.setting !== undefined) fail(workload.service, c.property, c.refused.value, c.refused.why, c.refused.fix);
    if (internetFacing) fail(workload.service, c.property, c.setting, c.required.why, c.required.fix);
    return optOut(internal);
  }
  if (c.setting === undefined && !internetFacing) return optOut(internal);
  return { routeAnnotations: {}, spec: c.spec(c.setting ?? c.defaultSetting) };
}

/**
 * One Envoy Gateway `BackendTrafficPolicy` targeting exactly the exposure's HTTPRoute, with the
 * fields of every part that is on (the rate limit and the request body limit share it: Envoy
 * Gateway merges no two policies targeting the same route), or nothing when every part is off.
 */
export function enforceBackendTrafficPolicy(workload: ServiceWorkload, parts: GatewayRouteTrafficPart[]): void {
  const fields = Object.assign({}, ...parts.map(p => p.spec));
  if (Object.keys(fields).length === 0) return;
  plainObject(workload.kubernetesScope, 'BackendTrafficPolicy', {
    apiVersion: ENVOY_BACKEND_TRAFFIC_POLICY_API_VERSION,
    kind: 'BackendTrafficPolicy',
    metadata: workload.metadata(workload.name),
    spec: {
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: workload.name }],
      ...fields,
    },
  });
}
