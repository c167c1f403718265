import { PolicyInput } from './model';
import { podTemplateOf, selects } from './rules/kubernetes/util';

/** A service (a Deployment or StatefulSet) in the service graph. */
export interface ServiceNode {
  /** `<namespace>/<name>`. */
  readonly id: string;
  /** Construct path of the workload. */
  readonly constructPath: string;
  /** Whether its ServiceAccount is bound to an AWS IAM role (IRSA or EKS Pod Identity). */
  readonly awsRole: boolean;
  /**
   * How its traffic is protected, when detectable: `mesh mTLS`, `TLS` (cert-manager certificate
   * mounted) or `HTTPS` (Service port declares it).
   *
   * @default - not detectable
   */
  readonly tls?: string;
}

/** A flow allowed by a NetworkPolicy egress rule. */
export interface ServiceEdge {
  /** Source service id. */
  readonly from: string;
  /** Target service id. */
  readonly to: string;
  /** Allowed ports (`any` when the rule names none). */
  readonly ports: string[];
}

/** Services and the flows between them. */
export interface ServiceGraph {
  readonly nodes: ServiceNode[];
  readonly edges: ServiceEdge[];
}

interface Workload {
  readonly id: string;
  readonly namespace: string;
  readonly labels: { [k: string]: string };
  readonly constructPath: string;
  readonly serviceAccount: string;
  readonly volumes: any[];
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet']);
const ROLE_ARN_ANNOTATION = 'eks.amazonaws.com/role-arn';
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * Builds the service graph: nodes are Deployments and StatefulSets; an edge joins A to B when a
 * NetworkPolicy selecting A's pods has an egress rule whose peer selects B's pods. Lookups are
 * indexed by label, so the cost grows with objects and edges, not with their product.
 */
export function serviceGraph(input: PolicyInput): ServiceGraph {
  const workloads: Workload[] = [];
  const namespaceLabels = new Map<string, { [k: string]: string }>();
  const roleBindings = new Set<string>();
  const meshStrict = new Set<string>();
  const certSecrets = new Set<string>();
  const httpsServices: Array<{ namespace: string; selector: any }> = [];
  const policies: any[] = [];

  for (const o of input.kubernetes) {
    const obj = o.object;
    const ns = obj.metadata?.namespace ?? 'default';
    switch (obj.kind) {
      case 'Namespace':
        namespaceLabels.set(obj.metadata?.name, { ...(obj.metadata?.labels ?? {}), [NAMESPACE_NAME_LABEL]: obj.metadata?.name });
        break;
      case 'ServiceAccount':
        if (obj.metadata?.annotations?.[ROLE_ARN_ANNOTATION]) roleBindings.add(`${ns}/${obj.metadata?.name}`);
        break;
      case 'NetworkPolicy':
        policies.push(obj);
        break;
      case 'PeerAuthentication':
        if (obj.spec?.mtls?.mode === 'STRICT' && !obj.spec?.selector) meshStrict.add(ns);
        break;
      case 'Certificate':
        if (obj.spec?.secretName) certSecrets.add(`${ns}/${obj.spec.secretName}`);
        break;
      case 'Service':
        if ((obj.spec?.ports ?? []).some((p: any) => p?.appProtocol === 'https' || /^https/.test(p?.name ?? '') || p?.port === 443)) {
          httpsServices.push({ namespace: ns, selector: { matchLabels: obj.spec?.selector ?? {} } });
        }
        break;
      default:
        if (WORKLOAD_KINDS.has(obj.kind)) {
          const t = podTemplateOf(obj);
          workloads.push({
            id: `${ns}/${obj.metadata?.name}`,
            namespace: ns,
            labels: t?.metadata?.labels ?? {},
            constructPath: o.constructPath,
            serviceAccount: t?.spec?.serviceAccountName ?? t?.spec?.serviceAccount ?? 'default',
            volumes: Array.isArray(t?.spec?.volumes) ? t!.spec.volumes : [],
          });
        }
    }
  }
  for (const r of input.terraform) {
    if (r.type === 'aws_eks_pod_identity_association' && r.config?.namespace && r.config?.service_account) {
      roleBindings.add(`${r.config.namespace}/${r.config.service_account}`);
    }
  }
  for (const w of workloads) {
    if (!namespaceLabels.has(w.namespace)) namespaceLabels.set(w.namespace, { [NAMESPACE_NAME_LABEL]: w.namespace });
  }

  const index = new WorkloadIndex(workloads);
  const edges = new Map<string, Set<string>>();
  for (const np of policies) {
    const ns = np.metadata?.namespace ?? 'default';
    if (!(np.spec?.policyTypes ?? ['Egress']).includes('Egress') && !np.spec?.egress) continue;
    const sources = index.select([ns], np.spec?.podSelector ?? {});
    if (sources.length === 0) continue;
    for (const rule of np.spec?.egress ?? []) {
      const ports = (rule?.ports ?? []).map((p: any) => String(p?.port ?? 'any'));
      const targets = new Set<Workload>();
      for (const peer of rule?.to ?? []) {
        if (!peer || peer.ipBlock) continue;
        const namespaces = selectNamespaces(namespaceLabels, ns, peer.namespaceSelector);
        for (const t of index.select(namespaces, peer.podSelector ?? {})) targets.add(t);
      }
      for (const s of sources) {
        for (const t of targets) {
          if (s === t) continue;
          const key = `${s.id}\u0000${t.id}`;
          const set = edges.get(key) ?? new Set<string>();
          (ports.length ? ports : ['any']).forEach((p: string) => set.add(p));
          edges.set(key, set);
        }
      }
    }
  }

  const https = new WorkloadIndex(workloads);
  const httpsIds = new Set<string>();
  for (const svc of httpsServices) for (const w of https.select([svc.namespace], svc.selector)) httpsIds.add(w.id);

  const nodes: ServiceNode[] = workloads.map(w => {
    const certMounted = w.volumes.some(v => (v?.secret?.secretName && certSecrets.has(`${w.namespace}/${v.secret.secretName}`))
      || v?.csi?.driver === 'csi.cert-manager.io');
    const tls = meshStrict.has(w.namespace) || meshStrict.has('istio-system') ? 'mesh mTLS'
      : certMounted ? 'TLS' : httpsIds.has(w.id) ? 'HTTPS' : undefined;
    return {
      id: w.id,
      constructPath: w.constructPath,
      awsRole: roleBindings.has(`${w.namespace}/${w.serviceAccount}`),
      ...(tls ? { tls } : {}),
    };
  }).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  return {
    nodes,
    edges: [...edges.entries()].map(([key, ports]) => {
      const [from, to] = key.split('\u0000');
      return { from, to, ports: [...ports].sort((a, b) => Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0)) };
    }).sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.to < b.to ? -1 : a.to > b.to ? 1 : 0)),
  };
}

