// Which host ports are taken, and by whom, read from /proc/net: a publish
// that would clash fails before anything changes, naming the holder.
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

export interface BoundSocket {
  readonly protocol: 'tcp' | 'udp';
  /** IPv4 dotted form; '0.0.0.0' for any (an IPv6 wildcard counts as any). */
  readonly address: string;
  readonly port: number;
  readonly inode: string;
}

// tcp states that hold a port against a new bind: listening (0A) and bound
// but not listening (07, e.g. a supervisor's reservation).
const HOLDING_TCP_STATES = new Set(['0A', '07']);

/** The fields of every socket line of /proc/net/<protocol> and its IPv6 twin (a missing table is skipped). */
function* socketTable(protocol: 'tcp' | 'udp'): Generator<string[]> {
  for (const family of ['', '6']) {
    let text: string;
    try {
      text = readFileSync(`/proc/net/${protocol}${family}`, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) yield line.trim().split(/\s+/);
  }
}

export function boundSockets(protocol: 'tcp' | 'udp'): BoundSocket[] {
  const out: BoundSocket[] = [];
  for (const fields of socketTable(protocol)) {
    if (fields.length < 10) continue;
    const [addressHex, portHex] = fields[1]!.split(':');
    const port = parseInt(portHex!, 16);
    if (port === 0) continue;
    if (protocol === 'tcp' && !HOLDING_TCP_STATES.has(fields[3]!)) continue;
    const address = decodeAddress(addressHex!);
    if (address === undefined) continue;
    out.push({ protocol, address, port, inode: fields[9]! });
  }
  return out;
}

/**
 * Every local port a socket of the protocol has, in any state: a client's
 * connection (or its TIME_WAIT) also makes a bind of that port fail, so an
 * ephemeral host port is chosen among the ports none of them has.
 */
export function localPortsInUse(protocol: 'tcp' | 'udp'): Set<number> {
  const ports = new Set<number>();
  for (const fields of socketTable(protocol)) {
    const local = fields[1];
    const port = local ? parseInt(local.slice(local.lastIndexOf(':') + 1), 16) : 0;
    if (port > 0) ports.add(port);
  }
  return ports;
}

// /proc/net gives addresses as host-order 32-bit words in hex.
function decodeAddress(hex: string): string | undefined {
  const word = (i: number) => {
    const n = parseInt(hex.slice(i * 8, i * 8 + 8), 16);
    return [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, n >>> 24];
  };
  if (hex.length === 8) return word(0).join('.');
  if (/^0{32}$/.test(hex)) return '0.0.0.0';
  // An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is that IPv4 address.
  if (/^0{16}0000FFFF/i.test(hex)) return word(3).join('.');
  return undefined;
}

/** True when a socket bound to `held` blocks binding `wanted` on the same port. */
export function addressesClash(held: string, wanted: string): boolean {
  return held === '0.0.0.0' || wanted === '0.0.0.0' || wanted === '' || held === wanted;
}

export function socketHolder(protocol: 'tcp' | 'udp', hostIp: string, port: number, sockets = boundSockets(protocol)): BoundSocket | undefined {
  return sockets.find((s) => s.port === port && addressesClash(s.address, hostIp));
}

/** "nginx (pid 812)" for the process holding a socket inode, when it can be found. */
export function socketOwner(inode: string): string | undefined {
  const target = `socket:[${inode}]`;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`) === target) {
          const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
          return `${comm} (pid ${pid})`;
        }
      } catch {
        // The process or fd went away while we looked.
      }
    }
  }
  return undefined;
}

/** The host's ephemeral port range (where docker picks ports for `-p 80`). */
export function ephemeralRange(): [number, number] {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (low && high && low <= high) return [low, high];
  } catch {
    // Not Linux's usual /proc: the IANA range.
  }
  return [49152, 65535];
}
