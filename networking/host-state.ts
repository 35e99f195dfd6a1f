// What the host already has, read from /proc and /sys without spawning
// anything: routed subnets (IPAM skips them), interfaces, sysctls.
import { existsSync, readFileSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Subnet } from './cidr.js';

/** IPv4 subnets routed on the host (main table), as IPAM must avoid them. The default route is left out. */
export function routedSubnets(): Subnet[] {
  let text: string;
  try {
    text = readFileSync('/proc/net/route', 'utf8');
  } catch {
    return [];
  }
  const out: Subnet[] = [];
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 8) continue;
    const destination = littleEndianHex(fields[1]!);
    const mask = littleEndianHex(fields[7]!);
    if (mask === 0) continue;
    out.push({ base: destination, prefix: popcount(mask) });
  }
  return out;
}

function littleEndianHex(hex: string): number {
  const n = parseInt(hex, 16);
  return (((n & 0xff) << 24) | (((n >>> 8) & 0xff) << 16) | (((n >>> 16) & 0xff) << 8) | ((n >>> 24) & 0xff)) >>> 0;
}

function popcount(n: number): number {
  let count = 0;
  for (let v = n >>> 0; v; v >>>= 1) count += v & 1;
  return count;
}

export function interfaceExists(name: string): boolean {
  return existsSync(`/sys/class/net/${name}`);
}

/** The bridge an interface is enslaved to, if any. */
export function masterOf(name: string): string | undefined {
  try {
    return basename(readlinkSync(`/sys/class/net/${name}/master`));
  } catch {
    return undefined;
  }
}

export function interfacesWithPrefix(prefix: string): string[] {
  try {
    return readdirSync('/sys/class/net').filter((n) => n.startsWith(prefix));
  } catch {
    return [];
  }
}

/** Sets a sysctl under /proc/sys/net when it differs; returns false when it cannot be written. */
export function ensureSysctl(path: string, value: string): boolean {
  const file = `/proc/sys/net/${path}`;
  try {
    if (readFileSync(file, 'utf8').trim() === value) return true;
    writeFileSync(file, value);
    return true;
  } catch {
    return false;
  }
}
