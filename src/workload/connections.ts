import { CidrEgress, Flow, PeerPods } from '../network/service-policy';

/** A caller of a service on one port, as a mesh identifies it (namespace and service account). */
export interface Caller {
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly port: number;
  /** HTTP methods the caller may use (mesh only). Undefined: every method. */
  readonly methods?: string[];
  /** Paths the caller may request (exact, or a prefix ending in `*`; mesh only). Undefined: every path. */
  readonly paths?: string[];
}

/**
 * The flows of one workload, collected while the app is built and rendered at synth time: the
 * NetworkPolicy renders them at L4, the mesh's AuthorizationPolicy renders the callers by
 * identity. Capabilities add to it; none of them writes the NetworkPolicy itself.
 */
export class Connections {
  /** Pods admitted on a port. */
  public readonly ingress: Flow[] = [];
  /** Pods reached on a port. */
  public readonly egress: Flow[] = [];
  /** IP ranges admitted on a port (a load balancer's subnets). */
  public readonly cidrIngress: CidrEgress[] = [];
  /** Infrastructure pods reached on a port (a mesh control plane), rendered apart from services. */
  public readonly infrastructureEgress: Flow[] = [];
  /** Declared callers, by identity. */
  public readonly callers: Caller[] = [];
  /** A tunnel port opened alongside every declared pod flow (Istio ambient: HBONE). */
  public tunnelPort?: number;
  /** Where the workload's AWS credentials come from; rendered before the other ranges. */
  public credentialEgress?: CidrEgress;
  private readonly extraCidrEgress: CidrEgress[] = [];

  /** Admits `peer` on `port`. */
  public allowFrom(peer: PeerPods, port: number): void {
    this.ingress.push({ peer, port });
  }

  /** Opens egress to `peer` on `port`. */
  public allowTo(peer: PeerPods, port: number): void {
    this.egress.push({ peer, port });
  }

  /** Admits IP ranges on `port`. */
  public allowFromCidrs(cidrs: string[], port: number): void {
    this.cidrIngress.push({ cidrs, port });
  }

  /** Opens egress to IP ranges on `port` (once per set of ranges and port). */
  public allowToCidrs(cidrs: string[], port: number): void {
    const key = JSON.stringify([cidrs, port]);
    if (!this.extraCidrEgress.some(e => JSON.stringify([e.cidrs, e.port]) === key)) {
      this.extraCidrEgress.push({ cidrs: [...cidrs], port });
    }
  }

  /** Records a caller by identity. */
  public addCaller(caller: Caller): void {
    this.callers.push(caller);
  }

  /** Every egress to IP ranges: the credential source first, then the others without repeats. */
  public cidrEgress(): CidrEgress[] {
    const all = this.credentialEgress ? [this.credentialEgress] : [];
    for (const e of this.extraCidrEgress) {
      if (!all.some(a => JSON.stringify([a.cidrs, a.port]) === JSON.stringify([e.cidrs, e.port]))) all.push(e);
    }
    return all;
  }
}
