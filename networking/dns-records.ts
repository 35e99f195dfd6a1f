// The DNS server's input: every network (the server listens on its gateway),
// every endpoint's names, each container's link aliases, and where other
// names are forwarded (a container's own servers, else the host's). Rendering is pure; the server reloads the file when
// it is replaced, so answers follow recreates without touching the clients.
import { netnsPath } from './layout.js';
import type { Attachment, NetworkRecord } from './model.js';

export function renderRecords(networks: readonly NetworkRecord[], attachments: readonly Attachment[], upstreams: readonly string[]): string {
  const lines = ['# written by flotilla; replaced whole on every change'];
  for (const network of networks) lines.push(`net ${network.id} ${network.gateway}${network.internal ? ' internal' : ''}`);
  for (const attachment of attachments) {
    // Its names answer only while this exists: the supervisor removes it when the container ends.
    lines.push(`netns ${attachment.containerId} ${netnsPath(attachment.netns)}`);
    for (const endpoint of attachment.endpoints) {
      const names = [...new Set(endpoint.dnsNames.map((n) => n.toLowerCase()))].filter(validName);
      if (names.length > 0) lines.push(`host ${endpoint.networkId} ${endpoint.ip} ${attachment.containerId} ${names.join(' ')}`);
    }
    if (attachment.dns && attachment.dns.length > 0) lines.push(`dns ${attachment.containerId} ${attachment.dns.join(' ')}`);
    for (const link of attachment.links) {
      if (validName(link.alias) && validName(link.target)) lines.push(`link ${attachment.containerId} ${link.alias.toLowerCase()} ${link.target.toLowerCase()}`);
    }
  }
  for (const upstream of upstreams) lines.push(`upstream ${upstream}`);
  return `${lines.join('\n')}\n`;
}

// A name with spaces or control characters would break the line format; DNS would not carry it anyway.
function validName(name: string): boolean {
  return /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(name) && name.length <= 253;
}

/** Nameservers of a resolv.conf, without loopback ones the server (in the host namespace) could use but containers never see. */
export function resolvConfServers(text: string): string[] {
  return text
    .split('\n')
    .map((line) => /^\s*nameserver\s+(\S+)/.exec(line)?.[1])
    .filter((server): server is string => server !== undefined && /^[\d.]+$/.test(server));
}
