import { describe, expect, it } from 'vitest';
import { normalizeProject, type NormalizeContext } from '../../../compose-schema/normalize.js';
import { formatPath, type TreeMap, type TreePath } from '../../../compose-schema/tree.js';

const warnings: string[] = [];
const ctx: NormalizeContext = {
  projectName: 'demo',
  projectDirectory: '/p',
  lookup: (name) => ({ SHELL_VAR: 'from-shell' })[name],
  readEnvFile: (path) => ({ '/p/web.env': 'A=from-file\n' })[path],
  parseEnvFile: (text) => new Map(text.trim().split('\n').map((l) => l.split('=') as [string, string])),
  // Positions name the path they were asked for, so a test sees which node an error points at.
  locate: (path: TreePath) => ({ file: formatPath(path), line: 1, column: 1 }),
  onWarning: (w) => warnings.push(w),
};

const service = (svc: TreeMap) => normalizeProject({ services: { web: svc } }, ctx).services['web'];
const onDefault = { networks: { default: null } };

describe('normalizeProject: short syntaxes of a service', () => {
  it.each<[string, TreeMap, object]>([
    ['an image alone', { image: 'x' }, { image: 'x', ...onDefault }],
    ['build as a path', { build: '/p/app' }, { build: { context: '/p/app', dockerfile: 'Dockerfile' }, ...onDefault }],
    [
      'build in long form',
      {
        build: {
          dockerfile_inline: 'FROM x',
          args: ['A=1', 'SHELL_VAR', 'UNSET', 'EMPTY='],
          labels: ['l=1'],
          shm_size: '1g',
          ssh: ['default', 'key=/k'],
          cache_from: 'img:cache',
          extra_hosts: ['h:10.0.0.1'],
          secrets: ['s', { source: 't', mode: '0400' }],
          ulimits: { nofile: 5 },
          provenance: true,
        },
      },
      {
        build: {
          context: '/p',
          dockerfile_inline: 'FROM x',
          args: { A: '1', SHELL_VAR: 'from-shell', EMPTY: '' },
          labels: { l: '1' },
          shm_size: 2 ** 30,
          ssh: { default: null, key: '/k' },
          cache_from: ['img:cache'],
          extra_hosts: ['h=10.0.0.1'],
          secrets: [{ source: 's' }, { source: 't', mode: 0o400 }],
          ulimits: { nofile: { soft: 5, hard: 5 } },
          provenance: 'true',
        },
        ...onDefault,
      },
    ],
    [
      'commands',
      { image: 'x', command: `sh -c 'echo "$HOME"'`, entrypoint: [], post_start: [{ command: 'touch /ready', environment: ['A'] }] },
      { image: 'x', command: ['sh', '-c', 'echo "$HOME"'], entrypoint: [], post_start: [{ command: ['touch', '/ready'], environment: { A: null } }], ...onDefault },
    ],
    [
      'hooks run before the start, as post_start hooks are read',
      { image: 'x', pre_start: [{ command: 'chown -R app /data', user: 'root', privileged: true, environment: ['OWNER=app', 'UNSET'] }] },
      { image: 'x', pre_start: [{ command: ['chown', '-R', 'app', '/data'], user: 'root', privileged: true, environment: { OWNER: 'app', UNSET: null } }], ...onDefault },
    ],
    [
      'depends_on as a list',
      { image: 'x', depends_on: ['db', 'cache'] },
      { image: 'x', depends_on: { db: { condition: 'service_started', required: true }, cache: { condition: 'service_started', required: true } }, ...onDefault },
    ],
    [
      'depends_on as a mapping',
      { image: 'x', depends_on: { db: { condition: 'service_healthy', restart: true }, opt: { required: false } } },
      {
        image: 'x',
        depends_on: { db: { condition: 'service_healthy', restart: true, required: true }, opt: { condition: 'service_started', required: false } },
        ...onDefault,
      },
    ],
    [
      'dependencies implied by other keys',
      { image: 'x', depends_on: { db: { condition: 'service_healthy' } }, links: ['db:database', 'cache'], ipc: 'service:shm', volumes_from: ['data:ro', 'container:c', 'cache'] },
      {
        image: 'x',
        depends_on: {
          db: { condition: 'service_healthy', required: true },
          cache: { condition: 'service_started', restart: true, required: true },
          shm: { condition: 'service_started', restart: true, required: true },
          data: { condition: 'service_started', required: true },
        },
        links: ['db:database', 'cache'],
        ipc: 'service:shm',
        volumes_from: ['data:ro', 'container:c', 'cache'],
        ...onDefault,
      },
    ],
    [
      'network_mode service: instead of networks',
      { image: 'x', network_mode: 'service:vpn' },
      { image: 'x', network_mode: 'service:vpn', depends_on: { vpn: { condition: 'service_started', restart: true, required: true } } },
    ],
    ['networks as a list', { image: 'x', networks: ['front', 'back'] }, { image: 'x', networks: { front: null, back: null } }],
    [
      'networks as a mapping',
      { image: 'x', networks: { front: { aliases: ['w'], driver_opts: { mtu: 1400 } }, back: null } },
      { image: 'x', networks: { front: { aliases: ['w'], driver_opts: { mtu: '1400' } }, back: null } },
    ],
    ['empty networks', { image: 'x', networks: {} }, { image: 'x', ...onDefault }],
    ['a provider service', { provider: { type: 'model', options: { model: 'ai/x', flag: ['a', 1] } } }, { provider: { type: 'model', options: { model: ['ai/x'], flag: ['a', '1'] } } }],
    [
      'healthcheck',
      { image: 'x', healthcheck: { test: 'curl -f localhost', interval: '1m30s', timeout: '500ms', start_period: '1h', start_interval: '5s', retries: 3 } },
      {
        image: 'x',
        healthcheck: { test: ['CMD-SHELL', 'curl -f localhost'], interval: 90e9, timeout: 500e6, start_period: 3600e9, start_interval: 5e9, retries: 3 },
        ...onDefault,
      },
    ],
    ['healthcheck disabled', { image: 'x', healthcheck: { disable: true } }, { image: 'x', healthcheck: { disable: true }, ...onDefault }],
    [
      'units',
      { image: 'x', mem_limit: '512m', memswap_limit: -1, mem_reservation: '1.5k', shm_size: 64, stop_grace_period: '1m', cpus: '1.5' },
      { image: 'x', mem_limit: 512 * 2 ** 20, memswap_limit: -1, mem_reservation: 1536, shm_size: 64, stop_grace_period: 60e9, cpus: 1.5, ...onDefault },
    ],
    [
      'ulimits',
      { image: 'x', ulimits: { nofile: { soft: 1024, hard: 2048 }, nproc: 65535 } },
      { image: 'x', ulimits: { nofile: { soft: 1024, hard: 2048 }, nproc: { soft: 65535, hard: 65535 } }, ...onDefault },
    ],
    [
      'extra_hosts as a list',
      { image: 'x', extra_hosts: ['web:10.0.0.2', 'db=10.0.0.3', 'v6=[::1]', 'multi=1.1.1.1,2.2.2.2', 'gw:host-gateway'] },
      { image: 'x', extra_hosts: ['db=10.0.0.3', 'gw=host-gateway', 'multi=1.1.1.1', 'multi=2.2.2.2', 'v6=::1', 'web=10.0.0.2'], ...onDefault },
    ],
    ['extra_hosts as a mapping', { image: 'x', extra_hosts: { b: '10.0.0.2', a: ['::1', '10.0.0.1'] } }, { image: 'x', extra_hosts: ['a=10.0.0.1', 'a=::1', 'b=10.0.0.2'], ...onDefault }],
    [
      'devices',
      { image: 'x', devices: ['/dev/fuse', '/dev/sda:/dev/xvda', '/dev/snd:/dev/snd:r', { source: '/dev/kvm', target: '/dev/kvm' }] },
      {
        image: 'x',
        devices: [
          { source: '/dev/fuse', target: '/dev/fuse', permissions: 'rwm' },
          { source: '/dev/sda', target: '/dev/xvda', permissions: 'rwm' },
          { source: '/dev/snd', target: '/dev/snd', permissions: 'r' },
          { source: '/dev/kvm', target: '/dev/kvm' },
        ],
        ...onDefault,
      },
    ],
    [
      'secrets and configs',
      { image: 'x', secrets: ['token', { source: 'key', target: '/k', mode: 288 }], configs: ['conf', { source: 'c', mode: '0440', uid: '1' }] },
      {
        image: 'x',
        secrets: [{ source: 'token', target: '/run/secrets/token' }, { source: 'key', target: '/k', mode: 288 }],
        configs: [{ source: 'conf' }, { source: 'c', mode: 0o440, uid: '1' }],
        ...onDefault,
      },
    ],
    [
      'lists written as one string or with numbers',
      { image: 'x', dns: '8.8.8.8', dns_search: 'example.com', tmpfs: '/run', expose: [3000, '3001-3002'], group_add: [1000, 'audio'] },
      { image: 'x', dns: ['8.8.8.8'], dns_search: ['example.com'], tmpfs: ['/run'], expose: ['3000', '3001-3002'], group_add: ['1000', 'audio'], ...onDefault },
    ],
    [
      'mappings written as lists',
      { image: 'x', sysctls: ['net.core.somaxconn=1024'], annotations: { a: 1 }, storage_opt: { size: '1G' }, logging: { driver: 'json-file', options: { 'max-size': '10m', 'max-file': 3 } } },
      {
        image: 'x',
        sysctls: { 'net.core.somaxconn': '1024' },
        annotations: { a: '1' },
        storage_opt: { size: '1G' },
        logging: { driver: 'json-file', options: { 'max-size': '10m', 'max-file': '3' } },
        ...onDefault,
      },
    ],
    [
      'deploy',
      {
        image: 'x',
        scale: 2,
        deploy: {
          replicas: 2,
          labels: ['a=1'],
          resources: { limits: { cpus: '0.5', memory: '1g', pids: 100 }, reservations: { memory: 1024, devices: [{ capabilities: ['gpu'] }, { count: '2', driver: 'nvidia' }] } },
          restart_policy: { condition: 'on-failure', delay: '5s', max_attempts: 3, window: '2m' },
          update_config: { parallelism: 2, delay: '10s', monitor: '1m' },
        },
      },
      {
        image: 'x',
        scale: 2,
        deploy: {
          replicas: 2,
          labels: { a: '1' },
          resources: {
            limits: { cpus: 0.5, memory: 2 ** 30, pids: 100 },
            reservations: { memory: 1024, devices: [{ capabilities: ['gpu'], count: 'all' }, { count: 2, driver: 'nvidia' }] },
          },
          restart_policy: { condition: 'on-failure', delay: 5e9, max_attempts: 3, window: 120e9 },
          update_config: { parallelism: 2, delay: 10e9, monitor: 60e9 },
        },
        ...onDefault,
      },
    ],
    ['scale given, deploy kept in step', { image: 'x', scale: 3, deploy: { mode: 'replicated' } }, { image: 'x', scale: 3, deploy: { mode: 'replicated', replicas: 3 }, ...onDefault }],
    ['gpus: all', { image: 'x', gpus: 'all' }, { image: 'x', gpus: [{ count: 'all' }], ...onDefault }],
    ['pull_policy if_not_present', { image: 'x', pull_policy: 'if_not_present' }, { image: 'x', pull_policy: 'missing', ...onDefault }],
    [
      'develop.watch',
      { image: 'x', develop: { watch: [{ path: './src', action: 'sync', target: '/app', ignore: 'node_modules/' }] } },
      { image: 'x', develop: { watch: [{ path: './src', action: 'sync', target: '/app', ignore: ['node_modules/'] }] }, ...onDefault },
    ],
    [
      'blkio_config rates',
      { image: 'x', blkio_config: { weight: 300, device_read_bps: [{ path: '/dev/sda', rate: '12mb' }], device_write_iops: [{ path: '/dev/sda', rate: '30' }] } },
      { image: 'x', blkio_config: { weight: 300, device_read_bps: [{ path: '/dev/sda', rate: 12 * 2 ** 20 }], device_write_iops: [{ path: '/dev/sda', rate: 30 }] }, ...onDefault },
    ],
    [
      'environment, labels and their files',
      { image: 'x', env_file: '/p/web.env', environment: ['B=own', 'SHELL_VAR'], labels: ['tier=front'] },
      { image: 'x', environment: { A: 'from-file', B: 'own', SHELL_VAR: 'from-shell' }, labels: { tier: 'front' }, ...onDefault },
    ],
    ['extensions kept, nulls and extends dropped', { image: 'x', 'x-meta': { a: [1] }, user: null, extends: { service: 'base' } }, { image: 'x', 'x-meta': { a: [1] }, ...onDefault }],
  ])('%s', (_title, svc, expected) => expect(service(svc)).toStrictEqual(expected));

  it('warns when a command string is cut at a control character', () => {
    warnings.length = 0;
    expect(service({ image: 'x', command: 'echo a && echo b' })!.command).toEqual(['echo', 'a']);
    expect(warnings).toEqual(['services.web.command: "&& echo b" is left out: a command is not run by a shell, use ["sh", "-c", ...]']);
  });
});

