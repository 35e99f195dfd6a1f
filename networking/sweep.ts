// A root deleted without taking its networks down (the `rm -rf` of a test's
// state, a FLOTILLA_ROOT given up) leaves host-wide objects behind: bridges
// holding their subnets' routes, chains whose rules drop a later network's
// traffic, a DNS server holding the gateway's port 53. Each root writes its
// path into its run dir (dns-server.ts); any networking command of any root
// that finds a run dir whose root is gone takes that root's objects away.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { removeFirewall } from './firewall/apply.js';
import { rootFile, stopServerIn } from './dns-server.js';
import { interfacesWithPrefix } from './host-state.js';
import { runLinkCommandsForce } from './link-commands.js';
import { chainNamesOfTag, prefixesOfTag, rootTag, RUN_BASE, runDirOfTag } from './layout.js';

type Env = Readonly<Record<string, string | undefined>>;

/** Tags of roots that recorded their path and whose state directory is gone. */
export function deletedRootTags(): string[] {
  let entries: string[];
  try {
    entries = readdirSync(RUN_BASE);
  } catch {
    return [];
  }
  return entries.filter((tag) => /^[0-9a-f]{6}$/.test(tag) && rootIsGone(tag)).sort();
}

function rootIsGone(tag: string): boolean {
  let root: string;
  try {
    root = readFileSync(rootFile(runDirOfTag(tag)), 'utf8');
  } catch {
    // No record (a run dir being made, or one written before roots recorded themselves): not ours to judge.
    return false;
  }
  try {
    return !statSync(root).isDirectory();
  } catch {
    return true;
  }
}

/** Sweeps every root whose state is gone; returns their tags. */
export function sweepDeletedRoots(env: Env = process.env): string[] {
  const tags = deletedRootTags();
  for (const tag of tags) {
    try {
      removeHostObjects(tag, env);
    } catch {
      // Another root's leftovers, maybe being swept by another command at
      // once: no failure of this one. Its run dir stays, so the next sweep
      // tries again.
    }
  }
  return tags;
}

/**
 * Everything host-wide a root has, by its tag: its DNS server, network
 * namespaces (their veths go with them), bridges, iptables chains and jumps,
 * and its run dir last, so a sweep cut short is found again.
 */
export function removeHostObjects(tag: string, env: Env = process.env): void {
  const prefixes = prefixesOfTag(tag);
  const dir = runDirOfTag(tag);
  const namespaces = listed('/run/netns').filter((name) => name.startsWith(prefixes.netns));
  const bridges = interfacesWithPrefix(prefixes.bridge);
  runLinkCommandsForce([...namespaces.map((name) => `netns del ${name}`), ...bridges.map((name) => `link del ${name}`)]);
  removeFirewall(chainNamesOfTag(tag), env);
  stopServerIn(dir);
}

function listed(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Everything host-wide of this root, whether its state still names it or not (system reset). */
export function removeRootHostObjects(root: string, env: Env = process.env): void {
  removeHostObjects(rootTag(root), env);
}
