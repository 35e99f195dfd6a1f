import { describe, expect, it } from 'vitest';
import { castTree } from '../../../compose-schema/cast.js';
import { SourceMap, type TreeMap } from '../../../compose-schema/tree.js';

const sourceMap = new SourceMap('compose.yaml');
sourceMap.set(['services', 'web'], 2, 3);
sourceMap.set(['services', 'web', 'read_only'], 6, 5);
sourceMap.set(['services', 'web', 'ports', 0], 8, 7);

const service = (fields: TreeMap): TreeMap => ({ services: { web: fields } });
const castService = (fields: TreeMap) => (castTree(service(fields), sourceMap)['services'] as TreeMap)['web'];

describe('castTree', () => {
  it('casts strings at typed service paths and leaves the rest', () => {
    expect(
      castService({
        read_only: 'TRUE',
        tty: 'false',
        init: 'True',
        cpus: '0.5',
        cpu_percent: '50',
        cpu_shares: '-1',
        oom_score_adj: '+500',
        scale: '3',
        image: '123',
        command: ['true', '1'],
        environment: { DEBUG: 'true', N: '1' },
        ports: ['80:80', { target: '8080', published: '9090' }],
        expose: ['3000'],
        ulimits: { nofile: '1024', nproc: { soft: '1', hard: '2' } },
        deploy: { replicas: '2', resources: { limits: { cpus: '1.5', pids: '10', memory: '1g' } }, placement: { max_replicas_per_node: '1' } },
        depends_on: { db: { condition: 'service_started', required: 'false', restart: 'true' } },
        healthcheck: { retries: '3', disable: 'false', interval: '10s' },
        volumes: [{ type: 'volume', source: 'v', target: '/v', read_only: 'true', volume: { nocopy: 'true' } }],
        secrets: [{ source: 's', mode: '0440' }],
        networks: { front: { priority: '100', gw_priority: '1' } },
      }),
    ).toEqual({
      read_only: true,
      tty: false,
      init: true,
      cpus: 0.5,
      cpu_percent: 50,
      cpu_shares: -1,
      oom_score_adj: 500,
      scale: 3,
      image: '123',
      command: ['true', '1'],
      environment: { DEBUG: 'true', N: '1' },
      ports: ['80:80', { target: 8080, published: '9090' }],
      expose: ['3000'],
      ulimits: { nofile: 1024, nproc: { soft: 1, hard: 2 } },
      deploy: { replicas: 2, resources: { limits: { cpus: 1.5, pids: 10, memory: '1g' } }, placement: { max_replicas_per_node: 1 } },
      depends_on: { db: { condition: 'service_started', required: false, restart: true } },
      healthcheck: { retries: 3, disable: false, interval: '10s' },
      volumes: [{ type: 'volume', source: 'v', target: '/v', read_only: true, volume: { nocopy: true } }],
      secrets: [{ source: 's', mode: '0440' }],
      networks: { front: { priority: 100, gw_priority: 1 } },
    });
  });

  it('casts the top-level resource flags', () => {
    const tree: TreeMap = {
      networks: { front: { external: 'true', internal: 'false', attachable: 'TRUE', enable_ipv6: 'true', enable_ipv4: 'false', driver: 'bridge' } },
      volumes: { data: { external: 'true' } },
      secrets: { key: { external: 'false', file: './key' } },
      configs: { conf: { external: 'true' } },
    };
    expect(castTree(tree, sourceMap)).toEqual({
      networks: { front: { external: true, internal: false, attachable: true, enable_ipv6: true, enable_ipv4: false, driver: 'bridge' } },
      volumes: { data: { external: true } },
      secrets: { key: { external: false, file: './key' } },
      configs: { conf: { external: true } },
    });
  });

  it('leaves values that are already typed, and anything outside services and resources', () => {
    const tree: TreeMap = { name: 'true', 'x-scale': { scale: '1' }, services: { web: { read_only: false, scale: 2, cpus: 1, tty: null } } };
    expect(castTree(tree, sourceMap)).toEqual(tree);
  });

  it('builds a new tree and leaves the input alone', () => {
    const input = service({ scale: '3' });
    const out = castTree(input, sourceMap);
    expect(out).not.toBe(input);
    expect(input).toEqual(service({ scale: '3' }));
  });

  it.each([
    ['yes', true],
    ['Y', true],
    ['on', true],
    ['NO', false],
    ['n', false],
    ['Off', false],
  ])('takes the YAML 1.1 boolean %j and warns about it', (text, value) => {
    const warnings: string[] = [];
    const out = castTree(service({ tty: text }), sourceMap, { warn: (m) => warnings.push(m) });
    expect(out).toEqual(service({ tty: value }));
    expect(warnings).toEqual([`services.web.tty: ${JSON.stringify(text)} as a boolean is YAML 1.1; write ${value}`]);
  });

  it('does not warn about true and false', () => {
    const warnings: string[] = [];
    castTree(service({ tty: 'true', init: 'FALSE' }), sourceMap, { warn: (m) => warnings.push(m) });
    expect(warnings).toEqual([]);
  });

  it.each([
    [{ read_only: 'maybe' }, 'services.web.read_only: expected a boolean, got "maybe"', 6, 5],
    [{ read_only: '1' }, 'services.web.read_only: expected a boolean, got "1"', 6, 5],
    [{ read_only: ' true' }, 'services.web.read_only: expected a boolean, got " true"', 6, 5],
    [{ scale: '1.5' }, 'services.web.scale: expected an integer, got "1.5"', 2, 3],
    [{ scale: ' 3' }, 'services.web.scale: expected an integer, got " 3"', 2, 3],
    [{ scale: '' }, 'services.web.scale: expected an integer, got ""', 2, 3],
    [{ cpu_quota: '9223372036854775808' }, 'services.web.cpu_quota: 9223372036854775808 is out of range for an integer', 2, 3],
    [{ cpus: 'half' }, 'services.web.cpus: expected a number, got "half"', 2, 3],
    [{ ports: [{ target: '80/tcp' }] }, 'services.web.ports[0].target: expected an integer, got "80/tcp"', 8, 7],
  ])('refuses %j', (fields, message, line, column) => {
    expect(() => castTree(service(fields as TreeMap), sourceMap)).toThrow(
      expect.objectContaining({ code: 'FLOTILLA_COMPOSE_INVALID_VALUE', message, pos: { file: 'compose.yaml', line, column } }),
    );
  });

  it('accepts the integer and number forms Go accepts', () => {
    expect(castService({ cpu_quota: '-9223372036854775808', cpus: '.5', cpu_percent: '1e2', scale: '007' })).toEqual({
      cpu_quota: -9223372036854776000,
      cpus: 0.5,
      cpu_percent: 100,
      scale: 7,
    });
  });
});
