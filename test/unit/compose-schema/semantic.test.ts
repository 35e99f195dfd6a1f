import { describe, expect, it } from 'vitest';
import { checkProject, type CheckOptions } from '../../../compose-schema/semantic.js';
import { formatPath, type TreeMap, type TreePath } from '../../../compose-schema/tree.js';

// Positions name the path they were asked for, so a test sees which node an error points at.
const locate = (path: TreePath) => ({ file: formatPath(path), line: 1, column: 1 });
const check = (tree: TreeMap, options?: CheckOptions) => () => checkProject(tree, locate, options);
const web = (svc: TreeMap, top: TreeMap = {}): TreeMap => ({ services: { web: { image: 'x', ...svc } }, ...top });

const REF = 'FLOTILLA_COMPOSE_UNDEFINED_REFERENCE';
const VALUE = 'FLOTILLA_COMPOSE_INVALID_VALUE';

describe('checkProject', () => {
  it('accepts a consistent project', () => {
    expect(
      check({
        services: {
          web: {
            image: 'x',
            depends_on: { db: { condition: 'service_healthy' }, gone: { required: false } },
            links: ['db:database'],
            networks: ['front', 'default'],
            volumes: ['data:/d', '/p/src:/src', '/anon', { type: 'volume', target: '/v2' }, { type: 'bind', source: '/h', target: '/h' }],
            secrets: ['s', { source: 's', target: '/s2' }],
            configs: ['c'],
            models: ['llm'],
            tmpfs: ['/run:size=64k'],
            healthcheck: { test: ['CMD', 'true'] },
            cpus: 1.5,
            mem_limit: '1g',
            deploy: { replicas: 2, resources: { limits: { cpus: '1.5', memory: 1073741824 } } },
            develop: { watch: [{ path: '.', action: 'rebuild' }] },
          },
          db: { build: { context: '.', additional_contexts: { base: 'service:base' } }, network_mode: 'host' },
          base: { build: '.', pid: 'host' },
          ai: { provider: { type: 'model' } },
        },
        networks: { front: {} },
        volumes: { data: {} },
        secrets: { s: { file: './s' } },
        configs: { c: { content: 'x' } },
        models: { llm: { model: 'ai/x' } },
      }),
    ).not.toThrow();
  });

  it.each<[string, TreeMap, string, string, string]>([
    ['a depends_on entry', web({ depends_on: ['dbb'] }), REF, 'services.web.depends_on', 'service "dbb" is not defined'],
    ['a link', web({ links: ['db:alias'] }), REF, 'services.web.links', 'service "db" is not defined'],
    ['volumes_from', web({ volumes_from: ['data:ro'] }), REF, 'services.web.volumes_from', 'service "data" is not defined'],
    ['network_mode', web({ network_mode: 'service:vpn' }), REF, 'services.web.network_mode', 'service "vpn" is not defined'],
    ['pid', web({ pid: 'service:init' }), REF, 'services.web.pid', 'service "init" is not defined'],
    ['a network', web({ networks: { back: null } }), REF, 'services.web.networks', 'network "back" is not declared under the top-level networks'],
    ['a named volume', web({ volumes: ['/ok:/ok', 'data:/data'] }), REF, 'services.web.volumes[1]', 'volume "data" is not declared under the top-level volumes'],
    ['a long volume', web({ volumes: [{ type: 'volume', source: 'v', target: '/v' }] }), REF, 'services.web.volumes[0]', 'volume "v" is not declared under the top-level volumes'],
    ['a secret', web({ secrets: ['token'] }), REF, 'services.web.secrets[0]', 'secret "token" is not declared under the top-level secrets'],
    ['a config', web({ configs: [{ source: 'c' }] }), REF, 'services.web.configs[0]', 'config "c" is not declared under the top-level configs'],
    ['a build secret', web({ build: { context: '.', secrets: ['npmrc'] } }), REF, 'services.web.build.secrets[0]', 'secret "npmrc" is not declared under the top-level secrets'],
    ['a model', web({ models: { llm: null } }), REF, 'services.web.models', 'model "llm" is not declared under the top-level models'],
    ['a build context service', web({ build: { context: '.', additional_contexts: { b: 'service:base' } } }), REF, 'services.web.build.additional_contexts.b', 'service "base" is not defined'],
    ['a service with no image', { services: { web: { environment: { A: '1' } } } }, VALUE, 'services.web', 'service "web" has neither an image nor a build context specified'],
    [
      'a build context service without build',
      { services: { web: { build: { context: '.', additional_contexts: { b: 'service:base' } } }, base: { image: 'x' } } },
      VALUE,
      'services.web.build.additional_contexts.b',
      'service "base" has no build section to use as a context',
    ],
    ['two dockerfiles', web({ build: { dockerfile: 'D', dockerfile_inline: 'FROM x' } }), VALUE, 'services.web.build', 'dockerfile and dockerfile_inline cannot both be set'],
    ['a platform not built', web({ platform: 'linux/arm64', build: { context: '.', platforms: ['linux/amd64'] } }), VALUE, 'services.web.build.platforms', 'must include the service\'s platform "linux/arm64"'],
    ['network_mode with networks', web({ network_mode: 'host', networks: ['default'] }), VALUE, 'services.web', 'network_mode and networks cannot both be set'],
    ['a healthcheck test', web({ healthcheck: { test: ['curl', '-f', 'x'] } }), VALUE, 'services.web.healthcheck.test', 'must start with "CMD", "CMD-SHELL" or "NONE", got "curl"'],
    ['scale and replicas', web({ scale: 2, deploy: { replicas: 3 } }), VALUE, 'services.web', 'scale (2) and deploy.replicas (3) differ: set only one'],
    ['a negative scale', web({ scale: -1 }), VALUE, 'services.web.scale', 'must be 0 or more, got -1'],
    [
      'container_name with replicas',
      web({ container_name: 'w', deploy: { replicas: 2 } }),
      VALUE,
      'services.web.container_name',
      'container_name "w" cannot be used with 2 replicas: container names must be unique',
    ],
    ['container_name with scale', web({ container_name: 'w', scale: 3 }), VALUE, 'services.web.container_name', 'container_name "w" cannot be used with 3 replicas: container names must be unique'],
    ['cpus twice', web({ cpus: 1, deploy: { resources: { limits: { cpus: 2 } } } }), VALUE, 'services.web', 'cpus and deploy.resources.limits.cpus differ: set only one'],
    [
      'mem_reservation twice',
      web({ mem_reservation: '1g', deploy: { resources: { reservations: { memory: '512m' } } } }),
      VALUE,
      'services.web',
      'mem_reservation and deploy.resources.reservations.memory differ: set only one',
    ],
    ['a watch rule without target', web({ develop: { watch: [{ path: '.', action: 'sync' }] } }), VALUE, 'services.web.develop.watch[0]', 'target is required for the "sync" action'],
    ['two mounts on one path', web({ volumes: ['/a:/data/', { type: 'tmpfs', target: '/data' }] }), VALUE, 'services.web.volumes[1]', 'target /data is already mounted by services.web.volumes[0]'],
    ['a tmpfs over a volume', web({ tmpfs: '/run', volumes: ['/x:/run'] }), VALUE, 'services.web.volumes[0]', 'target /run is already mounted by services.web.tmpfs'],
    ['a secret with no source', web({}, { secrets: { s: { labels: { a: '1' } } } }), VALUE, 'secrets.s', 'secret "s" must declare either file or environment'],
  ])('refuses %s', (_title, tree, code, path, message) => {
    expect(check(tree)).toThrow(expect.objectContaining({ code, message: `${path}: ${message}`, pos: { file: path, line: 1, column: 1 } }));
  });

  it('lets an optional dependency be missing only when profiles disabled it', () => {
    const tree = web({ depends_on: { opt: { required: false } } });
    expect(check(tree)).not.toThrow();
    expect(check(tree, { disabledServices: ['opt'] })).not.toThrow();
    expect(check(tree, { disabledServices: ['other'] })).toThrow('services.web.depends_on: service "opt" is not defined');
    expect(check(web({ depends_on: { req: { required: true } } }), { disabledServices: ['req'] })).toThrow('services.web.depends_on: service "req" is not defined');
  });
});

