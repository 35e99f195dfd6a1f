// Network lifecycle: create, remove, prune, and the views ls and inspect show.
import { randomBytes } from 'node:crypto';
import { EngineError, EngineErrorCode } from '../errors.js';
import { withLock } from '../state/lock.js';
import { lockPath } from '../state/paths.js';
import { removeBridge } from './bridge.js';
import { contains, formatIPv4, formatSubnet, overlaps, parseIPv4, parseSubnet, requireIPv4, within, type Subnet } from './cidr.js';
import { routedSubnets } from './host-state.js';
import { chooseSubnet, defaultGateway } from './ipam.js';
import { bridgeName } from './layout.js';
import type { Attachment, NetworkRecord } from './model.js';
import { deleteNetworkRecord, findNetwork, listNetworks, lookupNetwork, writeNetwork } from './store.js';
import { snapshot, syncHost } from './sync.js';
import { sweepDeletedRoots } from './sweep.js';

/** docker's network driver option for the MTU. */
export const MTU_OPTION = 'com.docker.network.driver.mtu';
/** The network `container run` joins when given none, named as docker's. */
export const DEFAULT_NETWORK = 'bridge';

export interface NetworkOptions {
  readonly driver?: string;
  readonly subnet?: string;
  readonly gateway?: string;
  readonly ipRange?: string;
  readonly internal?: boolean;
  readonly attachable?: boolean;
  readonly labels?: Readonly<Record<string, string>>;
  readonly options?: Readonly<Record<string, string>>;
}

/** Serializes every change to this root's networks and attachments. */
export function withNetworkLock<T>(root: string, work: () => T | Promise<T>): Promise<T> {
  return withLock(lockPath(root, 'networks'), 'networks', work);
}

// Subnets are host-wide: two roots must not pick the same one at once.
function withAddressPoolLock<T>(work: () => T | Promise<T>): Promise<T> {
  return withLock('/run/flotilla/ipam.lock', 'the address pool', work);
}

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

