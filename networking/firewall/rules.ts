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

  // raw: nothing reaches a network's addresses except through its own bridge
  // (or by DNAT, which happens after raw). One guard per network rather than
  // per container, so that starting a container without published ports
  // changes no rule at all. The gateway is the host's own address and stays
  // reachable, but its DNS server answers only its own network.
  // Loopback-published ports take no packets from outside the host
  // (route_localnet would otherwise allow it).
  for (const network of state.networks) {
    for (const protocol of ['udp', 'tcp']) raw.push(`-A ${chains.raw} -d ${network.gateway}/32 ! -i ${network.bridge} -p ${protocol} -m ${protocol} --dport 53 -j DROP`);
    raw.push(`-A ${chains.raw} -d ${network.gateway}/32 -j RETURN`);
    raw.push(`-A ${chains.raw} -d ${network.subnet} ! -i ${network.bridge} -j DROP`);
  }
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

  for (const port of state.ports) dnat.push(dnatRule(chains, port));

  return {
    raw: [{ chain: chains.raw, rules: raw }],
    filter: [{ chain: chains.forward, rules: forward }],
    nat: [
      { chain: chains.dnat, rules: dnat },
      { chain: chains.postrouting, rules: post },
    ],
  };
}

/** A published port's DNAT rule, in iptables-restore's `-A` form. */
export function dnatRule(chains: ChainSet, port: PublishedPort): string {
  const destination = port.hostIp && port.hostIp !== '0.0.0.0' ? ` -d ${port.hostIp}/32` : '';
  return `-A ${chains.dnat}${destination} -p ${port.protocol} -m ${port.protocol} --dport ${port.hostPort} -j DNAT --to-destination ${port.containerIp}:${port.containerPort}`;
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

/**
 * Whether iptables-save output already holds exactly what restoreInput would
 * write: every chain of ours declared with exactly its rules, and each jump
 * once. Our rules are written in iptables-save's own canonical form, so a
 * match means nothing to do and the common change (a container without
 * published ports) costs one save and no restore.
 */
export function inSync(saved: string, chains: ChainSet, state: FirewallState): boolean {
  const wanted = chainRules(chains, state);
  const ours = new Set(Object.values(chains));
  const found: Record<string, { declared: Set<string>; rules: string[]; jumps: string[] }> = {};
  let table: { declared: Set<string>; rules: string[]; jumps: string[] } | undefined;
  for (const line of saved.split('\n')) {
    if (line.startsWith('*')) {
      table = { declared: new Set(), rules: [], jumps: [] };
      found[line.slice(1).trim()] = table;
    } else if (!table) {
      continue;
    } else if (line.startsWith(':')) {
      const chain = line.slice(1).split(' ')[0]!;
      if (ours.has(chain)) table.declared.add(chain);
    } else if (line.startsWith('-A ')) {
      const chain = line.split(' ')[1]!;
      if (ours.has(chain)) table.rules.push(line);
      else if ([...ours].some((c) => line.endsWith(` -j ${c}`))) table.jumps.push(line);
    }
  }
  for (const name of ['raw', 'filter', 'nat'] as const) {
    const have = found[name];
    if (!have) return false;
    const expected = wanted[name];
    if (expected.some(({ chain }) => !have.declared.has(chain))) return false;
    const rules = expected.flatMap((c) => c.rules);
    if (have.rules.length !== rules.length || have.rules.some((r, i) => r !== rules[i])) return false;
    const jumpLines = jumps(chains).filter((j) => j.table === name).map((j) => `-A ${j.chain} ${j.rule}`);
    if (have.jumps.length !== jumpLines.length || jumpLines.some((j) => !have.jumps.includes(j))) return false;
  }
  return true;
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
