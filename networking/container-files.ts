// The /etc/hosts and /etc/resolv.conf of a container on networks: its own
// addresses under its hostname, extra_hosts, and the network's DNS server as
// the nameserver. The engine bind-mounts these files; they are rewritten in
// place (same inode) so the mounts keep pointing at them.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseIPv4 } from './cidr.js';

const LOCAL_HOSTS = ['127.0.0.1\tlocalhost', '::1\tlocalhost ip6-localhost ip6-loopback', 'fe00::0\tip6-localnet', 'ff00::0\tip6-mcastprefix', 'ff02::1\tip6-allnodes', 'ff02::2\tip6-allrouters'];

export interface DnsSettings {
  /** Servers the container asked for (docker's --dns): ours forwards to them. */
  readonly dns?: readonly string[];
  readonly dnsSearch?: readonly string[];
  readonly dnsOptions?: readonly string[];
}

export function renderHosts(hostname: string, domainname: string | undefined, addresses: readonly string[], extraHosts: readonly { readonly host: string; readonly ip: string }[]): string {
  const fqdn = domainname ? `${hostname}.${domainname} ${hostname}` : hostname;
  const lines = [...LOCAL_HOSTS, ...addresses.map((ip) => `${ip}\t${fqdn}`), ...extraHosts.map((e) => `${e.ip}\t${e.host}`)];
  return `${lines.join('\n')}\n`;
}

/**
 * Ours alone when there is one: it answers the containers' names and
 * forwards the rest to the container's own IPv4 servers (as docker's
 * embedded server does), so only servers it cannot reach (IPv6) are listed
 * after it. Search and options from the container or the host.
 */
export function renderResolvConf(nameserver: string | undefined, settings: DnsSettings, hostResolvConf: string): string {
  const hostLines = hostResolvConf.split('\n');
  const hostValues = (key: string) => hostLines.flatMap((l) => (new RegExp(`^\\s*${key}\\s+`).test(l) ? l.trim().split(/\s+/).slice(1) : []));
  const own = settings.dns ?? [];
  const servers = nameserver ? [nameserver, ...own.filter((s) => parseIPv4(s) === undefined)] : own;
  const search = settings.dnsSearch ?? hostValues('search');
  const options = settings.dnsOptions ?? hostValues('options');
  const lines = [
    ...servers.map((s) => `nameserver ${s}`),
    ...(search.length > 0 ? [`search ${search.join(' ')}`] : []),
    ...(options.length > 0 ? [`options ${options.join(' ')}`] : []),
  ];
  return `${lines.join('\n')}\n`;
}

/** The host's resolv.conf, or systemd-resolved's upstream list when the host only lists its stub. */
export function hostResolvConf(): string {
  const read = (path: string) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return '';
    }
  };
  const main = read('/etc/resolv.conf');
  const servers = main.split('\n').filter((l) => /^\s*nameserver\s/.test(l));
  if (servers.length > 0 && servers.every((l) => /127\.0\.0\.53/.test(l))) return read('/run/systemd/resolve/resolv.conf') || main;
  return main;
}

/** Rewrites a file in place: a bind mount of it keeps seeing the new content. */
export function rewriteInPlace(path: string, content: string): void {
  writeFileSync(path, content);
}

