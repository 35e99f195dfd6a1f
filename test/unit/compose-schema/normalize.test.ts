import { describe, expect, it } from 'vitest';
import { parseDotenv } from '../../../compose-schema/dotenv.js';
import { normalizeProject, type NormalizeContext } from '../../../compose-schema/normalize.js';
import type { TreeMap } from '../../../compose-schema/tree.js';

const ctx: NormalizeContext = {
  projectName: 'demo',
  projectDirectory: '/p',
  lookup: (name) => ({ SHELL_VAR: 'from-shell' })[name],
  readEnvFile: (path) => ({ '/p/web.env': 'A=from-file\nB=from-file\n' })[path],
  parseEnvFile: (text, file, lookup) => parseDotenv(text, { file, lookup }),
  locate: () => ({ file: '/p/compose.yaml', line: 9, column: 3 }),
};

const service = (svc: TreeMap, extra: TreeMap = {}) => normalizeProject({ services: { web: svc }, ...extra }, ctx).services['web']!;

describe('normalizeProject', () => {
  it('expands every short port form', () => {
    expect(service({ image: 'x', ports: [80, '8080:80', '127.0.0.1::53/udp', '[::1]:9000:9000', '9000-9001:90-91', '7000-7001:70', '30-31'] }).ports).toEqual([
      { mode: 'ingress', target: 80, protocol: 'tcp' },
      { mode: 'ingress', target: 80, published: '8080', protocol: 'tcp' },
      { mode: 'ingress', host_ip: '127.0.0.1', target: 53, protocol: 'udp' },
      { mode: 'ingress', host_ip: '::1', target: 9000, published: '9000', protocol: 'tcp' },
      { mode: 'ingress', target: 90, published: '9000', protocol: 'tcp' },
      { mode: 'ingress', target: 91, published: '9001', protocol: 'tcp' },
      { mode: 'ingress', target: 70, published: '7000-7001', protocol: 'tcp' },
      { mode: 'ingress', target: 30, protocol: 'tcp' },
      { mode: 'ingress', target: 31, protocol: 'tcp' },
    ]);
  });

  it.each([
    ['80800:80', 'services.web.ports[0]: invalid port "80800:80"'],
    ['80:80/ftp', 'services.web.ports[0]: invalid protocol "ftp"'],
    ['8000-8002:80-81', 'services.web.ports[0]: port ranges don\'t match in "8000-8002:80-81"'],
  ])('refuses the port %s', (port, message) => {
    expect(() => service({ image: 'x', ports: [port] })).toThrow(expect.objectContaining({ code: 'FLOTILLA_COMPOSE_INVALID_VALUE', message }));
  });

  it('expands volumes: bind, named, anonymous and options', () => {
    expect(service({ image: 'x', volumes: ['/p/data:/data:ro,z', 'cache:/cache:nocopy', '/anon'] }, { volumes: { cache: {} } }).volumes).toEqual([
      { type: 'bind', source: '/p/data', target: '/data', read_only: true, bind: { create_host_path: true, selinux: 'z' } },
      { type: 'volume', source: 'cache', target: '/cache', volume: { nocopy: true } },
      { type: 'volume', target: '/anon' },
    ]);
    expect(() => service({ image: 'x', volumes: ['a:/b:bogus'] })).toThrow('services.web.volumes[0]: invalid volume option "bogus" in "a:/b:bogus"');
  });

  it('merges env_file under environment and resolves keys without values', () => {
    expect(service({ image: 'x', env_file: ['/p/web.env'], environment: ['B=own', 'SHELL_VAR', 'UNSET'] }).environment).toEqual({
      A: 'from-file',
      B: 'own',
      SHELL_VAR: 'from-shell',
      UNSET: null,
    });
    expect(service({ image: 'x', env_file: [{ path: '/p/missing.env', required: false }] }).environment).toBeUndefined();
    expect(() => service({ image: 'x', env_file: '/p/missing.env' })).toThrow('services.web.env_file: env file /p/missing.env not found');
  });

  it('turns dependencies of every kind into depends_on', () => {
    const web = service({ image: 'x', depends_on: { db: { condition: 'service_healthy' } }, links: ['cache:c'], volumes_from: ['data:ro', 'container:other'], network_mode: 'service:vpn' });
    expect(web.depends_on).toEqual({
      db: { condition: 'service_healthy', required: true },
      cache: { condition: 'service_started', required: true },
      data: { condition: 'service_started', required: true },
      vpn: { condition: 'service_started', required: true },
    });
    expect(web.networks).toBeUndefined();
  });

  it('parses durations, sizes, ulimits, commands and healthcheck tests', () => {
    const web = service({
      image: 'x',
      command: 'sh -c "sleep 1"',
      healthcheck: { test: 'true', interval: '1m', timeout: '500ms' },
      mem_limit: '1g',
      ulimits: { nofile: 10 },
      stop_grace_period: '20s',
      extra_hosts: { db: '10.0.0.2' },
    });
    expect(web).toMatchObject({
      command: ['sh', '-c', 'sleep 1'],
      healthcheck: { test: ['CMD-SHELL', 'true'], interval: 60e9, timeout: 500e6 },
      mem_limit: 2 ** 30,
      ulimits: { nofile: { soft: 10, hard: 10 } },
      stop_grace_period: 20e9,
      extra_hosts: ['db=10.0.0.2'],
    });
    expect(() => service({ image: 'x', mem_limit: 'lots' })).toThrow(/^services.web.mem_limit: invalid size "lots"/);
  });

  it('names networks and volumes after the project unless named or external', () => {
    const project = normalizeProject(
      {
        services: { web: { image: 'x' }, api: { image: 'y', networks: ['back'] } },
        networks: { back: null, ext: { external: true }, legacy: { external: { name: 'shared-net' } } },
        volumes: { data: {}, named: { name: 'exact' } },
      },
      ctx,
    );
    expect(project.networks).toEqual({
      back: { name: 'demo_back' },
      default: { name: 'demo_default' },
      ext: { external: true, name: 'ext' },
      legacy: { external: true, name: 'shared-net' },
    });
    expect(project.volumes).toEqual({ data: { name: 'demo_data' }, named: { name: 'exact' } });
    expect(project.services['web']!.networks).toEqual({ default: null });
  });

  it('adds no default network when no service uses it', () => {
    expect(normalizeProject({ services: { web: { image: 'x', network_mode: 'host' } } }, ctx).networks).toEqual({});
  });
});
