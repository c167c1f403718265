import { ApiObject } from 'cdk8s';
import * as k8s from 'cdk8s-plus-33/lib/imports/k8s';
import { servicePolicySpec } from './service-policy';
import { kubeObject } from '../core/kube-object';
import type { ServiceWorkload } from '../workload/service-workload';

/**
 * The NetworkPolicy of one workload, named after it: its rules are rendered at synth time from
 * the workload's `connections` (declared callers and targets, load balancer ranges, AWS endpoint
 * and credential ranges, a mesh's control plane and tunnel), so every capability's flows end up
 * in one policy per service however many edges there are.
 */
export function addServiceNetworkPolicy(workload: ServiceWorkload): ApiObject {
  const c = workload.connections;
  return kubeObject(workload.kubernetesScope, 'NetworkPolicy', k8s.KubeNetworkPolicy, { metadata: workload.metadata(workload.name) }, {
    spec: () => servicePolicySpec(workload.selectorLabels, c.ingress, c.egress, c.cidrEgress(), {
      cidrIngress: c.cidrIngress,
      infrastructureEgress: c.infrastructureEgress,
      tunnelPort: c.tunnelPort,
    }),
  });
}