describe('normalizeProject: errors', () => {
  it.each<[string, TreeMap, string, string]>([
    ['a duration', { stop_grace_period: '5 seconds' }, 'services.web.stop_grace_period', 'invalid duration "5 seconds": use a duration like "30s" or "1m30s"'],
    ['a healthcheck duration', { healthcheck: { interval: '10' } }, 'services.web.healthcheck.interval', 'invalid duration "10": use a duration like "30s" or "1m30s"'],
    ['a restart delay', { deploy: { restart_policy: { delay: 'soon' } } }, 'services.web.deploy.restart_policy.delay', 'invalid duration "soon": use a duration like "30s" or "1m30s"'],
    ['a byte size', { mem_limit: '12 parsecs' }, 'services.web.mem_limit', 'invalid size "12 parsecs": use a number of bytes or a unit like "512m" or "1g"'],
    ['a memory limit', { deploy: { resources: { limits: { memory: 'lots' } } } }, 'services.web.deploy.resources.limits.memory', 'invalid size "lots": use a number of bytes or a unit like "512m" or "1g"'],
    ['a port', { ports: ['80', '80800:80'] }, 'services.web.ports[1]', 'invalid port "80800:80"'],
    ['a volume', { volumes: ['/a:/b:ro:x'] }, 'services.web.volumes[0]', 'invalid volume "/a:/b:ro:x": too many colons'],
    ['an extra host without address', { extra_hosts: ['ok=1.1.1.1', 'nohost'] }, 'services.web.extra_hosts[1]', 'invalid extra host "nohost": missing IP address'],
    ['an extra host name', { extra_hosts: { 'a:b': '1.1.1.1' } }, 'services.web.extra_hosts.a:b', 'invalid extra host: bad host name "a:b"'],
    ['a device', { devices: ['/a:/b:rw:x'] }, 'services.web.devices[0]', 'invalid device "/a:/b:rw:x": use the long syntax (source, target, permissions)'],
    ['a command', { command: 'echo "oops' }, 'services.web.command', 'invalid command line "echo \\"oops": unbalanced quotes or parentheses'],
    ['an ssh key', { build: { ssh: ['nokey'] } }, 'services.web.build.ssh[0]', 'invalid ssh key "nokey": use "default" or "id=path"'],
    ['cpus', { cpus: 'many' }, 'services.web.cpus', 'invalid number of CPUs "many"'],
    ['a ulimit', { ulimits: { nofile: { soft: 'x', hard: 1 } } }, 'services.web.ulimits.nofile.soft', 'invalid number "x": expected an integer'],
    ['a secret mode', { secrets: [{ source: 's', mode: 'rw' }] }, 'services.web.secrets[0].mode', 'invalid file mode "rw": expected octal digits like "0440"'],
  ])('refuses %s', (_title, svc, path, message) => {
    expect(() => service({ image: 'x', ...svc })).toThrow(
      expect.objectContaining({ code: 'FLOTILLA_COMPOSE_INVALID_VALUE', message: `${path}: ${message}`, pos: { file: path, line: 1, column: 1 } }),
    );
  });
});

