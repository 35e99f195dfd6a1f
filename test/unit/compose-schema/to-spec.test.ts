import { describe, expect, it } from 'vitest';
import type { Project, Service } from '../../../compose-schema/model.js';
import { normalizeProject, type NormalizeContext } from '../../../compose-schema/normalize.js';
import { projectToSpec, serviceToSpec } from '../../../compose-schema/to-spec.js';
import type { TreeMap } from '../../../compose-schema/tree.js';

describe('serviceToSpec', () => {
  it('sorts keys, writes durations as Go and modes in octal, and leaves out what compose leaves out', () => {
    const service: Service = {
      image: 'web:1',
      user: '',
      privileged: false,
      init: false,
      read_only: true,
      command: [],
      entrypoint: ['/init', ''],
      dns: [],
      labels: {},
      environment: { B: '', A: null, C: 'x' },
      networks: { front: null, back: { aliases: ['b'] }, side: {} },
      depends_on: { db: { condition: 'service_started', required: false, restart: false } },
      healthcheck: { test: ['CMD', 'true'], interval: 90e9, timeout: 500e6, start_period: 3600e9, disable: false },
      stop_grace_period: 1.5e9,
      deploy: { restart_policy: { delay: 5e9 }, update_config: { monitor: 60e9 } },
      secrets: [{ source: 's', target: '/run/secrets/s', mode: 0o440 }],
      volumes: [
        { type: 'volume', source: 'data', target: '/data', volume: {} },
        { type: 'bind', source: '/h', target: '/h', read_only: false, bind: { create_host_path: false } },
      ],
      mem_limit: 2 ** 30,
      'x-extra': { z: false, a: '' },
    };
    expect(JSON.stringify(serviceToSpec(service), null, 1)).toBe(
      JSON.stringify(
        {
          command: [],
          depends_on: { db: { condition: 'service_started', required: false } },
          deploy: { restart_policy: { delay: '5s' }, update_config: { monitor: '1m0s' } },
          entrypoint: ['/init', ''],
          environment: { A: null, B: '', C: 'x' },
          healthcheck: { interval: '1m30s', start_period: '1h0m0s', test: ['CMD', 'true'], timeout: '500ms' },
          image: 'web:1',
          init: false,
          mem_limit: 1073741824,
          networks: { back: { aliases: ['b'] }, front: null, side: {} },
          read_only: true,
          secrets: [{ mode: '0440', source: 's', target: '/run/secrets/s' }],
          stop_grace_period: '1.5s',
          volumes: [
            { source: 'data', target: '/data', type: 'volume', volume: {} },
            { bind: { create_host_path: false }, source: '/h', target: '/h', type: 'bind' },
          ],
          'x-extra': { a: '', z: false },
        },
        null,
        1,
      ),
    );
  });

  it('prints pre_start hooks as docker compose does, unset variables kept and privileged: false left out', () => {
    const service: Service = {
      pre_start: [{ command: ['chown', 'app', '/data'], user: 'root', privileged: false, environment: { OWNER: 'app', UNSET: null, EMPTY: '' } }],
    };
    expect(serviceToSpec(service)).toStrictEqual({
      pre_start: [{ command: ['chown', 'app', '/data'], environment: { EMPTY: '', OWNER: 'app', UNSET: null }, user: 'root' }],
    });
  });

  it('prints an empty service as an empty mapping', () => {
    expect(serviceToSpec({})).toStrictEqual({});
  });
});

describe('projectToSpec', () => {
  it('orders the top level as compose does and hides secret contents', () => {
    const project: Project = {
      'x-z': 1,
      configs: { env: { name: 'p_env', environment: 'CONF', content: 'hidden' }, inline: { name: 'p_inline', content: 'shown' } },
      secrets: { s: { name: 'p_s', content: 'hidden', environment: 'TOKEN' } },
      volumes: {},
      networks: { default: { name: 'p_default', enable_ipv6: false, internal: false } },
      services: { b: { image: 'b' }, a: { image: 'a' } },
      name: 'p',
      models: { llm: { model: 'ai/x' } },
      'x-a': { list: [null, true] },
    };
    const spec = projectToSpec(project);
    expect(Object.keys(spec)).toEqual(['name', 'services', 'networks', 'secrets', 'configs', 'models', 'x-a', 'x-z']);
    expect(Object.keys(spec['services'] as TreeMap)).toEqual(['a', 'b']);
    expect(spec).toStrictEqual({
      name: 'p',
      services: { a: { image: 'a' }, b: { image: 'b' } },
      networks: { default: { enable_ipv6: false, name: 'p_default' } },
      secrets: { s: { environment: 'TOKEN', name: 'p_s' } },
      configs: { env: { environment: 'CONF', name: 'p_env' }, inline: { content: 'shown', name: 'p_inline' } },
      models: { llm: { model: 'ai/x' } },
      'x-a': { list: [null, true] },
      'x-z': 1,
    });
  });
});

