// Volumes, tmpfs, volumes_from, configs and secrets of a service → ContainerConfig.
import { describe, expect, it } from 'vitest';
import { serviceContainerConfig } from '../../../planner/container-config.js';
import { contextOf } from './container-config-helpers.js';

const configOf = (yaml: string) => serviceContainerConfig(contextOf(yaml), 'web', 1);

describe('serviceContainerConfig: volumes', () => {
  it('maps binds, named and anonymous volumes and tmpfs in every form', () => {
    const config = configOf(`services:
  web:
    image: app
    volumes:
      - ./html:/usr/share/html:ro
      - type: bind
        source: /etc/app
        target: /etc/app
        bind: {create_host_path: false}
      - data:/var/lib/data:nocopy
      - type: volume
        source: cache
        target: /cache
        read_only: true
      - /scratch
      - type: tmpfs
        target: /run/app
        tmpfs: {size: 64m, mode: 01777}
    tmpfs: [/tmp, "/var/tmp:size=1m"]
volumes:
  data:
  cache: {name: shared-cache}
`);
    expect(config.binds).toEqual([
      { source: '/srv/shop/html', target: '/usr/share/html', readOnly: true, createHostPath: true },
      { source: '/etc/app', target: '/etc/app', readOnly: false, createHostPath: false },
    ]);
    expect(config.volumes).toEqual([
      { name: 'shop_data', target: '/var/lib/data', readOnly: false, noCopy: true },
      { name: 'shared-cache', target: '/cache', readOnly: true },
      { target: '/scratch', readOnly: false, anonymous: true },
    ]);
    expect(config.tmpfs).toEqual([
      { target: '/tmp' },
      { target: '/var/tmp', options: 'size=1m' },
      { target: '/run/app', options: 'size=67108864,mode=1777' },
    ]);
  });

  it('refuses bind propagation and volume subpaths', () => {
    expect(() => configOf('services:\n  web:\n    image: app\n    volumes: ["/h:/c:rshared"]\n')).toThrow(
      expect.objectContaining({ code: 'FLOTILLA_COMPOSE_UNSUPPORTED', message: 'service "web": volumes[0].bind.propagation "rshared" is not supported' }),
    );
    expect(() => configOf('services:\n  web:\n    image: app\n    volumes: [{type: volume, source: d, target: /d, volume: {subpath: sub}}]\nvolumes:\n  d:\n')).toThrow(
      expect.objectContaining({ message: 'service "web": volumes[0].volume.subpath is not supported' }),
    );
  });

  it('maps volumes_from a service or a container, read-only or not', () => {
    const config = configOf('services:\n  web:\n    image: app\n    volumes_from: [db, "db:ro", "container:keeper", "container:keeper:rw"]\n  db:\n    image: pg\n');
    expect(config.volumesFrom).toEqual([
      { container: 'shop-db-1' },
      { container: 'shop-db-1', readOnly: true },
      { container: 'keeper' },
      { container: 'keeper', readOnly: false },
    ]);
  });
});

describe('serviceContainerConfig: configs and secrets', () => {
  it('binds a file-backed config or secret read-only at its target', () => {
    const config = configOf(`services:
  web:
    image: app
    configs: [nginx, {source: app, target: /etc/app.conf}, {source: rel, target: conf/rel.ini}]
    secrets: [token, {source: key, target: api.key}]
configs:
  nginx: {file: ./nginx.conf}
  app: {file: /opt/app.conf}
  rel: {file: ./rel.ini}
secrets:
  token: {file: ./token.txt}
  key: {file: ./key.pem}
`);
    expect(config.binds).toEqual([
      { source: '/srv/shop/nginx.conf', target: '/nginx', readOnly: true },
      { source: '/opt/app.conf', target: '/etc/app.conf', readOnly: true },
      { source: '/srv/shop/rel.ini', target: '/conf/rel.ini', readOnly: true },
      { source: '/srv/shop/token.txt', target: '/run/secrets/token', readOnly: true },
      { source: '/srv/shop/key.pem', target: '/run/secrets/api.key', readOnly: true },
    ]);
  });

  it.each([
    ['configs', 'content: "a=1"'],
    ['configs', 'environment: APP_CONFIG'],
    ['secrets', 'environment: TOKEN'],
    ['secrets', 'external: true'],
  ])('refuses %s from %s', (kind, definition) => {
    const yaml = `services:\n  web:\n    image: app\n    ${kind}: [one]\n${kind}:\n  one: {${definition}}\n`;
    expect(() => configOf(yaml)).toThrow(expect.objectContaining({ code: 'FLOTILLA_COMPOSE_UNSUPPORTED', message: `service "web": ${kind}[0] "one" (not from a file) is not supported` }));
  });

  it('refuses an owner or mode it cannot give the bound file', () => {
    const yaml = 'services:\n  web:\n    image: app\n    secrets: [{source: one, mode: "0400"}]\nsecrets:\n  one: {file: ./one}\n';
    expect(() => configOf(yaml)).toThrow(expect.objectContaining({ message: 'service "web": secrets[0].mode is not supported' }));
  });
});
