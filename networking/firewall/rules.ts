// Every iptables rule of one state root, derived from the stored networks
// and published ports alone. Pure: the same state always gives the same text,
// which is what makes applying it idempotent and lets the next command repair
// chains someone flushed.
import type { NetworkRecord, PublishedPort } from '../model.js';

export interface ChainSet {
  readonly forward: string;
  readonly dnat: string;
  readonly postrouting: string;
  readonly raw: string;
}

export interface FirewallState {
  readonly networks: readonly NetworkRecord[];
  /** Every container endpoint address, with its network's bridge (for the raw-table guard). */
  readonly endpoints: readonly { readonly ip: string; readonly bridge: string }[];
  readonly ports: readonly (PublishedPort & { readonly bridge: string })[];
}

/** A built-in chain's jump into one of ours: kept outside our chains, so checked and inserted separately. */
export interface Jump {
  readonly table: 'raw' | 'filter' | 'nat';
  readonly chain: string;
  /** The rule, without `-A CHAIN`. */
  readonly rule: string;
}

export function jumps(chains: ChainSet): Jump[] {
  return [
    { table: 'raw', chain: 'PREROUTING', rule: `-j ${chains.raw}` },
    { table: 'filter', chain: 'FORWARD', rule: `-j ${chains.forward}` },
    { table: 'nat', chain: 'PREROUTING', rule: `-m addrtype --dst-type LOCAL -j ${chains.dnat}` },
    // No userland proxy: locally made connections to published ports, 127.0.0.1 included, are DNATed too.
    { table: 'nat', chain: 'OUTPUT', rule: `-m addrtype --dst-type LOCAL -j ${chains.dnat}` },
    { table: 'nat', chain: 'POSTROUTING', rule: `-j ${chains.postrouting}` },
  ];
}

/** The rules of each of our chains, table by table, in iptables-restore's `-A` form. */
export function chainRules(chains: ChainSet, state: FirewallState): Record<'raw' | 'filter' | 'nat', { chain: string; rules: string[] }[]> {
  const raw: string[] = [];
  const forward: string[] = [];
  const dnat: string[] = [];
  const post: string[] = [];
  const portsByBridge = new Map<string, FirewallState['ports'][number][]>();
  for (const port of state.ports) portsByBridge.set(port.bridge, [...(portsByBridge.get(port.bridge) ?? []), port]);

  // raw: nothing reaches a container address except through its own bridge
  // (or by DNAT, which happens after raw); loopback-published ports take no
  // packets from outside the host (route_localnet would otherwise allow it).
  for (const endpoint of state.endpoints) raw.push(`-A ${chains.raw} -d ${endpoint.ip}/32 ! -i ${endpoint.bridge} -j DROP`);
  for (const port of state.ports) {
    if (isLoopback(port.hostIp)) raw.push(`-A ${chains.raw} -d ${port.hostIp}/32 ! -i lo -p ${port.protocol} -m ${port.protocol} --dport ${port.hostPort} -j DROP`);
  }

  for (const network of state.networks) {
    const br = network.bridge;
    forward.push(`-A ${chains.forward} -o ${br} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`);
    forward.push(`-A ${chains.forward} -i ${br} -o ${br} -j ACCEPT`);
    for (const port of portsByBridge.get(br) ?? []) {
      forward.push(`-A ${chains.forward} -d ${port.containerIp}/32 ! -i ${br} -o ${br} -p ${port.protocol} -m ${port.protocol} --dport ${port.containerPort} -j ACCEPT`);
    }
    // Everything else into the network is refused: other networks and the outside alike.
    forward.push(`-A ${chains.forward} -o ${br} -j DROP`);
    forward.push(`-A ${chains.forward} -i ${br} -j ${network.internal ? 'DROP' : 'ACCEPT'}`);

    if (!network.internal) post.push(`-A ${chains.postrouting} -s ${network.subnet} ! -o ${br} -j MASQUERADE`);
    // Connections the host makes (127.0.0.1 included) and hairpin connections
    // (a container to a published port of its own network) must come back
    // through the host: masquerade them behind the gateway.
    post.push(`-A ${chains.postrouting} -o ${br} -m addrtype --src-type LOCAL -j MASQUERADE`);
    post.push(`-A ${chains.postrouting} -s ${network.subnet} -o ${br} -m conntrack --ctstate DNAT -j MASQUERADE`);
  }

  for (const port of state.ports) {
    const destination = port.hostIp && port.hostIp !== '0.0.0.0' ? ` -d ${port.hostIp}/32` : '';
    dnat.push(`-A ${chains.dnat}${destination} -p ${port.protocol} -m ${port.protocol} --dport ${port.hostPort} -j DNAT --to-destination ${port.containerIp}:${port.containerPort}`);
  }

  return {
    raw: [{ chain: chains.raw, rules: raw }],
    filter: [{ chain: chains.forward, rules: forward }],
    nat: [
      { chain: chains.dnat, rules: dnat },
      { chain: chains.postrouting, rules: post },
    ],
  };
}

function isLoopback(ip: string): boolean {
  return ip.startsWith('127.');
}

/**
 * iptables-restore input (for --noflush) that makes our chains hold exactly
 * `chainRules` and adds the jumps `missing` lists. Declaring a chain flushes it.
 */
export function restoreInput(chains: ChainSet, state: FirewallState, missing: readonly Jump[], duplicates: readonly Jump[] = []): string {
  const tables = chainRules(chains, state);
  let out = '';
  for (const table of ['raw', 'filter', 'nat'] as const) {
    out += `*${table}\n`;
    for (const { chain } of tables[table]) out += `:${chain} - [0:0]\n`;
    for (const { rules } of tables[table]) for (const rule of rules) out += `${rule}\n`;
    for (const jump of missing.filter((j) => j.table === table)) out += `-I ${jump.chain} 1 ${jump.rule}\n`;
    for (const jump of duplicates.filter((j) => j.table === table)) out += `-D ${jump.chain} ${jump.rule}\n`;
    out += 'COMMIT\n';
  }
  return out;
}

/** iptables-restore input that removes the jumps `present` lists and then our chains. */
export function teardownInput(chains: ChainSet, present: readonly Jump[]): string {
  const byTable: Record<'raw' | 'filter' | 'nat', string[]> = { raw: [chains.raw], filter: [chains.forward], nat: [chains.dnat, chains.postrouting] };
  let out = '';
  for (const table of ['raw', 'filter', 'nat'] as const) {
    out += `*${table}\n`;
    for (const chain of byTable[table]) out += `:${chain} - [0:0]\n`;
    for (const jump of present.filter((j) => j.table === table)) out += `-D ${jump.chain} ${jump.rule}\n`;
    for (const chain of byTable[table]) out += `-X ${chain}\n`;
    out += 'COMMIT\n';
  }
  return out;
}
