// The /etc/hostname, /etc/hosts and /etc/resolv.conf a container gets, kept
// in its own directory and bound over the image's (Docker's way).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { ContainerPaths } from './layout.js';

const LOCAL_HOSTS = ['127.0.0.1\tlocalhost', '::1\tlocalhost ip6-localhost ip6-loopback', 'fe00::0\tip6-localnet', 'ff00::0\tip6-mcastprefix', 'ff02::1\tip6-allnodes', 'ff02::2\tip6-allrouters'];

// Plain writes: the container exists only once its record is written
// (atomically, after these); a crash before leaves a folder the next create sweeps.
export function writeEtcFiles(paths: ContainerPaths, hostname: string, hostNetwork: boolean): void {
  writeFileSync(paths.hostname, `${hostname}\n`);
  const hosts = hostNetwork && existsSync('/etc/hosts') ? readFileSync('/etc/hosts', 'utf8') : `${LOCAL_HOSTS.join('\n')}\n`;
  writeFileSync(paths.hosts, hosts);
  writeFileSync(paths.resolvConf, hostResolvConf());
}

// A host that only lists systemd-resolved's stub gets the real upstreams, as
// Docker does: 127.0.0.53 is unreachable from another network namespace.
function hostResolvConf(): string {
  const read = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : '');
  const main = read('/etc/resolv.conf');
  const servers = main.split('\n').filter((l) => /^\s*nameserver\s/.test(l));
  if (servers.length > 0 && servers.every((l) => /127\.0\.0\.53/.test(l))) {
    const upstream = read('/run/systemd/resolve/resolv.conf');
    if (upstream) return upstream;
  }
  return main;
}
