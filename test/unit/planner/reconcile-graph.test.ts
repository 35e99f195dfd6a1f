import { describe, expect, it } from 'vitest';
import type { Project, Service } from '../../../compose-schema/model.js';
import { buildServiceGraph, withDependencies, withDependents } from '../../../planner/graph.js';

const project = (services: Record<string, string[]>): Project => ({
  name: 'p',
  services: Object.fromEntries(
    Object.entries(services).map(([name, deps]) => [name, { image: name, depends_on: Object.fromEntries(deps.map((d) => [d, { condition: 'service_started', required: true }])) } satisfies Service]),
  ),
  networks: {},
  volumes: {},
  secrets: {},
  configs: {},
});

describe('buildServiceGraph', () => {
  it('puts dependencies first, ties by name', () => {
    const graph = buildServiceGraph(project({ web: ['api'], api: ['db', 'cache'], db: [], cache: [], admin: [] }));
    expect(graph.order).toEqual(['admin', 'cache', 'db', 'api', 'web']);
    expect(graph.dependentsOf('db')).toEqual(['api']);
    expect(withDependencies(graph, ['api'])).toEqual(['cache', 'db', 'api']);
    expect(withDependents(graph, ['db'])).toEqual(['db', 'api', 'web']);
  });

  it('ignores a dependency the project does not have (required: false)', () => {
    expect(buildServiceGraph(project({ web: ['ghost'] })).dependenciesOf('web')).toEqual([]);
  });

  it('names a cycle along its path', () => {
    expect(() => buildServiceGraph(project({ a: ['b'], b: ['c'], c: ['a'] }))).toThrow(
      expect.objectContaining({ code: 'FLOTILLA_COMPOSE_CYCLE', message: 'dependency cycle detected: a -> b -> c -> a' }),
    );
  });
});
