// Where networking keeps its state, and the host-wide names it gives kernel
// objects. Bridges, veths, netns names and iptables chains are global to the
// host, so each carries a short tag of the state root: two roots (parallel
// test runs, a moved FLOTILLA_ROOT) never touch each other's.
import { createHash } from 'node:crypto';
import { join } from 'node:path';

/** Six hex digits naming the state root in host-wide names. */
export function rootTag(root: string): string {
  return createHash('sha256').update(root).digest('hex').slice(0, 6);
}

export function networksDir(root: string): string {
  return join(root, 'networks');
}

export function networkRecordPath(root: string, id: string): string {
  return join(networksDir(root), `${id}.json`);
}

/** One file per container with network attachments: its endpoints and published ports. */
export function attachmentsDir(root: string): string {
  return join(root, 'network-attachments');
}

export function attachmentPath(root: string, containerId: string): string {
  return join(attachmentsDir(root), `${containerId}.json`);
}

/** The DNS server's input (`records`), kept with the state so it survives restarts of the server. */
export function dnsDir(root: string): string {
  return join(root, 'dns');
}

/** Where every root's run dir lives: host-wide, so a sweep finds the roots deleted behind our back. */
export const RUN_BASE = '/run/flotilla';

/** Runtime files a reboot should clear (the DNS server's pid, the root's path). */
export function runDir(root: string): string {
  return runDirOfTag(rootTag(root));
}

export function runDirOfTag(tag: string): string {
  return join(RUN_BASE, tag);
}

/** `flt` + root tag + network id: 15 characters, the kernel's limit for interface names. */
export function bridgeName(root: string, networkId: string): string {
  return `flt${rootTag(root)}${networkId.slice(0, 6)}`;
}

/** The host end of a container's veth on one network: unique per root, container and network. */
export function vethName(root: string, containerId: string, networkId: string): string {
  return `vfl${createHash('sha256').update(`${root}\0${containerId}\0${networkId}`).digest('hex').slice(0, 12)}`;
}

/** The named network namespace of a container, under /run/netns so `ip -n` reaches it. */
export function netnsName(root: string, containerId: string): string {
  return `flotilla-${rootTag(root)}-${containerId.slice(0, 12)}`;
}

export function netnsPath(name: string): string {
  return join('/run/netns', name);
}

/** Prefixes of every host-wide name of this root, for leak checks and sweeps. */
export function hostNamePrefixes(root: string): HostNamePrefixes {
  return prefixesOfTag(rootTag(root));
}

export interface HostNamePrefixes {
  readonly bridge: string;
  readonly netns: string;
  readonly chain: string;
}

/** The prefixes by the root's tag alone: a root whose path is gone is known by its tag. */
export function prefixesOfTag(tag: string): HostNamePrefixes {
  return { bridge: `flt${tag}`, netns: `flotilla-${tag}-`, chain: `FLOTILLA-${tag.toUpperCase()}` };
}

/** Flotilla's own iptables chains for this root. */
export function chainNames(root: string): ChainNames {
  return chainNamesOfTag(rootTag(root));
}

export interface ChainNames {
  readonly forward: string;
  readonly dnat: string;
  readonly postrouting: string;
  readonly raw: string;
}

export function chainNamesOfTag(tag: string): ChainNames {
  const chain = prefixesOfTag(tag).chain;
  return { forward: `${chain}-FWD`, dnat: `${chain}-DNAT`, postrouting: `${chain}-POST`, raw: `${chain}-RAW` };
}
