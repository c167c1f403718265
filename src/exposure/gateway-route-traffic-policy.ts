import { ENVOY_BACKEND_TRAFFIC_POLICY_API_VERSION } from './gateway-rate-limit';
import { fail } from '../core/errors';
import { plainObject } from '../core/kube-object';
import { OPT_OUT_ANNOTATION_PREFIX } from '../core/opt-out';
import type { ServiceWorkload } from '../workload/service-workload';

/** A Gateway traffic control's setting: `none(reason)` or a value only Envoy Gateway enforces. */
export interface GatewayTrafficSetting {
  readonly _none: boolean;
  readonly _reason: string | undefined;
}

/**
 * One traffic control of Gateway routes (the rate limit, the request body limit): how it is named,
 * its default, and how Envoy Gateway's `BackendTrafficPolicy` enforces it.
 */
export interface GatewayTrafficControl<S extends GatewayTrafficSetting> {
  /** The opt-out control written on the route when the control is off (`edge-rate-limit`). */
  readonly control: string;
  /** The property named in errors (`exposure.rateLimit`). */
  readonly property: string;
  /** What the control is, in words (`rate limit`). */
  readonly what: string;
  /** The setting of an internet-facing Envoy Gateway that has none. */
  readonly defaultSetting: S;
  /** A setting on an implementation the library has no typed policy for: the value named, why and the fix. */
  readonly refused: { readonly value: string; readonly why: string; readonly fix: string };
  /** Why an internet-facing Gateway of such an implementation cannot do without a setting. */
  readonly requiredWhy: string;
  /** The opt-out to pass there, as the fix names it (`rateLimit: GatewayRateLimit.none('<...>')`). */
  readonly optOutFix: string;
  /** The fields of the BackendTrafficPolicy `spec` that enforce `setting`. */
  spec(setting: S): { [key: string]: unknown };
}

/** A control and the platform's setting of it. */
export interface GatewayTrafficChoice<S extends GatewayTrafficSetting> {
  readonly control: GatewayTrafficControl<S>;
  readonly setting: S | undefined;
}

/** What the traffic controls of an exposure add to its HTTPRoute and to the route's `BackendTrafficPolicy`. */
export interface GatewayRouteTraffic {
  /** Annotations of the HTTPRoute (the opt-out of each control that is off). */
  readonly routeAnnotations: { [key: string]: string };
  /** Fields of the route's BackendTrafficPolicy `spec` (none when every control is off). */
  readonly spec: { [key: string]: unknown };
}

/**
 * What the traffic controls add to an exposure's route. For each control, `none(reason)` is its
 * opt-out. With Envoy Gateway, the setting (the default on an internet-facing Gateway) becomes
 * fields of the route's `BackendTrafficPolicy`, and an internal Gateway without one gets the opt-out
 * with that reason. On other implementations an internal Gateway gets the opt-out; a setting is
 * refused (it would not hold), and so is an internet-facing Gateway without `none` (nothing would
 * limit it): one error names every control that lacks it.
 */
export function resolveGatewayTraffic(workload: ServiceWorkload, choices: ReadonlyArray<GatewayTrafficChoice<any>>,
  envoyGateway: boolean, internetFacing: boolean): GatewayRouteTraffic {
  if (!envoyGateway) {
    for (const { control: c, setting } of choices) {
      if (setting !== undefined && !setting._none) fail(workload.service, c.property, c.refused.value, c.refused.why, c.refused.fix);
    }
    const missing = internetFacing ? choices.filter(ch => ch.setting === undefined).map(ch => ch.control) : [];
    if (missing.length > 0) {
      fail(workload.service, missing.map(c => c.property).join(' and '), undefined, missing.map(c => c.requiredWhy).join('; '),
        `pass ${missing.map(c => c.optOutFix).join(' and ')}, or use Envoy Gateway, or declare an internal Gateway with internetFacing: false`);
    }
  }
  const routeAnnotations: { [key: string]: string } = {};
  const spec: { [key: string]: unknown } = {};
  for (const { control: c, setting } of choices) {
    const optOut = setting?._none ? setting._reason!.trim()
      : (!envoyGateway || (setting === undefined && !internetFacing))
        ? `no ${c.what} at the edge: the platform's Gateway is declared internal (GatewayApiOptions.internetFacing: false)`
        : undefined;
    if (optOut !== undefined) routeAnnotations[`${OPT_OUT_ANNOTATION_PREFIX}${c.control}`] = optOut;
    else Object.assign(spec, c.spec(setting ?? c.defaultSetting));
  }
  return { routeAnnotations, spec };
}

/**
 * One Envoy Gateway `BackendTrafficPolicy` targeting exactly the exposure's HTTPRoute, with the
 * fields of every control that is on (the rate limit and the request body limit share it: Envoy
 * Gateway merges no two policies targeting the same route), or nothing when every control is off.
 */
export function enforceBackendTrafficPolicy(workload: ServiceWorkload, traffic: GatewayRouteTraffic): void {
  if (Object.keys(traffic.spec).length === 0) return;
  plainObject(workload.kubernetesScope, 'BackendTrafficPolicy', {
    apiVersion: ENVOY_BACKEND_TRAFFIC_POLICY_API_VERSION,
    kind: 'BackendTrafficPolicy',
    metadata: workload.metadata(workload.name),
    spec: {
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: workload.name }],
      ...traffic.spec,
    },
  });
}
