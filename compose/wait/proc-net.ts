// The ports a container listens on, read from the host in the kernel's
// socket tables of its network namespace (/proc/<pid>/net/tcp, tcp6, udp,
// udp6): no process runs in the container, so an image without a shell
// (distroless, scratch) is checked the same way as any other.
import { readFileSync } from 'node:fs';

export type PortProtocol = 'tcp' | 'udp';

// The `st` column: TCP_LISTEN for tcp; an unconnected bound udp socket shows TCP_CLOSE.
const LISTENING_STATE: Readonly<Record<PortProtocol, string>> = { tcp: '0A', udp: '07' };

/**
 * The local ports of the sockets in one /proc/net table that accept
 * traffic: listening tcp sockets, unconnected udp ones. A line reads
 * `sl local_address rem_address st …`, addresses as HEXIP:HEXPORT.
 */
export function listeningPortsOf(table: string, protocol: PortProtocol): Set<number> {
  const ports = new Set<number>();
  for (const line of table.split('\n').slice(1)) {
    const [, local, , state] = line.trim().split(/\s+/);
    if (!local || state !== LISTENING_STATE[protocol]) continue;
    const port = Number.parseInt(local.slice(local.lastIndexOf(':') + 1), 16);
    if (Number.isInteger(port) && port > 0) ports.add(port);
  }
  return ports;
}

/** The ports processes in the namespace of host pid `pid` listen on, for one protocol (IPv4 and IPv6 together). */
export function listeningPorts(pid: number, protocol: PortProtocol): Set<number> {
  const ports = new Set<number>();
  for (const table of [protocol, `${protocol}6`]) {
    let text: string;
    try {
      text = readFileSync(`/proc/${pid}/net/${table}`, 'utf8');
    } catch {
      continue; // no IPv6 in the namespace, or the process just ended
    }
    for (const port of listeningPortsOf(text, protocol)) ports.add(port);
  }
  return ports;
}