describe('normalizeProject: top-level resources', () => {
  it('names networks, volumes, secrets and configs as they are known on the host', () => {
    warnings.length = 0;
    const project = normalizeProject(
      {
        services: { web: { image: 'x' }, api: { image: 'y', networks: ['back'] } },
        networks: {
          back: null,
          ext: { external: true },
          legacy: { external: { name: 'shared-net' } },
          custom: { name: 'exact', labels: ['a=1'], driver_opts: { mtu: 1400 }, ipam: { options: { o: 1 }, config: [{ subnet: '10.5.0.0/16', aux_addresses: { h: '10.5.0.2' } }] } },
        },
        volumes: { data: {}, named: { name: 'exact' }, ext: { external: true, name: 'theirs' } },
        secrets: { token: { file: '/p/token' }, outer: { external: true } },
        configs: { conf: { content: 'x' } },
        models: { llm: { model: 'ai/smollm2' } },
        'x-top': { b: 1 },
      },
      ctx,
    );
    expect(project).toStrictEqual({
      name: 'demo',
      services: { api: { image: 'y', networks: { back: null } }, web: { image: 'x', networks: { default: null } } },
      networks: {
        back: { name: 'demo_back' },
        custom: { name: 'exact', labels: { a: '1' }, driver_opts: { mtu: '1400' }, ipam: { options: { o: '1' }, config: [{ subnet: '10.5.0.0/16', aux_addresses: { h: '10.5.0.2' } }] } },
        default: { name: 'demo_default' },
        ext: { external: true, name: 'ext' },
        legacy: { external: true, name: 'shared-net' },
      },
      volumes: { data: { name: 'demo_data' }, ext: { external: true, name: 'theirs' }, named: { name: 'exact' } },
      secrets: { outer: { external: true, name: 'outer' }, token: { file: '/p/token', name: 'demo_token' } },
      configs: { conf: { content: 'x', name: 'demo_conf' } },
      models: { llm: { model: 'ai/smollm2' } },
      'x-top': { b: 1 },
    });
    expect(Object.keys(project.networks)).toEqual(['back', 'custom', 'default', 'ext', 'legacy']);
    expect(warnings).toEqual(['networks.legacy: external.name is deprecated; use name with external: true']);
  });

  it('adds the default network only when a service uses it, and names a declared one', () => {
    expect(normalizeProject({ services: { web: { image: 'x', network_mode: 'host' } } }, ctx).networks).toEqual({});
    expect(normalizeProject({ services: { web: { image: 'x', networks: ['default'] } }, networks: { default: { driver: 'bridge' } } }, ctx).networks).toEqual({
      default: { driver: 'bridge', name: 'demo_default' },
    });
    expect(normalizeProject({ services: {} }, ctx)).toEqual({ name: 'demo', services: {}, networks: {}, volumes: {}, secrets: {}, configs: {} });
  });

  it('refuses name and external.name that disagree', () => {
    expect(() => normalizeProject({ services: {}, volumes: { v: { name: 'a', external: { name: 'b' } } } }, ctx)).toThrow(
      expect.objectContaining({ code: 'FLOTILLA_COMPOSE_INVALID_VALUE', message: 'volumes.v: name and external.name conflict; use only name', pos: { file: 'volumes.v', line: 1, column: 1 } }),
    );
  });
});
