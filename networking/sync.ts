// Brings the host in line with the stored networks and attachments: bridges
// present, veths on their bridges, our iptables chains holding exactly the
// rules of the state, the DNS server answering from it. Every command that
// changes networking ends here, which is also how a bridge deleted or a chain
// flushed behind our back gets repaired.
import { existsSync } from 'node:fs';
import { ensureBridge } from './bridge.js';
import { applyFirewall, removeFirewall } from './firewall/apply.js';
import type { FirewallState } from './firewall/rules.js';
import { renderRecords, resolvConfServers } from './dns-records.js';
import { publishRecords, stopServer } from './dns-server.js';
import { hostResolvConf } from './container-files.js';
import { ensureSysctl, interfaceExists, interfacesWithPrefix, masterOf } from './host-state.js';
import { runLinkCommandsForce } from './link-commands.js';
import { chainNames, hostNamePrefixes, netnsPath } from './layout.js';
import type { Attachment, NetworkRecord } from './model.js';
import { deleteAttachment, listAttachments, listNetworks } from './store.js';
import { sweepDeletedRoots } from './sweep.js';

export interface HostSnapshot {
  readonly networks: NetworkRecord[];
  readonly attachments: Attachment[];
  /** Attachments just forgotten because their namespace is gone: their ports' rules must go too. */
  readonly forgotten?: Attachment[];
}

/**
 * The state, with attachments whose namespace is gone (the container ended
 * and its supervisor removed it, a reboot, a command killed half-way)
 * forgotten, and their addresses free again. Their veths go with the
 * namespace, in the kernel's own time; where another container
 * (`container:NAME`) still held it, the supervisor deleted them as the
 * container ended (AttachResult.sharedNetnsExitCommands).
 */
export function snapshot(root: string, options: SnapshotOptions = {}): HostSnapshot {
  const networks = listNetworks(root);
  const attachments: Attachment[] = [];
  const forgotten: Attachment[] = [];
  for (const a of listAttachments(root)) {
    if (existsSync(netnsPath(a.netns))) {
      attachments.push(a);
      continue;
    }
    if (options.readOnly !== true) deleteAttachment(root, a.containerId);
    forgotten.push(a);
  }
  return { networks, attachments, forgotten };
}

export interface SnapshotOptions {
  /**
   * Leave the records of gone attachments alone: a view (ls, inspect) reads
   * without the networks lock, and forgetting is a change only a command
   * holding it may make.
   */
  readonly readOnly?: boolean;
}

export interface SyncOptions {
  /**
   * Check the iptables rules too (one iptables-save). Attaching or releasing
   * a container that publishes no ports changes no rule, so it skips the
   * check; network commands always make it, which is what repairs chains
   * flushed behind our back.
   */
  readonly firewall?: boolean;
  /** A container whose links are being made right now: not to be repaired meanwhile. */
  readonly beingPlumbed?: string;
}

export function syncHost(root: string, state: HostSnapshot = snapshot(root), env: Readonly<Record<string, string | undefined>> = process.env, options: SyncOptions = {}): void {
  sweepDeletedRoots(env);
  const chains = chainNames(root);
  removeOrphanBridges(root, state.networks);
  if (state.networks.length === 0) {
    removeFirewall(chains, env);
    stopServer(root);
    return;
  }
  const byId = new Map(state.networks.map((n) => [n.id, n]));
  for (const network of state.networks) ensureBridge(network);
  const reattach: string[] = [];
  for (const attachment of state.attachments.filter((a) => a.containerId !== options.beingPlumbed)) {
    for (const endpoint of attachment.endpoints) {
      const network = byId.get(endpoint.networkId);
      if (network && interfaceExists(endpoint.veth) && masterOf(endpoint.veth) !== network.bridge) reattach.push(`link set ${endpoint.veth} master ${network.bridge} up`);
    }
  }
  // A repair, and best effort: another container's veth may vanish between
  // the look and the command (its namespace dropped as it ended, its
  // supervisor still making it), and that is no failure of this command.
  // What could not be repaired now is tried again by the next sync.
  runLinkCommandsForce(reattach);
  if (state.networks.some((n) => !n.internal)) ensureSysctl('ipv4/ip_forward', '1');
  // A forgotten attachment's published ports must not stay DNATed to an address the next container may get.
  if (options.firewall !== false || state.forgotten?.some((a) => a.ports.length > 0)) applyFirewall(chains, firewallState(state), env);
  const upstreams = env['FLOTILLA_DNS_UPSTREAMS']?.split(',').map((s) => s.trim()).filter(Boolean) ?? resolvConfServers(hostResolvConf());
  publishRecords(root, renderRecords(state.networks, state.attachments, upstreams));
}

/**
 * Bridges of this root that no network record names: `network rm` deletes
 * the record before the bridge, so a command killed in between leaves one,
 * holding its subnet's route. The next sync takes it away.
 */
function removeOrphanBridges(root: string, networks: readonly NetworkRecord[]): void {
  const known = new Set(networks.map((n) => n.bridge));
  const orphans = interfacesWithPrefix(hostNamePrefixes(root).bridge).filter((name) => !known.has(name));
  runLinkCommandsForce(orphans.map((name) => `link del ${name}`));
}

/** The rules' input: networks and the ports published on them. */
export function firewallState(state: HostSnapshot): FirewallState {
  const bridgeOf = new Map(state.networks.map((n) => [n.id, n.bridge]));
  const ports = state.attachments.flatMap((a) => a.ports.filter((p) => bridgeOf.has(p.networkId)).map((p) => ({ ...p, bridge: bridgeOf.get(p.networkId)! })));
  return { networks: state.networks, ports };
}
