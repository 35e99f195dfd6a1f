// IPv4 addresses as unsigned 32-bit numbers and subnets as base + prefix:
// the arithmetic IPAM, routes and firewall rules share. Pure.
import { EngineError, EngineErrorCode } from '../errors.js';

export interface Subnet {
  /** The network address (host bits zero). */
  readonly base: number;
  readonly prefix: number;
}

export function parseIPv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = value * 256 + n;
  }
  return value;
}

export function formatIPv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

export function requireIPv4(text: string, what: string): number {
  const value = parseIPv4(text);
  if (value === undefined) throw new EngineError(EngineErrorCode.InvalidConfig, `invalid ${what} "${text}": not an IPv4 address`);
  return value;
}

function mask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

export function parseSubnet(text: string, what = 'subnet'): Subnet {
  const match = /^([\d.]+)\/(\d{1,2})$/.exec(text);
  const address = match ? parseIPv4(match[1]!) : undefined;
  const prefix = match ? Number(match[2]) : NaN;
  if (address === undefined || !(prefix >= 0 && prefix <= 32)) throw new EngineError(EngineErrorCode.InvalidConfig, `invalid ${what} "${text}": expected an IPv4 CIDR such as 172.28.0.0/16`);
  const base = (address & mask(prefix)) >>> 0;
  if (base !== address) throw new EngineError(EngineErrorCode.InvalidConfig, `invalid ${what} "${text}": host bits are set (did you mean ${formatIPv4(base)}/${prefix}?)`);
  return { base, prefix };
}

export function formatSubnet(subnet: Subnet): string {
  return `${formatIPv4(subnet.base)}/${subnet.prefix}`;
}

export function size(subnet: Subnet): number {
  return 2 ** (32 - subnet.prefix);
}

export function lastAddress(subnet: Subnet): number {
  return subnet.base + size(subnet) - 1;
}

export function contains(subnet: Subnet, address: number): boolean {
  return ((address & mask(subnet.prefix)) >>> 0) === subnet.base;
}

export function overlaps(a: Subnet, b: Subnet): boolean {
  return a.base <= lastAddress(b) && b.base <= lastAddress(a);
}

/** True when `inner` lies wholly inside `outer`. */
export function within(inner: Subnet, outer: Subnet): boolean {
  return inner.prefix >= outer.prefix && contains(outer, inner.base);
}
