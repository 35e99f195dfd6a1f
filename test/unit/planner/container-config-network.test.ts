// Network mode, networks, ports, links and DNS of a service → ContainerConfig.
import { describe, expect, it } from 'vitest';
import { serviceContainerConfig } from '../../../planner/container-config.js';
import { contextOf } from './container-config-helpers.js';

const configOf = (yaml: string, service = 'web', options = {}) => serviceContainerConfig(contextOf(yaml), service, 1, options);

describe('serviceContainerConfig: networks', () => {
  it('joins the default network under its host name, aliased by the service name', () => {
    const config = configOf('services:\n  web:\n    image: app\n');
    expect(config.networkMode).toBe('bridge');
    expect(config.networks).toEqual([{ network: 'shop_default', aliases: ['web'] }]);
  });

  it('orders networks by priority, then by key, and puts the service mac_address on the first', () => {
    const config = configOf(`services:
  web:
    image: app
    mac_address: 02:42:AC:11:00:09
    networks:
      zeta: null
      back: {aliases: [api, web], ipv4_address: 172.28.0.5}
      front: {priority: 100, aliases: [www]}
      alpha: {mac_address: "02:42:ac:11:00:02"}
networks:
  zeta:
  back:
  front: {name: public}
  alpha: {external: true, name: shared}
`);
    expect(config.networks).toEqual([
      { network: 'public', aliases: ['web', 'www'], macAddress: '02:42:ac:11:00:09' },
      { network: 'shared', aliases: ['web'], macAddress: '02:42:ac:11:00:02' },
      { network: 'shop_back', aliases: ['web', 'api'], ipv4Address: '172.28.0.5' },
      { network: 'shop_zeta', aliases: ['web'] },
    ]);
  });

  it.each([
    ['host', { networkMode: 'host' }],
    ['none', { networkMode: 'none' }],
    ['bridge', { networkMode: 'bridge', networks: [{ network: 'bridge' }] }],
    ['container:sidecar', { networkMode: 'container:sidecar' }],
    ['service:db', { networkMode: 'container:shop-db-1' }],
  ])('network_mode %s', (mode, expected) => {
    const config = configOf(`services:\n  web:\n    image: app\n    network_mode: "${mode}"\n  db:\n    image: pg\n`);
    expect({ networkMode: config.networkMode, ...(config.networks && { networks: config.networks }) }).toEqual(expected);
  });

  it('names a peer service container through peerContainer', () => {
    const config = configOf('services:\n  web:\n    image: app\n    network_mode: service:db\n  db:\n    image: pg\n', 'web', { peerContainer: (s: string) => `${s}-replacement` });
    expect(config.networkMode).toBe('container:db-replacement');
  });

  it('refuses ports without a network of its own', () => {
    expect(() => configOf('services:\n  web:\n    image: app\n    network_mode: host\n    ports: ["80:80"]\n')).toThrow(
      expect.objectContaining({ code: 'FLOTILLA_COMPOSE_INVALID_VALUE', message: 'service "web": ports cannot be published with network_mode "host"' }),
    );
  });

  it('refuses links and a mac_address without a network of its own', () => {
    expect(() => configOf('services:\n  web:\n    image: app\n    network_mode: none\n    mac_address: 02:42:ac:11:00:09\n')).toThrow(
      expect.objectContaining({ message: 'service "web": mac_address needs a network, not network_mode "none"' }),
    );
    expect(() => configOf('services:\n  web:\n    image: app\n    network_mode: host\n    links: [db]\n  db:\n    image: pg\n')).toThrow(
      expect.objectContaining({ message: 'service "web": links need a network, not network_mode "host"' }),
    );
  });

  it.each(['ipv6_address: "2001:db8::5"', 'interface_name: eth3', 'gw_priority: 10', 'link_local_ips: [169.254.1.1]', 'driver_opts: {a: b}'])('refuses networks.*.%s', (setting) => {
    const field = setting.slice(0, setting.indexOf(':'));
    expect(() => configOf(`services:\n  web:\n    image: app\n    networks:\n      front: {${setting}}\nnetworks:\n  front:\n`)).toThrow(
      expect.objectContaining({ code: 'FLOTILLA_COMPOSE_UNSUPPORTED', message: `service "web": networks.front.${field} is not supported` }),
    );
  });
});