describe('dependency cycles', () => {
  it.each<[string, TreeMap, string, string]>([
    ['over every kind of dependency', { a: { depends_on: ['b'] }, b: { links: ['c:x'] }, c: { volumes_from: ['a:ro'] } }, 'a', 'a -> b -> c -> a'],
    ['from the first service by name in the cycle', { a: { depends_on: ['c'] }, c: { depends_on: ['b'] }, b: { network_mode: 'service:c' } }, 'b', 'b -> c -> b'],
    ['on a service itself', { x: { depends_on: { x: { condition: 'service_started' } } } }, 'x', 'x -> x'],
  ])('are reported %s', (_title, services, first, cycle) => {
    const tree = { services: Object.fromEntries(Object.entries(services).map(([name, svc]) => [name, { image: 'i', ...(svc as TreeMap) }])) };
    expect(check(tree)).toThrow(
      expect.objectContaining({ code: 'FLOTILLA_COMPOSE_CYCLE', message: `services.${first}: dependency cycle: ${cycle}`, pos: { file: `services.${first}`, line: 1, column: 1 } }),
    );
  });

  it('are not made of a shared dependency', () => {
    expect(check({ services: { a: { image: 'i', depends_on: ['b', 'c'] }, b: { image: 'i', depends_on: ['c'] }, c: { image: 'i' } } })).not.toThrow();
  });
});
