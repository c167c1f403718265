/**
 * Decides whether NetworkPolicies allow a TCP/UDP flow from one pod to another, by evaluating the
 * policies' semantics (Kubernetes `networking.k8s.io/v1`), not by matching strings:
 *
 * - a direction (egress of the source, ingress of the target) is open when no policy of that
 *   type selects the pod, or when some selecting policy has a rule that matches the peer and port;
 * - peers: `podSelector` and `namespaceSelector` with `matchLabels` and `matchExpressions`
 *   (In, NotIn, Exists, DoesNotExist); a peer without `namespaceSelector` means the policy's own
 *   namespace; `ipBlock` peers never match pods; an empty or missing `to`/`from` matches all peers;
 * - ports: protocol (default TCP), numbers with optional `endPort`, and named ports resolved
 *   through the target pod's container ports; empty or missing `ports` match all ports.
 *
 * The flow is allowed when both directions are.
 */
import { policyTypes } from '../policy/rules/cross-cutting/default-deny-network-policy';
import { selects } from '../policy/rules/cross-cutting/util';

/** A pod, by namespace and labels. */
export interface PodRef {
  readonly namespace: string;
  readonly labels: { [key: string]: string };
}

/** The decision for one direction. */
export interface DirectionDecision {
  readonly allowed: boolean;
  /** Names (`<namespace>/<name>`) of the policies of this direction that select the pod. */
  readonly selectingPolicies: string[];
  /** Names of the policies whose rule admits the flow. */
  readonly allowingPolicies: string[];
}

/** The decision for a flow. */
export interface TrafficDecision {
  readonly allowed: boolean;
  readonly egress: DirectionDecision;
  readonly ingress: DirectionDecision;
  /** One line explaining the decision. */
  readonly explanation: string;
}

/** The label Kubernetes sets on every namespace to its name. */
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

const asList = (x: any): any[] => (Array.isArray(x) ? x : []);

function namespaceLabels(objects: any[], namespace: string): { [k: string]: string } {
  const ns = objects.find(o => o?.kind === 'Namespace' && o.metadata?.name === namespace);
  return { ...(ns?.metadata?.labels ?? {}), [NAMESPACE_NAME_LABEL]: namespace };
}

const nsOf = (o: any): string => o?.metadata?.namespace ?? 'default';

/** Container ports of the pods (of Deployments, StatefulSets, DaemonSets, Pods) that `pod` designates. */
function containerPorts(objects: any[], pod: PodRef): any[] {
  return objects.flatMap(o => {
    const template = o?.kind === 'Pod' ? o : ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'].includes(o?.kind) ? o.spec?.template : undefined;
    if (!template || nsOf(o) !== pod.namespace) return [];
    const labels = template.metadata?.labels ?? {};
    if (!Object.entries(pod.labels).every(([k, v]) => labels[k] === v)) return [];
    return [...asList(template.spec?.containers), ...asList(template.spec?.initContainers)].flatMap(c => asList(c?.ports));
  });
}

function peerMatches(objects: any[], policyNamespace: string, peer: any, other: PodRef): boolean {
  if (!peer || typeof peer !== 'object' || peer.ipBlock) return false;
  if (!peer.podSelector && !peer.namespaceSelector) return false;
  const nsOk = peer.namespaceSelector
    ? selects(peer.namespaceSelector, namespaceLabels(objects, other.namespace))
    : other.namespace === policyNamespace;
  return nsOk && (!peer.podSelector || selects(peer.podSelector, other.labels));
}

function portMatches(objects: any[], p: any, target: PodRef, port: number, protocol: string): boolean {
  if ((p?.protocol ?? 'TCP') !== protocol) return false;
  if (p?.port === undefined || p?.port === null) return true;
  if (typeof p.port === 'number') {
    return typeof p.endPort === 'number' ? port >= p.port && port <= p.endPort : port === p.port;
  }
  if (/^\d+$/.test(String(p.port))) return Number(p.port) === port;
  return containerPorts(objects, target)
    .some(c => c?.name === p.port && c?.containerPort === port && (c?.protocol ?? 'TCP') === protocol);
}

function decide(objects: any[], direction: 'Ingress' | 'Egress', self: PodRef, other: PodRef, target: PodRef, port: number, protocol: string): DirectionDecision {
  const selecting = objects.filter(o => o?.kind === 'NetworkPolicy' && nsOf(o) === self.namespace
    && selects(o.spec?.podSelector, self.labels) && policyTypes(o.spec).includes(direction));
  const peerKey = direction === 'Ingress' ? 'from' : 'to';
  const allowing = selecting.filter(o => asList(o.spec?.[direction.toLowerCase()]).some(rule => {
    const peers = asList(rule?.[peerKey]);
    const ports = asList(rule?.ports);
    return (peers.length === 0 || peers.some(peer => peerMatches(objects, nsOf(o), peer, other)))
      && (ports.length === 0 || ports.some(p => portMatches(objects, p, target, port, protocol)));
  }));
  const name = (o: any) => `${nsOf(o)}/${o.metadata?.name}`;
  return { allowed: selecting.length === 0 || allowing.length > 0, selectingPolicies: selecting.map(name), allowingPolicies: allowing.map(name) };
}

function describe(d: DirectionDecision, what: string): string {
  if (d.selectingPolicies.length === 0) return `${what} open (no policy selects the pod)`;
  return d.allowed ? `${what} allowed by ${d.allowingPolicies.join(', ')}`
    : `${what} denied (selected by ${d.selectingPolicies.join(', ')}, no rule matches)`;
}

/**
 * Whether the NetworkPolicies among `objects` allow `from` to open a connection to `to` on
 * `port`.
 */
export function evaluateTraffic(objects: any[], from: PodRef, to: PodRef, port: number, protocol = 'TCP'): TrafficDecision {
  const egress = decide(objects, 'Egress', from, to, to, port, protocol);
  const ingress = decide(objects, 'Ingress', to, from, to, port, protocol);
  return {
    allowed: egress.allowed && ingress.allowed,
    egress,
    ingress,
    explanation: `${describe(egress, 'egress')}; ${describe(ingress, 'ingress')}`,
  };
}
