import { describe, expect, it } from 'vitest';
import { renderRecords, resolvConfServers } from '../../../networking/dns-records.js';
import { renderHosts, renderResolvConf } from '../../../networking/container-files.js';
import type { Attachment, NetworkRecord } from '../../../networking/model.js';

const net: NetworkRecord = { id: 'n1', name: 'front', driver: 'bridge', created: '', internal: true, attachable: false, labels: {}, options: {}, subnet: '172.30.0.0/16', gateway: '172.30.0.1', bridge: 'fltx' };
const web: Attachment = {
  containerId: 'c1',
  containerName: 'web-1',
  netns: 'ns',
  endpoints: [{ networkId: 'n1', networkName: 'front', interface: 'eth0', veth: 'v', ip: '172.30.0.2', prefix: 16, gateway: '172.30.0.1', mac: '', dnsNames: ['web-1', 'Web', 'web', 'bad name'], aliases: [], staticIp: false }],
  ports: [],
  links: [{ alias: 'database', target: 'db' }],
};

describe('DNS records', () => {
  it('lists networks, endpoint names (lower-cased, once, valid only), links and upstreams', () => {
    expect(renderRecords([net], [web], ['10.0.0.53']).split('\n').slice(1)).toEqual([
      'net n1 172.30.0.1 internal',
      'netns c1 /run/netns/ns',
      'host n1 172.30.0.2 c1 web-1 web',
      'link c1 database db',
      'upstream 10.0.0.53',
      '',
    ]);
  });

  it('gives a container with servers of its own a dns line', () => {
    const lines = renderRecords([net], [{ ...web, dns: ['9.9.9.9', '1.1.1.1'] }], ['10.0.0.53']).split('\n');
    expect(lines).toContain('dns c1 9.9.9.9 1.1.1.1');
    expect(lines).toContain('upstream 10.0.0.53');
  });

  it('reads upstreams from a resolv.conf', () => {
    expect(resolvConfServers('# x\nnameserver 10.1.1.1\nnameserver fe80::1\nsearch a\n nameserver 10.2.2.2\n')).toEqual(['10.1.1.1', '10.2.2.2']);
  });
});

describe('container files', () => {
  it('puts the container under its own addresses and extra hosts in /etc/hosts', () => {
    const hosts = renderHosts('web', 'example.org', ['172.30.0.2'], [{ host: 'db.local', ip: '10.0.0.5' }]).split('\n');
    expect(hosts[0]).toBe('127.0.0.1\tlocalhost');
    expect(hosts.slice(-3)).toEqual(['172.30.0.2\tweb.example.org web', '10.0.0.5\tdb.local', '']);
  });

  it('names our DNS server (which forwards to the container\'s own), with search and options from the container or else the host', () => {
    const host = 'nameserver 10.0.0.53\nsearch corp.example\noptions ndots:2\n';
    expect(renderResolvConf('172.30.0.1', {}, host)).toBe('nameserver 172.30.0.1\nsearch corp.example\noptions ndots:2\n');
    expect(renderResolvConf('172.30.0.1', { dns: ['9.9.9.9'], dnsSearch: ['a.test'], dnsOptions: ['timeout:1'] }, host)).toBe('nameserver 172.30.0.1\nsearch a.test\noptions timeout:1\n');
    // It forwards over IPv4 only: an IPv6 server stays listed for the container to ask itself.
    expect(renderResolvConf('172.30.0.1', { dns: ['9.9.9.9', '2001:db8::53'] }, host)).toBe('nameserver 172.30.0.1\nnameserver 2001:db8::53\nsearch corp.example\noptions ndots:2\n');
    expect(renderResolvConf(undefined, { dns: ['9.9.9.9'] }, host)).toBe('nameserver 9.9.9.9\nsearch corp.example\noptions ndots:2\n');
  });
});
