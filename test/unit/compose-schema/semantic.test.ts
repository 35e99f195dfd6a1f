import { describe, expect, it } from 'vitest';
import { checkProject } from '../../../compose-schema/semantic.js';
import type { TreeMap } from '../../../compose-schema/tree.js';

const locate = (path: readonly (string | number)[]) => ({ file: 'compose.yaml', line: path.length, column: 1 });
const check = (tree: TreeMap) => () => checkProject(tree, locate);

describe('checkProject', () => {
  it('accepts a consistent project', () => {
    expect(
      check({
        services: { web: { image: 'x', depends_on: ['db'], networks: ['front'], volumes: ['data:/d', './src:/src', '/anon'], secrets: ['s'] }, db: { build: '.' } },
        networks: { front: {} },
        volumes: { data: {} },
        secrets: { s: { file: './s' } },
      }),
    ).not.toThrow();
  });

  it.each([
    [{ services: { web: { image: 'x', depends_on: ['dbb'] } } }, 'services.web.depends_on: service "dbb" is not defined', 3],
    [{ services: { web: { image: 'x', links: ['db:alias'] } } }, 'services.web.links: service "db" is not defined', 3],
    [{ services: { web: { image: 'x', volumes_from: ['data:ro'] } } }, 'services.web.volumes_from: service "data" is not defined', 3],
    [{ services: { web: { image: 'x', networks: { back: null } } } }, 'services.web.networks: network "back" is not declared under the top-level networks', 3],
    [{ services: { web: { image: 'x', volumes: [{ type: 'volume', source: 'v', target: '/v' }] } } }, 'services.web.volumes[0]: volume "v" is not declared under the top-level volumes', 4],
    [{ services: { web: { image: 'x', configs: [{ source: 'c' }] } } }, 'services.web.configs[0]: config "c" is not declared under the top-level configs', 4],
    [{ services: { web: { environment: { A: '1' } } } }, 'services.web: service "web" has neither an image nor a build context', 2],
    [{ services: { web: { image: 'x', container_name: 'w', scale: 3 } } }, 'services.web.container_name: container_name "w" cannot be used with 3 replicas: container names must be unique', 3],
  ])('refuses %j', (tree, message, line) => {
    expect(check(tree as TreeMap)).toThrow(expect.objectContaining({ message, pos: { file: 'compose.yaml', line, column: 1 } }));
  });

  it('reports a dependency cycle from its first service by name', () => {
    const tree = { services: { c: { image: 'x', depends_on: ['a'] }, b: { image: 'x', depends_on: ['c'] }, a: { image: 'x', links: ['b'] } } };
    expect(check(tree)).toThrow(expect.objectContaining({ code: 'FLOTILLA_COMPOSE_CYCLE', message: 'services.a: dependency cycle: a -> b -> c -> a' }));
  });
});
