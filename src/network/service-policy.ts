import * as k8s from 'cdk8s-plus-33/lib/imports/k8s';
import { NAMESPACE_NAME_LABEL } from './labels';

/** The pods at one end of a flow. */
export interface PeerPods {
  readonly namespace: string;
  readonly podLabels: { [key: string]: string };
}

/** A declared flow to or from a peer on one TCP port. */
export interface Flow {
  readonly peer: PeerPods;
  readonly port: number;
}

/** An egress to IP ranges (AWS endpoints, the Pod Identity agent). */
export interface CidrEgress {
  readonly cidrs: string[];
  readonly port: number;
}

/** Address of the EKS Pod Identity Agent on every node (IPv4 and IPv6), port 80. */
export const POD_IDENTITY_AGENT: CidrEgress = { cidrs: ['169.254.170.23/32', 'fd00:ec2::23/128'], port: 80 };

function peerSelector(peer: PeerPods): k8s.NetworkPolicyPeer {
  return {
    namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: peer.namespace } },
    podSelector: { matchLabels: peer.podLabels },
  };
}

function peerKey(peer: PeerPods): string {
  return `${peer.namespace}/${JSON.stringify(peer.podLabels)}`;
}

/** Flows grouped by port, ports ascending, peers in a stable order: one rule per port. */
function byPort(flows: Flow[]): Array<{ port: number; peers: PeerPods[] }> {
  const ports = new Map<number, Map<string, PeerPods>>();
  for (const f of flows) {
    const peers = ports.get(f.port) ?? new Map<string, PeerPods>();
    peers.set(peerKey(f.peer), f.peer);
    ports.set(f.port, peers);
  }
  return [...ports.keys()].sort((a, b) => a - b).map(port => ({
    port,
    peers: [...ports.get(port)!.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, p]) => p),
  }));
}

const tcp = (port: number): k8s.NetworkPolicyPort => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) });

/**
 * The NetworkPolicy spec of one service: ingress only from declared callers, egress only to
 * declared targets and the given CIDR ranges. With the namespace's default-deny, nothing else
 * flows.
 */
export function servicePolicySpec(podLabels: { [key: string]: string }, ingress: Flow[], egress: Flow[], cidrEgress: CidrEgress[],
  options: ServicePolicyOptions = {}): k8s.NetworkPolicySpec {
  // With a mesh tunnel (Istio ambient HBONE), a declared flow also opens the tunnel port between the same pods.
  const ports = (port: number) => (options.tunnelPort ? [tcp(port), tcp(options.tunnelPort)] : [tcp(port)]);
  return {
    podSelector: { matchLabels: podLabels },
    policyTypes: ['Ingress', 'Egress'],
    ingress: [
      ...byPort(ingress).map(r => ({ from: r.peers.map(peerSelector), ports: ports(r.port) })),
      ...(options.cidrIngress ?? []).map(c => ({ from: c.cidrs.map(cidr => ({ ipBlock: { cidr } })), ports: [tcp(c.port)] })),
    ],
    egress: [
      ...byPort(egress).map(r => ({ to: r.peers.map(peerSelector), ports: ports(r.port) })),
      ...byPort(options.infrastructureEgress ?? []).map(r => ({ to: r.peers.map(peerSelector), ports: [tcp(r.port)] })),
      ...cidrEgress.map(c => ({ to: c.cidrs.map(cidr => ({ ipBlock: { cidr } })), ports: [tcp(c.port)] })),
    ],
  };
}

/** Additions to a service's NetworkPolicy for TLS termination and the mesh. */
export interface ServicePolicyOptions {
  /** Ingress from IP ranges (a load balancer's subnets) on one port each. */
  readonly cidrIngress?: CidrEgress[];
  /** Egress to infrastructure pods (istiod), not to services. */
  readonly infrastructureEgress?: Flow[];
  /** A tunnel port opened alongside every declared flow (Istio ambient: HBONE 15008). */
  readonly tunnelPort?: number;
}
