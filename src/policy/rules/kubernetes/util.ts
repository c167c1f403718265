import { IRule, KubernetesObject, PolicyInput, RuleFinding, Severity } from '../../model';
import { selects } from '../../selectors';

export { selects };

/** Metadata of a rule of the Kubernetes pack. */
export interface RuleMeta {
  readonly id: string;
  readonly severity: Severity;
  readonly title: string;
  readonly description: string;
  readonly fix: string;
  readonly optOutControl?: string;
}

/** Human-readable name of an object: `Deployment orders/orders`. */
export function describeObject(object: any): string {
  const ns = object?.metadata?.namespace;
  const name = object?.metadata?.name ?? '<unnamed>';
  return `${object?.kind} ${ns ? `${ns}/` : ''}${name}`;
}

/** A finding about a Kubernetes object. */
export function findingFor(o: KubernetesObject, message: string): RuleFinding {
  return { constructPath: o.constructPath, file: o.file, resource: describeObject(o.object), message };
}

/** A rule that looks at each object on its own: `check` returns the problems of one object. */
export function objectRule(meta: RuleMeta, check: (o: KubernetesObject, input: PolicyInput) => string[]): IRule {
  return {
    ...meta,
    pack: 'kubernetes',
    check: (input: PolicyInput) => {
      const findings: RuleFinding[] = [];
      for (const o of input.kubernetes) {
        const problems = check(o, input);
        for (let i = 0; i < problems.length; i++) findings.push(findingFor(o, problems[i]));
      }
      return findings;
    },
  };
}

/** A container of a pod spec, with where it sits. */
export interface ContainerRef {
  /** `container "web"`, `initContainer "migrate"`. */
  readonly label: string;
  readonly container: any;
  /** Whether it is a regular (long-running) container. */
  readonly regular: boolean;
}

/** A pod spec inside a workload object. */
export interface PodSpecRef {
  readonly owner: KubernetesObject;
  readonly spec: any;
  /** The pod template's metadata (the object's own for a Pod). */
  readonly metadata: any;
  readonly containers: ContainerRef[];
}

/** No problems (shared: never modified). */
const NONE: string[] = [];

const TEMPLATE_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'ReplicationController']);

/** The pod template of a workload object, if it is one. */
export function podTemplateOf(object: any): { spec: any; metadata: any } | undefined {
  if (!object || typeof object !== 'object') return undefined;
  if (object.kind === 'Pod') return object.spec ? { spec: object.spec, metadata: object.metadata ?? {} } : undefined;
  if (object.kind === 'CronJob') {
    const t = object.spec?.jobTemplate?.spec?.template;
    return t?.spec ? { spec: t.spec, metadata: t.metadata ?? {} } : undefined;
  }
  if (TEMPLATE_KINDS.has(object.kind)) {
    const t = object.spec?.template;
    return t?.spec ? { spec: t.spec, metadata: t.metadata ?? {} } : undefined;
  }
  return undefined;
}

function containersOf(spec: any): ContainerRef[] {
  const list = (key: string, kind: string, regular: boolean): ContainerRef[] =>
    (Array.isArray(spec?.[key]) ? spec[key] : []).map((c: any, i: number) => ({
      label: `${kind} "${c?.name ?? i}"`, container: c ?? {}, regular,
    }));
  return [
    ...list('initContainers', 'initContainer', false),
    ...list('containers', 'container', true),
    ...list('ephemeralContainers', 'ephemeralContainer', false),
  ];
}

const podSpecCache = new WeakMap<PolicyInput, PodSpecRef[]>();

/** Every pod spec in the input (Deployments, StatefulSets, DaemonSets, Jobs, CronJobs, Pods...). */
export function podSpecs(input: PolicyInput): PodSpecRef[] {
  let cached = podSpecCache.get(input);
  if (!cached) {
    cached = [];
    for (const owner of input.kubernetes) {
      const t = podTemplateOf(owner.object);
      if (t) cached.push({ owner, spec: t.spec, metadata: t.metadata, containers: containersOf(t.spec) });
    }
    podSpecCache.set(input, cached);
  }
  return cached;
}

/** A rule over pod specs: `check` returns the problems of one pod spec. */
export function podRule(meta: RuleMeta, check: (pod: PodSpecRef, input: PolicyInput) => string[]): IRule {
  return {
    ...meta,
    pack: 'kubernetes',
    check: (input: PolicyInput) => {
      const findings: RuleFinding[] = [];
      for (const p of podSpecs(input)) {
        const problems = check(p, input);
        for (let i = 0; i < problems.length; i++) findings.push(findingFor(p.owner, problems[i]));
      }
      return findings;
    },
  };
}

/** A rule over each container: `check` returns the problem of one container, if any. */
export function containerRule(meta: RuleMeta, check: (c: ContainerRef, pod: PodSpecRef) => string | undefined): IRule {
  return podRule(meta, pod => {
    let problems: string[] | undefined;
    for (const c of pod.containers) {
      const problem = check(c, pod);
      if (problem !== undefined) (problems ??= []).push(`${c.label}: ${problem}`);
    }
    return problems ?? NONE;
  });
}

/** A security context field of a container, falling back to the pod's security context. */
export function effective(c: ContainerRef, pod: PodSpecRef, field: string): any {
  const own = c.container?.securityContext?.[field];
  return own !== undefined && own !== null ? own : pod.spec?.securityContext?.[field];
}

/** Workload kinds that run long-lived replicated pods. */
export const REPLICATED_KINDS = new Set(['Deployment', 'StatefulSet']);


/**
 * Label selectors indexed so that looking up the selectors that match a set of labels costs
 * about the number of labels, not the number of selectors.
 */
export class SelectorIndex<T> {
  private readonly byPair = new Map<string, Array<{ selector: any; value: T }>>();
  private readonly unkeyed = new Map<string, Array<{ selector: any; value: T }>>();

  /** Adds a selector (scoped by `scope`, e.g. a namespace). */
  public add(scope: string, selector: any, value: T): void {
    const pairs = Object.entries(selector?.matchLabels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const key = pairs.length === 0 ? scope : `${scope}\u0000${pairs[0][0]}=${pairs[0][1]}`;
    const map = pairs.length === 0 ? this.unkeyed : this.byPair;
    const bucket = map.get(key) ?? [];
    bucket.push({ selector, value });
    map.set(key, bucket);
  }

  /** The values whose selectors (in `scope`) select `labels`, each once. */
  public match(scope: string, labels: { [k: string]: string } | undefined): T[] {
    const result = new Set<T>();
    for (const [k, v] of Object.entries(labels ?? {})) {
      for (const e of this.byPair.get(`${scope}\u0000${k}=${v}`) ?? []) {
        if (selects(e.selector, labels)) result.add(e.value);
      }
    }
    for (const e of this.unkeyed.get(scope) ?? []) {
      if (selects(e.selector, labels)) result.add(e.value);
    }
    return [...result];
  }
}

/** Per-input memo for indexes that several checks of one rule run share. */
export function memo<T>(cache: WeakMap<PolicyInput, T>, input: PolicyInput, build: () => T): T {
  let value = cache.get(input);
  if (value === undefined) {
    value = build();
    cache.set(input, value);
  }
  return value;
}
