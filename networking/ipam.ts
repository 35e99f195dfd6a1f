// Address management, pure: which subnet a new network gets and which
// address a new endpoint gets. The callers hold the locks and pass in
// everything already taken.
import { EngineError, EngineErrorCode } from '../errors.js';
import { contains, formatIPv4, formatSubnet, lastAddress, overlaps, parseSubnet, size, type Subnet } from './cidr.js';

/** Docker's default address pools: 172.17-31.0.0/16, then 192.168.0.0/16 in /20s. */
export const DEFAULT_POOLS: readonly { readonly base: string; readonly size: number }[] = [
  { base: '172.17.0.0/16', size: 16 },
  { base: '172.18.0.0/15', size: 16 },
  { base: '172.20.0.0/14', size: 16 },
  { base: '172.24.0.0/13', size: 16 },
  { base: '192.168.0.0/16', size: 20 },
];

/** The first subnet of the pools that overlaps nothing in `occupied` (host routes, other networks). */
export function chooseSubnet(occupied: readonly Subnet[], pools = DEFAULT_POOLS): Subnet {
  for (const pool of pools) {
    const range = parseSubnet(pool.base, 'address pool');
    const step = 2 ** (32 - pool.size);
    for (let base = range.base; base + step - 1 <= lastAddress(range); base += step) {
      const candidate = { base, prefix: pool.size };
      if (!occupied.some((taken) => overlaps(taken, candidate))) return candidate;
    }
  }
  throw new EngineError(EngineErrorCode.NetworkPoolExhausted, 'all predefined address pools have been fully subnetted (remove unused networks, or give the network a subnet)');
}

/** The conventional gateway: the subnet's first host address. */
export function defaultGateway(subnet: Subnet): number {
  if (subnet.prefix > 30) throw new EngineError(EngineErrorCode.InvalidConfig, `subnet ${formatSubnet(subnet)} is too small for a gateway and containers`);
  return subnet.base + 1;
}

/**
 * The lowest free host address of `range` (the whole subnet by default):
 * never the network or broadcast address, the gateway, or anything `taken`.
 */
export function allocateAddress(subnet: Subnet, gateway: number, taken: ReadonlySet<number>, range: Subnet = subnet): number {
  const first = Math.max(range.base, subnet.base + 1);
  const last = Math.min(lastAddress(range), lastAddress(subnet) - 1);
  for (let address = first; address <= last; address++) {
    if (address !== gateway && !taken.has(address)) return address;
  }
  throw new EngineError(EngineErrorCode.NetworkPoolExhausted, `no free address left in ${formatSubnet(range)}`);
}

/** Checks a static address (docker's --ip, compose's ipv4_address) against the network. */
export function checkStaticAddress(subnet: Subnet, gateway: number, taken: ReadonlyMap<number, string>, address: number, network: string): void {
  const text = formatIPv4(address);
  if (!contains(subnet, address) || address === subnet.base || address === lastAddress(subnet)) {
    throw new EngineError(EngineErrorCode.InvalidConfig, `address ${text} is not a usable host address of network ${network} (${formatSubnet(subnet)})`);
  }
  if (address === gateway) throw new EngineError(EngineErrorCode.NetworkAddressInUse, `address ${text} is the gateway of network ${network}`);
  const holder = taken.get(address);
  if (holder !== undefined) throw new EngineError(EngineErrorCode.NetworkAddressInUse, `address ${text} on network ${network} is already in use by container ${holder}`);
}

export { size };
