// The dependency graph of a loaded project and its three drawings.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../../compose-schema/load.js';
import { dependencyGraph } from '../../../compose/graph.js';
import { renderGraph } from '../../../cli/render/graph.js';

const yaml = `
name: shop
services:
  db: { image: postgres:16, healthcheck: { test: ["CMD", "true"] } }
  migrate: { image: shop/migrate, depends_on: { db: { condition: service_healthy } } }
  web:
    image: shop/web
    depends_on:
      migrate: { condition: service_completed_successfully }
      db: { condition: service_healthy }
      cache: { condition: service_started, required: false }
  cache: { image: redis, profiles: [extra] }
`;
const file = join(mkdtempSync(join(tmpdir(), 'flotilla-graph-')), 'compose.yaml');
writeFileSync(file, yaml);
const graph = () => dependencyGraph(loadProject({ files: [file], environment: {} }).project);

describe('dependencyGraph', () => {
  it('lists services in start order and every depends_on edge, a missing optional one marked', () => {
    const g = graph();
    expect(g.services.map((s) => s.name)).toEqual(['db', 'migrate', 'web']);
    expect(g.edges).toEqual([
      { from: 'migrate', to: 'db', condition: 'service_healthy', required: true, missing: false },
      { from: 'web', to: 'cache', condition: 'service_started', required: false, missing: true },
      { from: 'web', to: 'db', condition: 'service_healthy', required: true, missing: false },
      { from: 'web', to: 'migrate', condition: 'service_completed_successfully', required: true, missing: false },
    ]);
  });
});

describe('renderGraph', () => {
  it('draws a tree with what each service waits for', () => {
    expect(renderGraph(graph(), 'text')).toBe(
      ['web', '├── cache (started, optional, missing)', '├── db (healthy)', '└── migrate (completed)', '    └── db (healthy)', ''].join('\n'),
    );
  });

  it('writes Graphviz DOT with optional edges dashed', () => {
    const dot = renderGraph(graph(), 'dot');
    expect(dot.split('\n').slice(0, 4)).toEqual(['digraph "shop" {', '  rankdir=LR;', '  node [shape=box];', '  "db" [label="db\\npostgres:16"];']);
    expect(dot).toContain('  "web" -> "cache" [label="started, optional, missing", style=dashed];\n');
    expect(dot).toContain('  "web" -> "migrate" [label="completed"];\n');
  });

  it('writes a Mermaid flowchart with numbered ids', () => {
    const mermaid = renderGraph(graph(), 'mermaid').split('\n');
    expect(mermaid[0]).toBe('flowchart LR');
    expect(mermaid).toContain('  s1["migrate<br/>shop/migrate"]');
    expect(mermaid).toContain('  s1 -->|healthy| s0');
    expect(mermaid).toContain('  s2 -.->|started, optional, missing| s3');
  });
});
