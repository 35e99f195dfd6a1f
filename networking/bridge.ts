// The Linux bridge of a network: made when the network is, remade by the
// next command if someone deleted it, removed with the network.
import { formatIPv4, parseSubnet } from './cidr.js';
import { ensureSysctl, interfaceExists } from './host-state.js';
import { ipBatch, ipBatchForce } from './ip-command.js';
import type { NetworkRecord } from './model.js';

export function ensureBridge(network: NetworkRecord): void {
  if (interfaceExists(network.bridge)) return;
  const { prefix } = parseSubnet(network.subnet);
  ipBatch([
    `link add ${network.bridge}${network.mtu ? ` mtu ${network.mtu}` : ''} type bridge`,
    `addr add ${network.gateway}/${prefix} broadcast + dev ${network.bridge}`,
    `link set ${network.bridge} up`,
  ]);
  // Published 127.0.0.1 ports are DNATed to containers on this bridge: the
  // kernel must route a loopback source out of it (the raw table drops such
  // packets arriving from anywhere but lo).
  ensureSysctl(`ipv4/conf/${network.bridge}/route_localnet`, '1');
}

export function removeBridge(bridge: string): void {
  if (interfaceExists(bridge)) ipBatchForce([`link del ${bridge}`]);
}

/** The gateway as docker shows it, from the subnet when none was given. */
export function gatewayFor(subnetText: string): string {
  return formatIPv4(parseSubnet(subnetText).base + 1);
}
