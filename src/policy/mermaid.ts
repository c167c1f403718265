import { AwsGrant, EntryPoint, ServiceEdge, ServiceGraph, ServiceNode } from './graph';

/**
 * What Mermaid renders at most: 500 links (`maxEdges`) and 50,000 characters of diagram text
 * (`maxTextSize`) by default; past either it shows an error instead of the diagram.
 */
export const MERMAID_LIMITS = { edges: 500, chars: 50_000 };

/** What one diagram of the report holds at most: under Mermaid's limits with room to spare. */
export const DIAGRAM_BUDGET = { edges: 400, chars: 40_000 };

/** One diagram of the service graph. */
export interface MermaidDiagram {
  /** What it shows, e.g. `namespaces orders … web`. */
  readonly title: string;
  /** The Mermaid text (`graph LR` …). */
  readonly text: string;
  /** Number of links in it. */
  readonly edges: number;
}

/** A Mermaid label: no quotes, angle brackets, brackets or braces. */
function label(text: string): string {
  return text.replace(/["<>]/g, '\'').replace(/[[\]{}|]/g, '');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function namespaceOf(id: string): string {
  return id.split('/')[0];
}

/** The marks of a service node: protection, AWS role, log shipper, and whether it is open. */
function marks(n: ServiceNode): string[] {
  const isolation = n.isolation ?? 'both';
  return [
    n.kind && n.kind !== 'Deployment' ? n.kind : undefined,
    n.logShipper ? 'log shipper' : undefined,
    n.tls,
    n.awsRole ? 'AWS role' : undefined,
    isolation === 'none' ? 'OPEN: no NetworkPolicy' : isolation === 'ingress' ? 'egress open' : isolation === 'egress' ? 'ingress open' : undefined,
  ].filter((m): m is string => m !== undefined);
}

/** Builds one diagram, giving each node a short id the first time it is used. */
class Diagram {
  private readonly lines: string[] = ['graph LR'];
  private readonly ids = new Map<string, string>();
  private readonly open: string[] = [];
  private readonly external: string[] = [];
  private links = 0;

  public node(key: string, shape: (id: string) => string, kind?: 'open' | 'external'): string {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = `n${this.ids.size}`;
      this.ids.set(key, id);
      this.lines.push(`  ${shape(id)}`);
      if (kind === 'open') this.open.push(id);
      if (kind === 'external') this.external.push(id);
    }
    return id;
  }

  public service(n: ServiceNode): string {
    const m = marks(n);
    return this.node(`service:${n.id}`, id => `${id}["${label(n.id)}${m.length ? `<br/>${label(m.join(' · '))}` : ''}"]`,
      (n.isolation ?? 'both') !== 'both' ? 'open' : undefined);
  }

  public link(from: string, arrow: string, text: string, to: string): void {
    this.links++;
    this.lines.push(`  ${from} ${arrow}${text ? `|${label(text)}|` : ''} ${to}`);
  }

  public render(): { text: string; edges: number } {
    const lines = [...this.lines];
    if (this.open.length) lines.push('  classDef open stroke:#c00,stroke-width:3px,stroke-dasharray:5', `  class ${this.open.join(',')} open`);
    if (this.external.length) lines.push('  classDef external stroke-dasharray:2,color:#666', `  class ${this.external.join(',')} external`);
    return { text: lines.join('\n'), edges: this.links };
  }
}

/** What the diagrams of a set of services draw, indexed by service. */
interface Parts {
  readonly nodes: Map<string, ServiceNode>;
  readonly out: Map<string, ServiceEdge[]>;
  readonly grants: Map<string, AwsGrant[]>;
  readonly entries: Map<string, EntryPoint[]>;
  /** Which diagram each service is drawn in (filled in when split). */
  readonly home: Map<string, number>;
}

function group<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item); else map.set(k, [item]);
  }
  return map;
}

function entryNode(d: Diagram, e: EntryPoint): { outside: string; entry: string } {
  const details = [...e.hosts, ...e.protocols].join(' · ');
  const entry = d.node(`entry:${e.id}`, i => `${i}{{"${label(e.id)}${details ? `<br/>${label(details)}` : ''}"}}`);
  const outside = e.exposure === 'internal'
    ? d.node('vpc', i => `${i}(("VPC (internal)"))`)
    : d.node('internet', i => `${i}(("Internet"))`);
  return { outside, entry };
}

function awsNode(d: Diagram, resource: string): string {
  return d.node(`aws:${resource}`, i => `${i}[("${label(resource)}")]`);
}

/**
 * Draws `services` (with full detail when `collapse` is 0; with their flows and grants grouped
 * by namespace and AWS service when 1; counted in a single node when 2).
 */
