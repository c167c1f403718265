import { ENVOY_BACKEND_TRAFFIC_POLICY_API_VERSION } from './gateway-rate-limit';
import { plainObject } from '../core/kube-object';
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