describe('a realistic project', () => {
  const ctx: NormalizeContext = {
    projectName: 'shop',
    projectDirectory: '/srv/shop',
    lookup: (name) => ({ TAG: '1.4', DB_PASSWORD: 'secret' })[name],
    readEnvFile: (path) => (path === '/srv/shop/web.env' ? 'LOG_LEVEL=info\n' : undefined),
    parseEnvFile: (text) => new Map(text.trim().split('\n').map((l) => l.split('=') as [string, string])),
    locate: () => undefined,
  };
  const tree: TreeMap = {
    services: {
      web: {
        build: { context: '/srv/shop/web', args: ['TAG'] },
        image: 'shop/web:1.4',
        command: 'npm run start -- --port 3000',
        ports: ['127.0.0.1:8080:3000', '9229'],
        environment: { NODE_ENV: 'production', DB_PASSWORD: null },
        env_file: ['/srv/shop/web.env'],
        depends_on: { db: { condition: 'service_healthy' } },
        links: ['cache'],
        volumes: ['/srv/shop/uploads:/app/uploads', 'assets:/app/public:ro'],
        networks: ['front', 'back'],
        healthcheck: { test: 'wget -qO- localhost:3000/health', interval: '30s', timeout: '5s', retries: 3 },
        deploy: { resources: { limits: { memory: '512m', cpus: '0.5' } }, restart_policy: { condition: 'on-failure', delay: '10s' } },
        secrets: ['api_key'],
        extra_hosts: ['host.docker.internal:host-gateway'],
        ulimits: { nofile: 65536 },
        stop_grace_period: '1m30s',
        labels: ['traefik.enable=true'],
      },
      db: {
        image: 'postgres:16',
        environment: ['POSTGRES_PASSWORD_FILE=/run/secrets/db'],
        volumes: [{ type: 'volume', source: 'pgdata', target: '/var/lib/postgresql/data' }, { type: 'tmpfs', target: '/tmp', tmpfs: { size: '64m' } }],
        networks: { back: { aliases: ['database'] } },
        healthcheck: { test: ['CMD', 'pg_isready'], interval: '5s', start_period: '1m' },
        shm_size: '256m',
        secrets: [{ source: 'db', target: 'db', mode: '0400' }],
      },
      cache: { image: 'redis:7', networks: ['back'], volumes_from: ['db:ro'], tmpfs: '/data', sysctls: { 'net.core.somaxconn': 1024 } },
      worker: { image: 'shop/web:1.4', command: ['node', 'worker.js'], network_mode: 'service:web', scale: 2 },
    },
    networks: { front: {}, back: { internal: true } },
    volumes: { pgdata: {}, assets: { external: true } },
    secrets: { api_key: { file: '/srv/shop/api_key.txt' }, db: { environment: 'DB_PASSWORD' } },
    'x-owner': 'team-shop',
  };

  it('reads back into the same model', () => {
    const project = normalizeProject(tree, ctx);
    const spec = projectToSpec(project);
    expect(normalizeProject(spec, ctx)).toStrictEqual(project);
  });

  it('prints what docker compose config prints for it', () => {
    const services = projectToSpec(normalizeProject(tree, ctx))['services'] as Record<string, TreeMap>;
    expect(services['web']).toStrictEqual({
      build: { args: { TAG: '1.4' }, context: '/srv/shop/web', dockerfile: 'Dockerfile' },
      command: ['npm', 'run', 'start', '--', '--port', '3000'],
      depends_on: {
        cache: { condition: 'service_started', required: true, restart: true },
        db: { condition: 'service_healthy', required: true },
      },
      deploy: { resources: { limits: { cpus: 0.5, memory: 536870912 } }, restart_policy: { condition: 'on-failure', delay: '10s' } },
      environment: { DB_PASSWORD: 'secret', LOG_LEVEL: 'info', NODE_ENV: 'production' },
      extra_hosts: ['host.docker.internal=host-gateway'],
      healthcheck: { interval: '30s', retries: 3, test: ['CMD-SHELL', 'wget -qO- localhost:3000/health'], timeout: '5s' },
      image: 'shop/web:1.4',
      labels: { 'traefik.enable': 'true' },
      links: ['cache'],
      networks: { back: null, front: null },
      ports: [
        { host_ip: '127.0.0.1', mode: 'ingress', protocol: 'tcp', published: '8080', target: 3000 },
        { mode: 'ingress', protocol: 'tcp', target: 9229 },
      ],
      secrets: [{ source: 'api_key', target: '/run/secrets/api_key' }],
      stop_grace_period: '1m30s',
      ulimits: { nofile: { hard: 65536, soft: 65536 } },
      volumes: [
        { bind: { create_host_path: true }, source: '/srv/shop/uploads', target: '/app/uploads', type: 'bind' },
        { read_only: true, source: 'assets', target: '/app/public', type: 'volume', volume: {} },
      ],
    });
    expect(services['db']!['secrets']).toStrictEqual([{ mode: '0400', source: 'db', target: 'db' }]);
    expect(services['db']!['volumes']).toStrictEqual([
      { source: 'pgdata', target: '/var/lib/postgresql/data', type: 'volume' },
      { target: '/tmp', tmpfs: { size: 67108864 }, type: 'tmpfs' },
    ]);
    expect(services['cache']).toStrictEqual({
      depends_on: { db: { condition: 'service_started', required: true } },
      image: 'redis:7',
      networks: { back: null },
      sysctls: { 'net.core.somaxconn': '1024' },
      tmpfs: ['/data'],
      volumes_from: ['db:ro'],
    });
    expect(services['worker']).toStrictEqual({
      command: ['node', 'worker.js'],
      depends_on: { web: { condition: 'service_started', required: true, restart: true } },
      image: 'shop/web:1.4',
      network_mode: 'service:web',
      scale: 2,
    });
  });
});