describe('serviceContainerConfig: ports', () => {
  it('maps the short and long forms, ranges and ephemeral ports', () => {
    const config = configOf(`services:
  web:
    image: app
    ports:
      - "8080:80"
      - "127.0.0.1:5353:53/udp"
      - "9000-9001:9000-9001"
      - "3000-3005:3000"
      - "443"
      - {target: 8443, published: "18443", host_ip: 0.0.0.0, mode: host}
      - {target: 7000, published: 7000-7002}
`);
    expect(config.ports).toEqual([
      { containerPort: 80, protocol: 'tcp', hostPort: 8080 },
      { containerPort: 53, protocol: 'udp', hostIp: '127.0.0.1', hostPort: 5353 },
      { containerPort: 9000, protocol: 'tcp', hostPort: 9000 },
      { containerPort: 9001, protocol: 'tcp', hostPort: 9001 },
      { containerPort: 3000, protocol: 'tcp', hostPort: 3000, hostPortEnd: 3005 },
      { containerPort: 443, protocol: 'tcp' },
      { containerPort: 8443, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 18443 },
      { containerPort: 7000, protocol: 'tcp', hostPort: 7000, hostPortEnd: 7002 },
    ]);
  });

  it('maps expose, one entry per port', () => {
    const config = configOf('services:\n  web:\n    image: app\n    expose: [3000, "53/udp", "8000-8002"]\n');
    expect(config.expose).toEqual([
      { containerPort: 3000, protocol: 'tcp' },
      { containerPort: 53, protocol: 'udp' },
      { containerPort: 8000, protocol: 'tcp' },
      { containerPort: 8001, protocol: 'tcp' },
      { containerPort: 8002, protocol: 'tcp' },
    ]);
  });

  it('refuses sctp', () => {
    expect(() => configOf('services:\n  web:\n    image: app\n    ports: ["9999:9999/sctp"]\n')).toThrow(expect.objectContaining({ code: 'FLOTILLA_COMPOSE_UNSUPPORTED' }));
  });
});

describe('serviceContainerConfig: links and name resolution', () => {
  it('links to the peer containers of services and to external containers', () => {
    const config = configOf('services:\n  web:\n    image: app\n    links: [db, "cache:redis"]\n    external_links: ["legacy_db_1:olddb", other]\n  db:\n    image: pg\n  cache:\n    image: redis\n');
    expect(config.links).toEqual([
      { alias: 'db', target: 'shop-db-1' },
      { alias: 'redis', target: 'shop-cache-1' },
      { alias: 'olddb', target: 'legacy_db_1' },
      { alias: 'other', target: 'other' },
    ]);
  });

  it('maps dns, dns_search, dns_opt and extra_hosts', () => {
    const config = configOf(`services:
  web:
    image: app
    dns: [10.0.0.53, 10.0.0.54]
    dns_search: [corp.test]
    dns_opt: [ndots:2]
    extra_hosts: ["gateway:host-gateway", "db=10.1.0.7", "v6=[::1]"]
`);
    expect(config).toMatchObject({
      dns: ['10.0.0.53', '10.0.0.54'],
      dnsSearch: ['corp.test'],
      dnsOptions: ['ndots:2'],
      extraHosts: [
        { host: 'db', ip: '10.1.0.7' },
        { host: 'gateway', ip: 'host-gateway' },
        { host: 'v6', ip: '::1' },
      ],
    });
  });
});

describe('serviceContainerConfig: namespaces', () => {
  it('maps pid, ipc and uts, with service:X as the peer container', () => {
    const config = configOf('services:\n  web:\n    image: app\n    pid: service:db\n    ipc: host\n    uts: host\n  db:\n    image: pg\n');
    expect(config).toMatchObject({ pidMode: 'container:shop-db-1', ipcMode: 'host', utsMode: 'host' });
  });

  it('leaves the own namespaces out', () => {
    const config = configOf('services:\n  web:\n    image: app\n    ipc: shareable\n');
    expect([config.pidMode, config.ipcMode, config.utsMode]).toEqual([undefined, undefined, undefined]);
  });
});
