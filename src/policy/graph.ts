import { PolicyInput } from './model';
import { podTemplateOf, selects } from './rules/kubernetes/util';

/** A service (a Deployment, StatefulSet or DaemonSet) in the service graph. */
export interface ServiceNode {
  /** `<namespace>/<name>`. */
  readonly id: string;
  /** Construct path of the workload. */
  readonly constructPath: string;
  /** Whether its ServiceAccount is bound to an AWS IAM role (IRSA or EKS Pod Identity). */
  readonly awsRole: boolean;
  /**
   * Kind of the workload.
   *
   * @default 'Deployment'
   */
  readonly kind?: string;
  /**
   * Which directions of its traffic a NetworkPolicy selecting its pods restricts: `both`,
   * `ingress`, `egress` or `none` (open: any pod may reach it, it may reach anything).
   *
   * @default 'none'
   */
  readonly isolation?: string;
  /**
   * Whether it is the log shipper (label `app.kubernetes.io/component: log-shipper`).
   *
   * @default false
   */
  readonly logShipper?: boolean;
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

/** A way in from outside the cluster: an Ingress, a Gateway listener, a LoadBalancer or NodePort Service. */
export interface EntryPoint {
  /** `<Kind> <namespace>/<name>`. */
  readonly id: string;
  /** `Ingress`, `Gateway`, `LoadBalancer` or `NodePort`. */
  readonly kind: string;
  /** Host names it serves, when declared. */
  readonly hosts: string[];
  /** `internet-facing`, `internal` or `unknown` (from the load balancer scheme annotations). */
  readonly exposure: string;
  /** Protocols of its listeners, e.g. `HTTPS`. */
  readonly protocols: string[];
  /** The service ids it routes to. */
  readonly targets: string[];
}

/** What a workload's AWS role may do on one AWS resource. */
export interface AwsGrant {
  /** The service id. */
  readonly from: string;
  /** The resource: `<type>.<name>` of a Terraform resource, or the ARN (pattern) granted. */
  readonly resource: string;
  /** The action prefixes granted, e.g. `s3`, `kms`. */
  readonly services: string[];
}

/** Services and the flows between them. */
export interface ServiceGraph {
  readonly nodes: ServiceNode[];
  readonly edges: ServiceEdge[];
  /**
   * The ways in from outside the cluster.
   *
   * @default - none
   */
  readonly entryPoints?: EntryPoint[];
  /**
   * The AWS resources each workload's role is granted.
   *
   * @default - none
   */
  readonly grants?: AwsGrant[];
}

interface Workload {
  readonly id: string;
  readonly kind: string;
  readonly logShipper: boolean;
  readonly namespace: string;
  readonly labels: { [k: string]: string };
  readonly constructPath: string;
  readonly serviceAccount: string;
  readonly volumes: any[];
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);
const COMPONENT_LABEL = 'app.kubernetes.io/component';
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
  const services = new Map<string, any>();
  const serviceAccounts = new Map<string, any>();
  const exposures: any[] = [];

