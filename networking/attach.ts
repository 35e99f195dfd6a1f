// A container's life on its networks: at start, a named network namespace
// with one veth per network (eth0, eth1, … in request order), addresses from
// IPAM, a default route through the first network that has egress, published
// ports, /etc/hosts and /etc/resolv.conf, DNS names; at stop or removal, all
// of it taken down. The attachment record is written before the kernel work,
// so a command killed half-way leaves something the next one can remove.
import { closeSync, existsSync, mkdirSync, openSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { EngineError, EngineErrorCode } from '../errors.js';
import { formatIPv4, parseIPv4, parseSubnet, requireIPv4 } from './cidr.js';
import { hostResolvConf, renderHosts, renderResolvConf, rewriteInPlace, type DnsSettings } from './container-files.js';
import { ensureBridge } from './bridge.js';
import { forgetUdpFlows } from './conntrack.js';
import { interfaceExists } from './host-state.js';
import { inNamespace, linkCommandsArgv, runLinkCommands, runLinkCommandsForce, startLinkCommands } from './link-commands.js';
import { allocateAddress, checkStaticAddress } from './ipam.js';
import { dnatRemoval } from './firewall/apply.js';
import { chainNames, netnsName, netnsPath, vethName } from './layout.js';
import type { Attachment, Endpoint, NetworkRecord, NetworkRequest, PortRequest } from './model.js';
import { DEFAULT_NETWORK, ensureDefaultNetwork, withNetworkLock } from './networks.js';
import { resolvePorts } from './ports.js';
import { deleteAttachment, findNetwork, readAttachment, writeAttachment } from './store.js';
import { snapshot, syncHost, type HostSnapshot } from './sync.js';

/** What networking needs to know of a container (the engine's view satisfies it). */
export interface ContainerNetworkSpec extends DnsSettings {
  readonly id: string;
  readonly name: string;
  readonly hostname: string;
  readonly domainname?: string;
  /** Networks to join, in priority order; empty means the default network. */
  readonly networks: readonly NetworkRequest[];
  readonly ports: readonly PortRequest[];
  readonly links: readonly { readonly alias: string; readonly target: string }[];
  readonly extraHosts: readonly { readonly host: string; readonly ip: string }[];
  /** The container's own files, bind-mounted over /etc/hosts and /etc/resolv.conf. */
  readonly hostsFile: string;
  readonly resolvConfFile: string;
}

export interface PortReservation {
  readonly protocol: 'tcp' | 'udp';
  readonly hostIp: string;
  readonly hostPort: number;
}

export interface AttachResult {
  /** The namespace the container's process joins. */
  readonly netnsPath: string;
  /** Host ports the container's supervisor holds for its lifetime, so nobody else takes them. */
  readonly reservations: readonly PortReservation[];
  /**
   * The namespace is the container's alone: its supervisor removes it when
   * the container ends for good, which takes its interfaces and (see
   * dns-records.ts) its names with it; the next networking command forgets
   * the rest of the attachment (sync.ts).
   */
  readonly dropNetnsAtExit: true;
  /** Commands for the supervisor to run then: the removal of the published ports' NAT rules. */
  readonly exitCommands: readonly (readonly string[])[];
  /**
   * And if another container joined the namespace (`container:NAME`) and
   * keeps it alive: the deletion of the veths, so that the address is never
   * on the bridge twice, as docker tears the sandbox down.
   */
  readonly sharedNetnsExitCommands: readonly (readonly string[])[];
  /**
   * With `deferLinks`: the command that makes the namespace, veths,
   * addresses and route, for the supervisor to run before the container
   * joins the namespace. It runs in a process the supervisor forks, which
   * costs far less than one more spawned from node.
   */
  readonly setupCommands?: readonly (readonly string[])[];
}

export interface AttachOptions {
  /** Leave making the links to the caller (AttachResult.setupCommands); on failure it must release the container. */
  readonly deferLinks?: boolean;
}

type Env = Readonly<Record<string, string | undefined>>;

export async function attachContainer(root: string, spec: ContainerNetworkSpec, env: Env = process.env, options: AttachOptions = {}): Promise<AttachResult> {
  const requests = spec.networks.length > 0 ? spec.networks : [{ network: DEFAULT_NETWORK }];
  if (requests.some((r) => r.network === DEFAULT_NETWORK)) await ensureDefaultNetwork(root, env);
  return withNetworkLock(root, async () => {
    // A previous run's attachment (the container exited on its own, or a
    // command died half-way) goes first.
    const hadAttachment = readAttachment(root, spec.id) !== undefined;
    releaseLocked(root, spec.id, env, false, true);
    try {
      return await attachLocked(root, spec, requests, env, options);
    } catch (err) {
      if (hadAttachment) syncHost(root, undefined, env);
      throw err;
    }
  });
}

async function attachLocked(root: string, spec: ContainerNetworkSpec, requests: readonly NetworkRequest[], env: Env, options: AttachOptions): Promise<AttachResult> {
  {
    const state = snapshot(root);
    const networks = requests.map((r) => findNetwork(root, r.network, state.networks));
    const duplicate = networks.find((n, i) => networks.indexOf(n) !== i);
    if (duplicate) throw new EngineError(EngineErrorCode.InvalidConfig, `container ${spec.name} joins network ${duplicate.name} twice`);
    const endpoints = requests.map((request, index) => endpointFor(root, spec, request, networks[index]!, index, state));
    const primary = endpoints.find((e, i) => !networks[i]!.internal) ?? endpoints[0]!;
    const ports = resolvePorts(spec.name, spec.ports, state.attachments, primary);
    if (ports.length > 0 && networks[endpoints.indexOf(primary)]!.internal) {
      throw new EngineError(EngineErrorCode.InvalidConfig, `container ${spec.name} publishes ports but is only on internal networks`);
    }
    const ownDns = (spec.dns ?? []).filter((s) => parseIPv4(s) !== undefined);
    const attachment: Attachment = { containerId: spec.id, containerName: spec.name, netns: netnsName(root, spec.id), endpoints, ports, links: spec.links, ...(ownDns.length > 0 && { dns: ownDns }) };
    const links = plumbing(attachment, networks, primary);
    // Deferred, the namespace is made later, by another process. Until then
    // an empty file at its path says it is on its way, so that no other
    // command forgets the attachment as one whose namespace has gone
    // (sync.ts); making the namespace mounts it over the file. It comes
    // before the record: no reader ever finds the record without it.
    if (options.deferLinks) placeholder(netnsPath(attachment.netns));
    try {
      writeAttachment(root, attachment);
    } catch (err) {
      rmSync(netnsPath(attachment.netns), { force: true });
      throw err;
    }
    try {
      for (const network of networks) ensureBridge(network);
      // The links are made by another process, meanwhile or later: the
      // container's files, DNS records and rules do not need them yet.
      const plumbed = options.deferLinks ? Promise.resolve() : startLinkCommands(links);
      let failed: { error: unknown } | undefined;
      try {
        const extraHosts = spec.extraHosts.map((h) => (h.ip === 'host-gateway' ? { host: h.host, ip: primary.gateway } : h));
        rewriteInPlace(spec.hostsFile, renderHosts(spec.hostname, spec.domainname, endpoints.map((e) => e.ip), extraHosts));
        rewriteInPlace(spec.resolvConfFile, renderResolvConf(primary.gateway, spec, hostResolvConf()));
        syncHost(root, { ...state, attachments: [...state.attachments, attachment] }, env, { firewall: ports.length > 0, beingPlumbed: spec.id });
      } catch (error) {
        failed = { error };
      }
      // Whatever failed, the release below must not race the links being made.
      await plumbed;
      if (failed) throw failed.error;
      forgetUdpFlows(ports);
    } catch (err) {
      releaseLocked(root, spec.id, env, true);
      throw err;
    }
    return {
      netnsPath: netnsPath(attachment.netns),
      reservations: ports.map((p) => ({ protocol: p.protocol, hostIp: p.hostIp || '0.0.0.0', hostPort: p.hostPort })),
      dropNetnsAtExit: true,
      exitCommands: ports.map((p) => dnatRemoval(chainNames(root), p, env)),
      sharedNetnsExitCommands: [linkCommandsArgv(endpoints.map((e) => `link del ${e.veth}`), { force: true })],
      ...(options.deferLinks && { setupCommands: [linkCommandsArgv(links)] }),
    };
  }
}

function endpointFor(root: string, spec: ContainerNetworkSpec, request: NetworkRequest, network: NetworkRecord, index: number, state: HostSnapshot): Endpoint {
  const subnet = parseSubnet(network.subnet);
  const gateway = requireIPv4(network.gateway, 'gateway');
  const taken = new Map<number, string>();
  for (const a of state.attachments) for (const e of a.endpoints) if (e.networkId === network.id) taken.set(requireIPv4(e.ip, 'address'), a.containerName);
  let ip: number;
  if (request.ipv4Address) {
    ip = requireIPv4(request.ipv4Address, 'ipv4_address');
    checkStaticAddress(subnet, gateway, taken, ip, network.name);
  } else {
    ip = allocateAddress(subnet, gateway, new Set(taken.keys()), network.ipRange ? parseSubnet(network.ipRange) : subnet);
  }
  const aliases = [...new Set(request.aliases ?? [])];
  // The default network, like docker's, offers no discovery by name.
  const dnsNames = network.name === DEFAULT_NETWORK ? [] : [spec.name, spec.id.slice(0, 12), ...aliases];
  return {
    networkId: network.id,
    networkName: network.name,
    interface: `eth${index}`,
    veth: vethName(root, spec.id, network.id),
    ip: formatIPv4(ip),
    prefix: subnet.prefix,
    gateway: network.gateway,
    mac: request.macAddress ?? macFor(ip),
    dnsNames,
    aliases,
    staticIp: request.ipv4Address !== undefined,
  };
}

// docker's scheme: 02:42 and the four address bytes, unique per network.
function macFor(ip: number): string {
  return ['02', '42', ...[ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255].map((b) => b.toString(16).padStart(2, '0'))].join(':');
}

/** An empty file at a namespace's path, standing for it until it is made. */
function placeholder(path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  closeSync(openSync(path, 'a', 0o444));
}

/**
 * The commands that make an attachment's namespace and veths from the host,
 * then its addresses and routes inside the namespace: one helper run.
 */
function plumbing(attachment: Attachment, networks: readonly NetworkRecord[], primary: Endpoint): string[] {
  const host = [`netns add ${attachment.netns}`];
  const inside = ['link set lo up'];
  attachment.endpoints.forEach((endpoint, i) => {
    const network = networks[i]!;
    const mtu = network.mtu ? ` mtu ${network.mtu}` : '';
    host.push(`link add ${endpoint.veth}${mtu} type veth peer name ${endpoint.interface}${mtu} address ${endpoint.mac} netns ${attachment.netns}`);
    host.push(`link set ${endpoint.veth} master ${network.bridge} up`);
    // A container reaching its own published port through the host comes back on the same port.
    host.push(`link set ${endpoint.veth} type bridge_slave hairpin on`);
    inside.push(`addr add ${endpoint.ip}/${endpoint.prefix} broadcast + dev ${endpoint.interface}`);
    inside.push(`link set ${endpoint.interface} up`);
  });
  if (!networks[attachment.endpoints.indexOf(primary)]!.internal) inside.push(`route add default via ${primary.gateway} dev ${primary.interface}`);
  return [...host, ...inNamespace(attachment.netns, inside)];
}

/** Takes a container off its networks (stop, rm, a failed start). */
export async function releaseContainer(root: string, containerId: string, env: Env = process.env): Promise<void> {
  if (!readAttachment(root, containerId)) return;
  await withNetworkLock(root, () => releaseLocked(root, containerId, env, true));
}

/**
 * `lingering`: also delete host ends the kernel has yet to take away with a
 * dropped namespace, as a new attachment of the same container needs their
 * names.
 */
function releaseLocked(root: string, containerId: string, env: Env, sync: boolean, lingering = false): void {
  const attachment = readAttachment(root, containerId);
  const name = netnsName(root, containerId);
  // Once the container's supervisor has dropped its namespace, the kernel
  // deletes the veths in the background (tens of ms, which deleting them
  // here would wait for). A namespace still there (a supervisor that was
  // killed, a start that failed) goes now, and the host ends with it: some
  // process may still hold the namespace.
  const present = existsSync(netnsPath(name));
  const veths = present || lingering ? (attachment?.endpoints ?? []).filter((e) => interfaceExists(e.veth)).map((e) => `link del ${e.veth}`) : [];
  runLinkCommandsForce([...(present ? [`netns del ${name}`] : []), ...veths]);
  if (!attachment) {
    if (sync) syncHost(root, undefined, env);
    return;
  }
  deleteAttachment(root, containerId);
  if (sync) syncHost(root, undefined, env, { firewall: attachment.ports.length > 0 });
}

/** docker rename of an attached container: its networks answer to the new name, no longer the old. */
export async function renameAttachment(root: string, containerId: string, newName: string, env: Env = process.env): Promise<void> {
  await withNetworkLock(root, () => {
    const current = readAttachment(root, containerId);
    if (!current) return;
    const endpoints = current.endpoints.map((e) => ({ ...e, dnsNames: e.dnsNames.map((n) => (n === current.containerName ? newName : n)) }));
    writeAttachment(root, { ...current, containerName: newName, endpoints });
    syncHost(root, undefined, env, { firewall: false });
  });
}

/** The ports a container publishes now (docker's `port`), or none when it is not attached. */
export function publishedPorts(root: string, containerId: string): Attachment['ports'] {
  return readAttachment(root, containerId)?.ports ?? [];
}

export function attachmentOf(root: string, containerId: string): Attachment | undefined {
  return readAttachment(root, containerId);
}

/**
 * docker network connect on a running container: one more veth into its
 * namespace. (A container that is not running only has its config changed;
 * its next start joins the network.)
 */
export async function connectRunning(root: string, spec: ContainerNetworkSpec, request: NetworkRequest, env: Env = process.env): Promise<void> {
  await withNetworkLock(root, () => {
    const state = snapshot(root);
    const current = state.attachments.find((a) => a.containerId === spec.id);
    if (!current) throw new EngineError(EngineErrorCode.IncorrectStatus, `container ${spec.name} has no network namespace to connect (is it running?)`);
    const network = findNetwork(root, request.network, state.networks);
    if (current.endpoints.some((e) => e.networkId === network.id)) throw new EngineError(EngineErrorCode.Conflict, `container ${spec.name} is already connected to network ${network.name}`);
    const used = new Set(current.endpoints.map((e) => e.interface));
    let index = 0;
    while (used.has(`eth${index}`)) index++;
    const endpoint = endpointFor(root, spec, request, network, index, state);
    const next: Attachment = { ...current, endpoints: [...current.endpoints, endpoint] };
    writeAttachment(root, next);
    try {
      ensureBridge(network);
      const mtu = network.mtu ? ` mtu ${network.mtu}` : '';
      runLinkCommands([
        `link add ${endpoint.veth}${mtu} type veth peer name ${endpoint.interface}${mtu} address ${endpoint.mac} netns ${current.netns}`,
        `link set ${endpoint.veth} master ${network.bridge} up`,
        `link set ${endpoint.veth} type bridge_slave hairpin on`,
        ...inNamespace(current.netns, [`addr add ${endpoint.ip}/${endpoint.prefix} broadcast + dev ${endpoint.interface}`, `link set ${endpoint.interface} up`]),
      ]);
      rewriteInPlace(spec.hostsFile, renderHosts(spec.hostname, spec.domainname, next.endpoints.map((e) => e.ip), spec.extraHosts.filter((h) => h.ip !== 'host-gateway')));
    } catch (err) {
      if (interfaceExists(endpoint.veth)) runLinkCommandsForce([`link del ${endpoint.veth}`]);
      writeAttachment(root, current);
      throw err;
    }
    syncHost(root, undefined, env);
  });
}

/** docker network disconnect on a running container: its veth on that network goes. Returns false when it was not connected. */
export async function disconnectRunning(root: string, containerId: string, networkId: string, env: Env = process.env): Promise<boolean> {
  return withNetworkLock(root, () => {
    const current = readAttachment(root, containerId);
    const endpoint = current?.endpoints.find((e) => e.networkId === networkId);
    if (!current || !endpoint) return false;
    if (current.ports.some((p) => p.networkId === networkId)) {
      throw new EngineError(EngineErrorCode.Conflict, `container ${current.containerName} publishes ports through network ${endpoint.networkName}: stop it first`);
    }
    runLinkCommandsForce([`link del ${endpoint.veth}`]);
    writeAttachment(root, { ...current, endpoints: current.endpoints.filter((e) => e !== endpoint) });
    syncHost(root, undefined, env);
    return true;
  });
}
