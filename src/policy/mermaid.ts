import { ServiceGraph } from './graph';

/** A Mermaid label: no quotes or angle brackets. */
function label(text: string): string {
  return text.replace(/["<>]/g, '\'').replace(/[[\]{}]/g, '');
}

/** The Mermaid `graph LR` of the service graph. */
export function renderMermaid(graph: ServiceGraph): string {
  const ids = new Map(graph.nodes.map((n, i) => [n.id, `s${i}`]));
  const lines = ['graph LR'];
  for (const n of graph.nodes) {
    const marks = [n.tls, n.awsRole ? 'AWS role' : undefined].filter(m => m !== undefined);
    lines.push(`  ${ids.get(n.id)}["${label(n.id)}${marks.length ? `<br/>${label(marks.join(' · '))}` : ''}"]`);
  }
  for (const e of graph.edges) {
    lines.push(`  ${ids.get(e.from)} -->|${label(e.ports.join(', '))}| ${ids.get(e.to)}`);
  }
  return lines.join('\n');
}

/** The service graph section of report.md (after its heading). */
export function renderServiceGraphSection(graph: ServiceGraph): string[] {
  return ['Edges are the egress rules of the NetworkPolicies; every other flow is denied when a default-deny policy applies.', '',
    '```mermaid', renderMermaid(graph), '```', ''];
}