function draw(parts: Parts, services: string[], collapse: number, diagramIndex?: number,
  unreached: EntryPoint[] = []): { text: string; edges: number } {
  const d = new Diagram();
  const inside = new Set(services);
  const linkedEntries = new Set<string>();
  const linkEntry = (e: EntryPoint) => {
    const { outside, entry } = entryNode(d, e);
    if (!linkedEntries.has(e.id)) {
      linkedEntries.add(e.id);
      d.link(outside, '-->', e.exposure === 'unknown' ? '' : e.exposure, entry);
    }
    return entry;
  };
  for (const e of unreached) linkEntry(e);
  for (const id of services) d.service(parts.nodes.get(id)!);
  for (const id of services) {
    const from = d.service(parts.nodes.get(id)!);
    for (const e of parts.entries.get(id) ?? []) d.link(linkEntry(e), '==>', '', from);
    const out = parts.out.get(id) ?? [];
    const grants = parts.grants.get(id) ?? [];
    if (collapse === 0) {
      for (const e of out) {
        const target = parts.nodes.get(e.to);
        let to: string;
        if (inside.has(e.to) || !target) {
          to = target ? d.service(target) : d.node(`service:${e.to}`, i => `${i}["${label(e.to)}"]`);
        } else {
          const where = parts.home.get(e.to);
          to = d.node(`service:${e.to}`, i => `${i}["${label(e.to)}${where !== undefined && where !== diagramIndex ? `<br/>see diagram ${where + 1}` : ''}"]`, 'external');
        }
        d.link(from, '-->', e.ports.join(', '), to);
      }
      for (const g of grants) d.link(from, '-.->', g.services.join(', '), awsNode(d, g.resource));
    } else if (collapse === 1) {
      for (const [ns, edges] of group(out, e => namespaceOf(e.to))) {
        const to = d.node(`ns:${ns}`, i => `${i}["${label(`services in namespace ${ns}`)}"]`, 'external');
        d.link(from, '-->', `${edges.length} flow${edges.length === 1 ? '' : 's'}`, to);
      }
      for (const [svc, list] of group(grants.flatMap(g => g.services.map(s => ({ s, g }))), x => x.s)) {
        d.link(from, '-.->', `${list.length} resource${list.length === 1 ? '' : 's'}`, awsNode(d, `AWS ${svc}`));
      }
    } else {
      if (out.length) d.link(from, '-->', `${out.length} flows`, d.node(`others:${id}`, i => `${i}["${label(`${new Set(out.map(e => e.to)).size} services`)}"]`, 'external'));
      if (grants.length) d.link(from, '-.->', `${grants.length} grants`, awsNode(d, `AWS resources of ${id}`));
    }
  }
  return d.render();
}

function fits(r: { text: string; edges: number }, budget: { edges: number; chars: number }): boolean {
  return r.edges <= budget.edges && r.text.length <= budget.chars;
}

/**
 * The service graph as Mermaid diagrams, each within `budget` (and so within Mermaid's limits) at
 * any size: one diagram when the whole graph fits; else the services in namespace order, packed
 * into as few diagrams as fit (a flow to a service drawn in another diagram points to a node
 * naming that diagram); a service whose own flows and grants do not fit has them grouped by
 * namespace and AWS service, or counted.
 *
 * Every diagram shows the ways in (Internet or VPC → Ingress, Gateway, LoadBalancer → services),
 * the flows the NetworkPolicies allow, the AWS resources each workload's role is granted (dashed),
 * the log shipper, and marks a workload no NetworkPolicy isolates as OPEN.
 */
