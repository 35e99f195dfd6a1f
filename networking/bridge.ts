// The Linux bridge of a network: made when the network is, remade by the
// next command if someone deleted it, removed with the network.
import { formatIPv4, parseSubnet } from './cidr.js';
import { ensureSysctl, interfaceExists } from './host-state.js';
import { runLinkCommands, runLinkCommandsForce } from './link-commands.js';
import type { NetworkRecord } from './model.js';

export function ensureBridge(network: NetworkRecord): void {
  if (interfaceExists(network.bridge)) return;
  const { prefix } = parseSubnet(network.subnet);
  runLinkCommands([
    `link add ${network.bridge} address ${bridgeMac(network.id)}${network.mtu ? ` mtu ${network.mtu}` : ''} type bridge`,
    `addr add ${network.gateway}/${prefix} broadcast + dev ${network.bridge}`,
    `link set ${network.bridge} up`,
  ]);
  // Published 127.0.0.1 ports are DNATed to containers on this bridge: the
  // kernel must route a loopback source out of it (the raw table drops such
  // packets arriving from anywhere but lo).
  ensureSysctl(`ipv4/conf/${network.bridge}/route_localnet`, '1');
}

/**
 * A fixed MAC for the bridge. Left to itself a bridge takes the lowest MAC of
 * its ports, so the gateway's MAC would change as containers come and go and
 * every neighbour's ARP entry for it would go stale for seconds.
 */
export function bridgeMac(networkId: string): string {
  return ['02', ...networkId.slice(0, 10).match(/../g)!].join(':');
}

export function removeBridge(bridge: string): void {
  if (interfaceExists(bridge)) runLinkCommandsForce([`link del ${bridge}`]);
}

/** The gateway as docker shows it, from the subnet when none was given. */
export function gatewayFor(subnetText: string): string {
  return formatIPv4(parseSubnet(subnetText).base + 1);
}
