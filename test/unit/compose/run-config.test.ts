// The one-off container of `run`: the service's config with the command
// line's changes, docker compose's name and labels, no ports or aliases
// unless asked, no restart policy.
import { describe, expect, it } from 'vitest';
import { oneOffConfig, SLUG_LABEL } from '../../../compose/run-config.js';
import { splitCopyArgument } from '../../../compose/copy.js';
import { contextOf, PROJECT_DIR } from '../planner/container-config-helpers.js';

const SLUG = '0123456789ab'.padEnd(64, 'f');

const ctx = contextOf(`
name: shop
services:
  db:
    image: busybox
  web:
    image: busybox
    container_name: the-web
    command: ["echo", "from", "file"]
    entrypoint: ["/bin/sh", "-c"]
    environment:
      KEEP: "1"
      OVERRIDE: file
    labels:
      from.file: "yes"
    cap_add: [NET_ADMIN]
    cap_drop: [CHOWN]
    ports: ["8080:80"]
    volumes: ["./site:/site:ro"]
    restart: always
    networks:
      default:
        aliases: [www]
    depends_on: [db]
`);

const made = (settings: Parameters<typeof oneOffConfig>[2] = {}, env: ReadonlyMap<string, string> = new Map()) => oneOffConfig(ctx, 'web', settings, SLUG, env);

describe('oneOffConfig', () => {
  it('is named <project>-<service>-run-<12 hex> whatever container_name says, and labelled a one-off with its slug', () => {
    const config = made();
    expect(config.name).toBe('shop-web-run-0123456789ab');
    expect(config.labels).toMatchObject({ 'com.docker.compose.oneoff': 'True', 'com.docker.compose.service': 'web', [SLUG_LABEL]: SLUG, 'from.file': 'yes' });
    expect(made({ name: 'mine' }).name).toBe('mine');
  });

  it('publishes no port and has no alias unless asked, and never restarts', () => {
    const config = made();
    expect(config.ports).toBeUndefined();
    expect(config.networks).toEqual([{ network: 'shop_default' }]);
    expect(config.restart).toEqual({ name: 'no' });
    expect(made({ servicePorts: true }).ports).toEqual([expect.objectContaining({ containerPort: 80, hostPort: 8080, protocol: 'tcp' })]);
    expect(made({ publish: ['127.0.0.1:9000:90/udp'] }).ports).toEqual([expect.objectContaining({ containerPort: 90, hostPort: 9000, hostIp: '127.0.0.1', protocol: 'udp' })]);
    expect(made({ useAliases: true }).networks).toEqual([{ network: 'shop_default', aliases: ['web', 'www'] }]);
  });

  it('replaces the command; a new entrypoint without a command drops the file\'s command', () => {
    expect(made({ command: ['true'] })).toMatchObject({ cmd: ['true'], entrypoint: ['/bin/sh', '-c'] });
    expect(made({ entrypoint: ['env'] })).toMatchObject({ cmd: [], entrypoint: ['env'] });
    expect(made({ entrypoint: ['env'], command: ['-i'] })).toMatchObject({ cmd: ['-i'], entrypoint: ['env'] });
  });

  it('puts -e over the environment; a bare KEY takes the project environment\'s value or is left out', () => {
    const env = made({ env: ['OVERRIDE=cli', 'FROM_SHELL', 'UNSET'] }, new Map([['FROM_SHELL', 'shell']])).env;
    expect(env).toEqual(['KEEP=1', 'OVERRIDE=cli', 'FROM_SHELL=shell']);
  });

  it('applies -u, -w, -l, --rm, -T/-i and the capability flags as docker compose merges them', () => {
    const config = made({ user: '1000', workingDir: '/tmp', labels: { extra: 'x' }, remove: true, tty: true, interactive: true, capAdd: ['CHOWN'], capDrop: ['NET_ADMIN', 'KILL'] });
    expect(config).toMatchObject({ user: '1000', workingDir: '/tmp', autoRemove: true, tty: true, openStdin: true });
    expect(config.labels?.['extra']).toBe('x');
    expect(config.capAdd).toEqual(['CHOWN']);
    expect(config.capDrop).toEqual(['NET_ADMIN', 'KILL']);
  });

  it('adds -v mounts after the service\'s, a relative host path from the project directory', () => {
    const config = made({ volumes: ['./data:/data', '/abs:/abs:ro'] });
    expect(config.binds).toEqual([
      expect.objectContaining({ source: `${PROJECT_DIR}/site`, target: '/site', readOnly: true }),
      expect.objectContaining({ source: `${PROJECT_DIR}/data`, target: '/data' }),
      expect.objectContaining({ source: '/abs', target: '/abs', readOnly: true }),
    ]);
  });

  it('names the flag in a malformed -p or -v', () => {
    expect(() => made({ publish: ['80:x'] })).toThrow(/--publish/);
    expect(() => made({ volumes: [''] })).toThrow(/--volume/);
  });
});

describe('splitCopyArgument', () => {
  it('reads SERVICE:PATH, and absolute, dotted or colon-less arguments as host paths', () => {
    expect(splitCopyArgument('web:/etc/hosts')).toEqual({ service: 'web', path: '/etc/hosts' });
    expect(splitCopyArgument('/tmp/a:b')).toEqual({ path: '/tmp/a:b' });
    expect(splitCopyArgument('./x:y')).toEqual({ path: './x:y' });
    expect(splitCopyArgument('file.txt')).toEqual({ path: 'file.txt' });
  });
});