export async function createNetwork(root: string, name: string, options: NetworkOptions = {}, env: Readonly<Record<string, string | undefined>> = process.env): Promise<NetworkRecord> {
  if (!NAME.test(name)) throw new EngineError(EngineErrorCode.InvalidConfig, `invalid network name "${name}": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
  const driver = options.driver ?? 'bridge';
  if (driver !== 'bridge') throw new EngineError(EngineErrorCode.InvalidConfig, `network driver "${driver}" is not supported (only bridge)`);
  const mtu = mtuOption(options.options ?? {});
  return withNetworkLock(root, () =>
    withAddressPoolLock(() => {
      // A deleted root's bridge would still hold the route of the subnet this one may take.
      sweepDeletedRoots(env);
      const networks = listNetworks(root);
      if (networks.some((n) => n.name === name)) throw new EngineError(EngineErrorCode.Conflict, `network with name ${name} already exists`);
      const subnet = options.subnet !== undefined ? checkedSubnet(options.subnet, networks) : chooseSubnet([...routedSubnets(), ...networks.map((n) => parseSubnet(n.subnet))]);
      const gateway = options.gateway !== undefined ? checkedGateway(options.gateway, subnet) : defaultGateway(subnet);
      const ipRange = options.ipRange !== undefined ? checkedRange(options.ipRange, subnet) : undefined;
      const id = randomBytes(32).toString('hex');
      const record: NetworkRecord = {
        id,
        name,
        driver: 'bridge',
        created: new Date().toISOString(),
        internal: options.internal === true,
        attachable: options.attachable === true,
        labels: { ...options.labels },
        options: { ...options.options },
        subnet: formatSubnet(subnet),
        gateway: formatIPv4(gateway),
        ...(ipRange && { ipRange: formatSubnet(ipRange) }),
        bridge: bridgeName(root, id),
        ...(mtu !== undefined && { mtu }),
      };
      writeNetwork(root, record);
      try {
        syncHost(root, undefined, env);
      } catch (err) {
        deleteNetworkRecord(root, id);
        removeBridge(record.bridge);
        throw err;
      }
      return record;
    }),
  );
}

function mtuOption(options: Readonly<Record<string, string>>): number | undefined {
  const text = options[MTU_OPTION];
  if (text === undefined) return undefined;
  const mtu = Number(text);
  if (!Number.isInteger(mtu) || mtu < 68 || mtu > 65535) throw new EngineError(EngineErrorCode.InvalidConfig, `invalid ${MTU_OPTION} "${text}": an MTU is a number from 68 to 65535`);
  return mtu;
}

function checkedSubnet(text: string, networks: readonly NetworkRecord[]): Subnet {
  const subnet = parseSubnet(text);
  if (subnet.prefix > 30) throw new EngineError(EngineErrorCode.InvalidConfig, `subnet ${text} is too small: use a /30 or larger`);
  const clash = networks.find((n) => overlaps(parseSubnet(n.subnet), subnet));
  if (clash) throw new EngineError(EngineErrorCode.Conflict, `subnet ${text} overlaps with network ${clash.name} (${clash.subnet})`);
  const route = routedSubnets().find((r) => overlaps(r, subnet));
  if (route) throw new EngineError(EngineErrorCode.Conflict, `subnet ${text} overlaps with ${formatSubnet(route)}, already routed on this host`);
  return subnet;
}

function checkedGateway(text: string, subnet: Subnet): number {
  const gateway = requireIPv4(text, 'gateway');
  if (!contains(subnet, gateway) || gateway === subnet.base) throw new EngineError(EngineErrorCode.InvalidConfig, `gateway ${text} is not a host address of subnet ${formatSubnet(subnet)}`);
  return gateway;
}

function checkedRange(text: string, subnet: Subnet): Subnet {
  const range = parseSubnet(text, 'ip range');
  if (!within(range, subnet)) throw new EngineError(EngineErrorCode.InvalidConfig, `ip range ${text} is not inside subnet ${formatSubnet(subnet)}`);
  return range;
}

/** The default `bridge` network, made the first time a container needs it. */
export async function ensureDefaultNetwork(root: string, env: Readonly<Record<string, string | undefined>> = process.env): Promise<NetworkRecord> {
  const existing = lookupNetwork(root, DEFAULT_NETWORK);
  if (existing) return existing;
  try {
    return await createNetwork(root, DEFAULT_NETWORK, {}, env);
  } catch (err) {
    // Another command made it meanwhile.
    const made = lookupNetwork(root, DEFAULT_NETWORK);
    if (made) return made;
    throw err;
  }
}

export interface NetworkView extends NetworkRecord {
  /** Containers attached now, by id. */
  readonly containers: Readonly<Record<string, { readonly name: string; readonly ipv4Address: string; readonly macAddress: string; readonly aliases: readonly string[] }>>;
}

function viewOf(network: NetworkRecord, attachments: readonly Attachment[]): NetworkView {
  const containers: Record<string, { name: string; ipv4Address: string; macAddress: string; aliases: readonly string[] }> = {};
  for (const a of attachments) {
    for (const e of a.endpoints.filter((x) => x.networkId === network.id)) containers[a.containerId] = { name: a.containerName, ipv4Address: `${e.ip}/${e.prefix}`, macAddress: e.mac, aliases: e.aliases };
  }
  return { ...network, containers };
}

export function networkViews(root: string): NetworkView[] {
  const { networks, attachments } = snapshot(root, { readOnly: true });
  return networks.map((n) => viewOf(n, attachments));
}

export function inspectNetwork(root: string, nameOrId: string): NetworkView {
  const { networks, attachments } = snapshot(root, { readOnly: true });
  return viewOf(findNetwork(root, nameOrId, networks), attachments);
}

/**
 * Removes networks; one with containers attached is refused (all of them are
 * checked before any is removed). `isContainer` tells an attachment of a
 * container that still exists from a leftover.
 */
export async function removeNetworks(root: string, namesOrIds: readonly string[], env: Readonly<Record<string, string | undefined>> = process.env): Promise<NetworkRecord[]> {
  return withNetworkLock(root, () => {
    const state = snapshot(root);
    const targets = namesOrIds.map((n) => findNetwork(root, n, state.networks));
    for (const network of targets) {
      const users = state.attachments.filter((a) => a.endpoints.some((e) => e.networkId === network.id));
      if (users.length > 0) throw new EngineError(EngineErrorCode.Conflict, `network ${network.name} has active endpoints (${users.map((u) => u.containerName).join(', ')})`);
    }
    for (const network of targets) deleteNetworkRecord(root, network.id);
    const remaining = { networks: state.networks.filter((n) => !targets.includes(n)), attachments: state.attachments };
    syncHost(root, remaining, env);
    for (const network of targets) removeBridge(network.bridge);
    return targets;
  });
}

/** Removes every network no container is attached to; returns their names. */
export async function pruneNetworks(root: string, filter: (network: NetworkRecord) => boolean = () => true, env: Readonly<Record<string, string | undefined>> = process.env): Promise<string[]> {
  const state = snapshot(root, { readOnly: true });
  const unused = state.networks.filter((n) => filter(n) && !state.attachments.some((a) => a.endpoints.some((e) => e.networkId === n.id)));
  if (unused.length === 0) return [];
  return (await removeNetworks(root, unused.map((n) => n.id), env)).map((n) => n.name);
}

export { parseIPv4 };