  for (const o of input.kubernetes) {
    const obj = o.object;
    const ns = obj.metadata?.namespace ?? 'default';
    switch (obj.kind) {
      case 'Namespace':
        namespaceLabels.set(obj.metadata?.name, { ...(obj.metadata?.labels ?? {}), [NAMESPACE_NAME_LABEL]: obj.metadata?.name });
        break;
      case 'ServiceAccount':
        if (obj.metadata?.annotations?.[ROLE_ARN_ANNOTATION]) roleBindings.add(`${ns}/${obj.metadata?.name}`);
        serviceAccounts.set(`${ns}/${obj.metadata?.name}`, obj);
        break;
      case 'Ingress':
      case 'Gateway':
      case 'HTTPRoute':
      case 'GRPCRoute':
      case 'TLSRoute':
        exposures.push(obj);
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
        services.set(`${ns}/${obj.metadata?.name}`, obj);
        if ((obj.spec?.ports ?? []).some((p: any) => p?.appProtocol === 'https' || /^https/.test(p?.name ?? '') || p?.port === 443)) {
          httpsServices.push({ namespace: ns, selector: { matchLabels: obj.spec?.selector ?? {} } });
        }
        break;
      default:
        if (WORKLOAD_KINDS.has(obj.kind)) {
          const t = podTemplateOf(obj);
          workloads.push({
            id: `${ns}/${obj.metadata?.name}`,
            kind: obj.kind,
            logShipper: obj.metadata?.labels?.[COMPONENT_LABEL] === 'log-shipper' || t?.metadata?.labels?.[COMPONENT_LABEL] === 'log-shipper',
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
  const ingressIsolated = new Set<Workload>();
  const egressIsolated = new Set<Workload>();
  for (const np of policies) {
    const ns = np.metadata?.namespace ?? 'default';
    // policyTypes defaults to Ingress, plus Egress when the policy has egress rules.
    const types: string[] = Array.isArray(np.spec?.policyTypes) ? np.spec.policyTypes : ['Ingress', ...(np.spec?.egress ? ['Egress'] : [])];
    const selected = index.select([ns], np.spec?.podSelector ?? {});
    for (const w of selected) {
      if (types.includes('Ingress')) ingressIsolated.add(w);
      if (types.includes('Egress')) egressIsolated.add(w);
    }
    if (!types.includes('Egress')) continue;
    const sources = selected;
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

  const httpsIds = new Set<string>();
  for (const svc of httpsServices) for (const w of index.select([svc.namespace], svc.selector)) httpsIds.add(w.id);

  const entryPoints = entryPointsOf(exposures, services, index);
  const grants = grantsOf(input, workloads, serviceAccounts);

  const nodes: ServiceNode[] = workloads.map(w => {
    const certMounted = w.volumes.some(v => (v?.secret?.secretName && certSecrets.has(`${w.namespace}/${v.secret.secretName}`))
      || v?.csi?.driver === 'csi.cert-manager.io');
    const tls = meshStrict.has(w.namespace) || meshStrict.has('istio-system') ? 'mesh mTLS'
      : certMounted ? 'TLS' : httpsIds.has(w.id) ? 'HTTPS' : undefined;
    const isolation = ingressIsolated.has(w) ? (egressIsolated.has(w) ? 'both' : 'ingress') : egressIsolated.has(w) ? 'egress' : 'none';
    return {
      id: w.id,
      constructPath: w.constructPath,
      awsRole: roleBindings.has(`${w.namespace}/${w.serviceAccount}`),
      ...(tls ? { tls } : {}),
      ...(w.kind !== 'Deployment' ? { kind: w.kind } : {}),
      isolation,
      ...(w.logShipper ? { logShipper: true } : {}),
    };
  }).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  return {
    nodes,
    edges: [...edges.entries()].map(([key, ports]) => {
      const [from, to] = key.split('\u0000');
      return { from, to, ports: [...ports].sort((a, b) => Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0)) };
    }).sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.to < b.to ? -1 : a.to > b.to ? 1 : 0)),
    entryPoints,
    grants,
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The services a Service's selector selects. */
function serviceTargets(svc: any, index: WorkloadIndex): string[] {
  const selector = svc?.spec?.selector;
  if (!selector || typeof selector !== 'object' || Object.keys(selector).length === 0) return [];
  return index.select([svc.metadata?.namespace ?? 'default'], { matchLabels: selector }).map(w => w.id);
}

const SCHEME_ANNOTATIONS = ['alb.ingress.kubernetes.io/scheme', 'service.beta.kubernetes.io/aws-load-balancer-scheme'];

function exposureOf(obj: any): string {
  const annotations = obj.metadata?.annotations ?? {};
  for (const a of SCHEME_ANNOTATIONS) {
    if (annotations[a] === 'internet-facing') return 'internet-facing';
    if (annotations[a] === 'internal') return 'internal';
  }
  if (annotations['service.beta.kubernetes.io/aws-load-balancer-internal'] === 'true') return 'internal';
  return 'unknown';
}

/**
 * The ways in: Ingresses (their backends' Services), Gateways (the routes attached to them and
 * their backends), and Services of type LoadBalancer or NodePort.
 */
function entryPointsOf(exposures: any[], services: Map<string, any>, index: WorkloadIndex): EntryPoint[] {
  const result: EntryPoint[] = [];
  const svcTargets = (ns: string, name: unknown) => (typeof name === 'string' ? serviceTargets(services.get(`${ns}/${name}`), index) : []);
  const gateways = new Map<string, { entry: EntryPoint; targets: Set<string> }>();
  for (const obj of exposures) {
    const ns = obj.metadata?.namespace ?? 'default';
    if (obj.kind === 'Ingress') {
      const targets = new Set<string>();
      const backends = [obj.spec?.defaultBackend, ...(obj.spec?.rules ?? []).flatMap((r: any) => (r?.http?.paths ?? []).map((p: any) => p?.backend))];
      for (const b of backends) for (const t of svcTargets(ns, b?.service?.name ?? b?.serviceName)) targets.add(t);
      const hosts = (obj.spec?.rules ?? []).map((r: any) => r?.host).filter((h: any) => typeof h === 'string');
      const tls = Array.isArray(obj.spec?.tls) && obj.spec.tls.length > 0 || /HTTPS/.test(obj.metadata?.annotations?.['alb.ingress.kubernetes.io/listen-ports'] ?? '');
      result.push({ id: `Ingress ${ns}/${obj.metadata?.name}`, kind: 'Ingress', hosts: [...new Set<string>(hosts)].sort(), exposure: exposureOf(obj), protocols: [tls ? 'HTTPS' : 'HTTP'], targets: [...targets].sort() });
    } else if (obj.kind === 'Gateway') {
      const listeners = Array.isArray(obj.spec?.listeners) ? obj.spec.listeners : [];
      const entry: EntryPoint = {
        id: `Gateway ${ns}/${obj.metadata?.name}`,
        kind: 'Gateway',
        hosts: [...new Set<string>(listeners.map((l: any) => l?.hostname).filter((h: any) => typeof h === 'string'))].sort(),
        exposure: exposureOf(obj),
        protocols: [...new Set<string>(listeners.map((l: any) => String(l?.protocol ?? 'HTTP')))].sort(),
        targets: [],
      };
      gateways.set(`${ns}/${obj.metadata?.name}`, { entry, targets: new Set() });
    }
  }
  for (const obj of exposures) {
    if (obj.kind === 'Ingress' || obj.kind === 'Gateway') continue;
    const ns = obj.metadata?.namespace ?? 'default';
    const targets = (obj.spec?.rules ?? []).flatMap((r: any) => (r?.backendRefs ?? []).flatMap((b: any) => svcTargets(b?.namespace ?? ns, b?.name)));
    for (const ref of obj.spec?.parentRefs ?? []) {
      const gw = gateways.get(`${ref?.namespace ?? ns}/${ref?.name}`);
      if (gw) for (const t of targets) gw.targets.add(t);
    }
  }
  for (const { entry, targets } of gateways.values()) result.push({ ...entry, targets: [...targets].sort() });
  for (const [key, svc] of services) {
    const type = svc.spec?.type;
    if (type !== 'LoadBalancer' && type !== 'NodePort') continue;
    const protocols = [...new Set<string>((svc.spec?.ports ?? []).map((p: any) => `${p?.protocol ?? 'TCP'} ${p?.port}`))].sort();
    result.push({ id: `${type} ${key}`, kind: type, hosts: [], exposure: type === 'NodePort' ? 'unknown' : exposureOf(svc), protocols, targets: serviceTargets(svc, index).sort() });
  }
  return result.sort((a, b) => compare(a.id, b.id));
}

/** `${aws_iam_role.x.arn}` → `aws_iam_role.x`. */
const REFERENCE = /\$\{((?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+)(?:\[[^\]]*\])?\.[a-z_]+\}/;

function referenced(value: unknown): string | undefined {
  return typeof value === 'string' ? REFERENCE.exec(value)?.[1] : undefined;
}

/** Statements of a policy document given as a JSON string (others are not drawn). */
function statementsOf(policy: unknown): any[] {
  if (typeof policy !== 'string') return [];
  try {
    const doc = JSON.parse(policy);
    return Array.isArray(doc?.Statement) ? doc.Statement : doc?.Statement ? [doc.Statement] : [];
  } catch {
    return [];
  }
}

const asList = (v: unknown): any[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

/** A granted resource as drawn: the Terraform resource it references, else the ARN. */
function grantedResource(resource: unknown): string | undefined {
  if (typeof resource !== 'string') return undefined;
  const ref = referenced(resource);
  if (ref) return ref;
  return resource === '*' ? '* (any resource)' : resource;
}

/**
 * The AWS resources each workload may use: its ServiceAccount's role (EKS Pod Identity
 * association, or the IRSA annotation naming the role by ARN), that role's inline policies
 * (`aws_iam_role_policy`, `inline_policy`) and attached managed policies, their `Allow`
 * statements' resources.
 */
function grantsOf(input: PolicyInput, workloads: Workload[], serviceAccounts: Map<string, any>): AwsGrant[] {
  const byAddress = new Map<string, any>();
  const roleByName = new Map<string, string>();
  const policiesOfRole = new Map<string, unknown[]>();
  const roleOfAccount = new Map<string, string>();
  for (const r of input.terraform) {
    const address = `${r.type}.${r.name}`;
    byAddress.set(address, r.config);
    if (r.type === 'aws_iam_role' && typeof r.config?.name === 'string') roleByName.set(r.config.name, address);
  }
  const roleAddress = (value: unknown): string | undefined => {
    const ref = referenced(value);
    if (ref?.startsWith('aws_iam_role.')) return ref;
    if (typeof value === 'string') {
      const name = /:role\/(?:.*\/)?([^/]+)$/.exec(value)?.[1] ?? value;
      return roleByName.get(name);
    }
    return undefined;
  };
  const addPolicy = (role: string | undefined, policy: unknown) => {
    if (!role) return;
    const known = policiesOfRole.get(role);
    if (known) known.push(policy); else policiesOfRole.set(role, [policy]);
  };
  for (const r of input.terraform) {
    if (r.type === 'aws_iam_role_policy') addPolicy(roleAddress(r.config?.role), r.config?.policy);
    if (r.type === 'aws_iam_role') for (const p of asList(r.config?.inline_policy)) addPolicy(`aws_iam_role.${r.name}`, p?.policy);
    if (r.type === 'aws_iam_role_policy_attachment') {
      const policy = referenced(r.config?.policy_arn);
      if (policy) addPolicy(roleAddress(r.config?.role), byAddress.get(policy)?.policy);
    }
    if (r.type === 'aws_eks_pod_identity_association' && r.config?.namespace && r.config?.service_account) {
      const role = roleAddress(r.config.role_arn);
      if (role) roleOfAccount.set(`${r.config.namespace}/${r.config.service_account}`, role);
    }
  }
  const grants: AwsGrant[] = [];
  for (const w of workloads) {
    const account = `${w.namespace}/${w.serviceAccount}`;
    const role = roleOfAccount.get(account) ?? roleAddress(serviceAccounts.get(account)?.metadata?.annotations?.[ROLE_ARN_ANNOTATION]);
    if (!role) continue;
    const byResource = new Map<string, Set<string>>();
    for (const policy of policiesOfRole.get(role) ?? []) {
      for (const st of statementsOf(policy)) {
        if (st?.Effect !== 'Allow') continue;
        const services = asList(st.Action).filter((a): a is string => typeof a === 'string').map(a => a.split(':')[0] || a);
        for (const res of asList(st.Resource)) {
          const key = grantedResource(res);
          if (!key) continue;
          const set = byResource.get(key) ?? new Set<string>();
          services.forEach(s => set.add(s));
          byResource.set(key, set);
        }
      }
    }
    for (const [resource, services] of byResource) grants.push({ from: w.id, resource, services: [...services].sort() });
  }
  return grants.sort((a, b) => compare(a.from, b.from) || compare(a.resource, b.resource));
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