/** The namespaces a peer's namespaceSelector selects (by name directly when it names one). */
function selectNamespaces(labels: Map<string, { [k: string]: string }>, own: string, selector: any): string[] {
  if (selector === undefined || selector === null) return [own];
  const byName = selector.matchLabels?.[NAMESPACE_NAME_LABEL];
  if (typeof byName === 'string') {
    const l = labels.get(byName);
    return l && selects(selector, l) ? [byName] : [];
  }
  return [...labels.entries()].filter(([, l]) => selects(selector, l)).map(([name]) => name);
}

/** Workloads indexed by namespace and by label pair. */
class WorkloadIndex {
  private readonly byNamespace = new Map<string, Workload[]>();
  private readonly byPair = new Map<string, Workload[]>();

  constructor(workloads: Workload[]) {
    for (const w of workloads) {
      push(this.byNamespace, w.namespace, w);
      for (const [k, v] of Object.entries(w.labels)) push(this.byPair, `${w.namespace}\u0000${k}=${v}`, w);
    }
  }

  /** The workloads in `namespaces` whose pod labels `selector` selects. */
  public select(namespaces: string[], selector: any): Workload[] {
    const pairs = Object.entries(selector?.matchLabels ?? {});
    const result: Workload[] = [];
    for (const ns of namespaces) {
      let candidates = this.byNamespace.get(ns) ?? [];
      for (const [k, v] of pairs) {
        const bucket = this.byPair.get(`${ns}\u0000${k}=${v}`) ?? [];
        if (bucket.length < candidates.length) candidates = bucket;
      }
      for (const w of candidates) if (selects(selector ?? {}, w.labels)) result.push(w);
    }
    return result;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value); else map.set(key, [value]);
}
