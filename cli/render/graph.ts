// `flotilla graph` output: a tree on a terminal (each service over what it
// waits for), Graphviz DOT, or a Mermaid flowchart, from the same data.
import type { DependencyGraph, GraphEdge } from '../../index.js';

export type GraphFormat = 'text' | 'dot' | 'mermaid' | 'json';

const SHORT: Record<GraphEdge['condition'], string> = { service_started: 'started', service_healthy: 'healthy', service_completed_successfully: 'completed' };

function edgeLabel(edge: GraphEdge): string {
  return `${SHORT[edge.condition]}${edge.required ? '' : ', optional'}${edge.missing ? ', missing' : ''}`;
}

export function renderGraph(graph: DependencyGraph, format: GraphFormat): string {
  switch (format) {
    case 'text': return textTree(graph);
    case 'dot': return dot(graph);
    case 'mermaid': return mermaid(graph);
    case 'json': return `${JSON.stringify(graph, null, 2)}\n`;
  }
}

/** The services nothing depends on at the top, each over the services it waits for. */
function textTree(graph: DependencyGraph): string {
  const out: string[] = [];
  const needs = (service: string) => graph.edges.filter((e) => e.from === service);
  const dependedOn = new Set(graph.edges.map((e) => e.to));
  const roots = graph.services.map((s) => s.name).filter((name) => !dependedOn.has(name)).sort();
  const walk = (edges: readonly GraphEdge[], indent: string) => {
    edges.forEach((edge, index) => {
      const last = index === edges.length - 1;
      out.push(`${indent}${last ? '└── ' : '├── '}${edge.to} (${edgeLabel(edge)})`);
      walk(needs(edge.to), `${indent}${last ? '    ' : '│   '}`);
    });
  };
  for (const root of roots) {
    out.push(root);
    walk(needs(root), '');
  }
  return out.map((line) => `${line}\n`).join('');
}

const quoted = (text: string) => JSON.stringify(text);

function dot(graph: DependencyGraph): string {
  const lines = [`digraph ${quoted(graph.project)} {`, '  rankdir=LR;', '  node [shape=box];'];
  for (const service of graph.services) lines.push(`  ${quoted(service.name)} [label=${quoted(`${service.name}\n${service.image}`)}];`);
  for (const edge of graph.edges) {
    const style = edge.required && !edge.missing ? '' : ', style=dashed';
    lines.push(`  ${quoted(edge.from)} -> ${quoted(edge.to)} [label=${quoted(edgeLabel(edge))}${style}];`);
  }
  lines.push('}');
  return lines.map((line) => `${line}\n`).join('');
}

function mermaid(graph: DependencyGraph): string {
  // Service names may hold dots and dashes, which Mermaid ids cannot: each gets a numbered id.
  const ids = new Map<string, string>();
  const id = (name: string) => {
    if (!ids.has(name)) ids.set(name, `s${ids.size}`);
    return ids.get(name)!;
  };
  const label = (text: string) => text.replace(/"/g, '#quot;');
  const lines = ['flowchart LR'];
  for (const service of graph.services) lines.push(`  ${id(service.name)}["${label(service.name)}<br/>${label(service.image)}"]`);
  for (const edge of graph.edges) {
    if (edge.missing) lines.push(`  ${id(edge.to)}["${label(edge.to)} (missing)"]`);
    lines.push(`  ${id(edge.from)} ${edge.required && !edge.missing ? '-->' : '-.->'}|${edgeLabel(edge)}| ${id(edge.to)}`);
  }
  return lines.map((line) => `${line}\n`).join('');
}