export function renderMermaidDiagrams(graph: ServiceGraph, budget = DIAGRAM_BUDGET): MermaidDiagram[] {
  const nodes = new Map(graph.nodes.map(n => [n.id, n]));
  const entries = new Map<string, EntryPoint[]>();
  for (const e of graph.entryPoints ?? []) {
    for (const t of e.targets) {
      const list = entries.get(t);
      if (list) list.push(e); else entries.set(t, [e]);
    }
  }
  const parts: Parts = {
    nodes,
    out: group(graph.edges.filter(e => nodes.has(e.from)), e => e.from),
    grants: group((graph.grants ?? []).filter(g => nodes.has(g.from)), g => g.from),
    entries,
    home: new Map(),
  };
  const ids = graph.nodes.map(n => n.id).sort((a, b) => compare(namespaceOf(a), namespaceOf(b)) || compare(a, b));
  // Ways in that route to no service are drawn in the first diagram, linked only from outside.
  const unreached = (graph.entryPoints ?? []).filter(e => e.targets.length === 0);
  // At least one link per flow and grant: past the budget, drawing the whole graph is not tried.
  if (graph.edges.length + (graph.grants ?? []).length <= budget.edges) {
    const whole = draw(parts, ids, 0, undefined, unreached);
    if (fits(whole, budget)) return [{ title: 'all services', text: whole.text, edges: whole.edges }];
  }

  // Pack services into diagrams in namespace order by what each costs drawn alone (an estimate:
  // shared nodes are counted once per service, node ids grow); a diagram that still does not fit
  // is halved until it does. A service that does not fit alone has its flows and grants grouped.
  const cost = new Map(ids.map(id => [id, draw(parts, [id], 0)]));
  const chunks: Array<{ ids: string[]; collapse: number }> = [];
  let current: string[] = [];
  let edges = 0;
  let chars = 0;
  const flush = () => {
    if (current.length) chunks.push(...split(parts, current, budget));
    current = [];
    edges = 0;
    chars = 0;
  };
  for (const id of ids) {
    const c = cost.get(id)!;
    if (!fits(c, budget)) {
      flush();
      chunks.push({ ids: [id], collapse: fits(draw(parts, [id], 1), budget) ? 1 : 2 });
      continue;
    }
    if (edges + c.edges > budget.edges || chars + c.text.length + 16 * (c.edges + 1) > budget.chars) flush();
    current.push(id);
    edges += c.edges;
    chars += c.text.length + 16 * (c.edges + 1);
  }
  flush();
  chunks.forEach((c, i) => c.ids.forEach(id => parts.home.set(id, i)));
  return chunks.map((c, i) => {
    const r = draw(parts, c.ids, c.collapse, i, i === 0 ? unreached : []);
    const first = namespaceOf(c.ids[0]);
    const last = namespaceOf(c.ids[c.ids.length - 1]);
    return {
      title: `${i + 1} of ${chunks.length}: ${c.ids.length} service${c.ids.length === 1 ? '' : 's'}, namespace${first === last ? ` ${first}` : `s ${first} … ${last}`}`
        + (c.collapse ? ' (flows and grants grouped: too many to draw one by one)' : ''),
      text: r.text,
      edges: r.edges,
    };
  });
}

/** `ids` as one diagram when it fits, else halved until every part fits. */
function split(parts: Parts, ids: string[], budget: { edges: number; chars: number }): Array<{ ids: string[]; collapse: number }> {
  // Diagram numbers are not known yet: "see diagram N" is at most this much longer.
  const probe = draw(parts, ids, 0);
  if (ids.length === 1 || (probe.edges <= budget.edges && probe.text.length + 24 * probe.edges <= budget.chars)) return [{ ids, collapse: 0 }];
  const half = Math.ceil(ids.length / 2);
  return [...split(parts, ids.slice(0, half), budget), ...split(parts, ids.slice(half), budget)];
}

/** The whole service graph as a single Mermaid `graph LR` (which may exceed Mermaid's limits; see {@link renderMermaidDiagrams}). */
export function renderMermaid(graph: ServiceGraph): string {
  return renderMermaidDiagrams(graph, { edges: Number.POSITIVE_INFINITY, chars: Number.POSITIVE_INFINITY })[0].text;
}

/** The service graph section of report.md (after its heading). */
export function renderServiceGraphSection(graph: ServiceGraph): string[] {
  const diagrams = renderMermaidDiagrams(graph);
  const out = [
    'Solid arrows are the flows the NetworkPolicies allow (egress rules, with ports); double arrows the ways in from the Internet or the VPC '
      + '(Ingress, Gateway, LoadBalancer and NodePort Services); dashed arrows the AWS resources a workload\'s IAM role is granted, with the '
      + 'services of the actions. A workload that no NetworkPolicy selects is marked OPEN (red, dashed border): any pod may reach it and it may '
      + 'reach anything; one isolated in one direction only is marked "ingress open" or "egress open".',
    '',
  ];
  const open = graph.nodes.filter(n => (n.isolation ?? 'both') === 'none').length;
  out.push(`${graph.nodes.length} services, ${graph.edges.length} flows, ${(graph.entryPoints ?? []).length} ways in, ${(graph.grants ?? []).length} AWS grants`
    + `${open ? `, ${open} open service${open === 1 ? '' : 's'}` : ''}.`
    + (diagrams.length > 1 ? ` Drawn in ${diagrams.length} diagrams of at most ${DIAGRAM_BUDGET.edges} links and ${DIAGRAM_BUDGET.chars.toLocaleString('en-US')} characters `
      + `each (Mermaid renders at most ${MERMAID_LIMITS.edges} links and ${MERMAID_LIMITS.chars.toLocaleString('en-US')} characters per diagram).` : ''), '');
  for (const d of diagrams) {
    if (diagrams.length > 1) out.push(`### Services ${d.title}`, '');
    out.push('```mermaid', d.text, '```', '');
  }
  return out;
}
