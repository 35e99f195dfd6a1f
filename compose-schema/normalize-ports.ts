// Port specs in every compose form → the long form, one entry per port.
import type { ServicePort } from './model.js';
import { isMap, type Tree } from './tree.js';

const PROTOCOLS = new Set(['tcp', 'udp', 'sctp']);

/** Thrown with the reason; the caller adds the path and position. */
export class PortSyntaxError extends Error {}

export function normalizePort(spec: Tree): ServicePort[] {
  if (isMap(spec)) return [longPort(spec)];
  if (typeof spec === 'number') return [{ mode: 'ingress', target: checkPort(String(spec), spec, false), protocol: 'tcp' }];
  return shortPort(String(spec));
}

function longPort(spec: Record<string, Tree>): ServicePort {
  const protocol = String(spec['protocol'] ?? 'tcp').toLowerCase();
  if (!PROTOCOLS.has(protocol)) throw new PortSyntaxError(`invalid protocol "${protocol}"`);
  const target = checkPort(String(spec['target']), spec['target'], false);
  const published = spec['published'];
  if (published !== undefined && published !== null && published !== '') parseRange(String(published), String(published));
  return {
    ...(typeof spec['name'] === 'string' && { name: spec['name'] }),
    mode: String(spec['mode'] ?? 'ingress'),
    ...(typeof spec['host_ip'] === 'string' && { host_ip: spec['host_ip'] }),
    target,
    ...(published !== undefined && published !== null && published !== '' && { published: String(published) }),
    protocol,
    ...(typeof spec['app_protocol'] === 'string' && { app_protocol: spec['app_protocol'] }),
  };
}

// `[host_ip:][published:]target[/protocol]`, each port part possibly a range.
function shortPort(text: string): ServicePort[] {
  const slash = text.lastIndexOf('/');
  const protocol = (slash >= 0 ? text.slice(slash + 1) : 'tcp').toLowerCase();
  if (!PROTOCOLS.has(protocol)) throw new PortSyntaxError(`invalid protocol "${protocol}"`);
  const { hostIp, published, target } = splitAddress(slash >= 0 ? text.slice(0, slash) : text);
  const targets = parseRange(target, text);
  const publishedRange = published === '' ? undefined : parseRange(published, text);
  const base = { mode: 'ingress', ...(hostIp !== '' && { host_ip: hostIp }), protocol };
  if (!publishedRange) return targets.map((t) => ({ ...base, target: t }));
  if (targets.length === 1) return [{ ...base, target: targets[0]!, published }];
  if (publishedRange.length !== targets.length) throw new PortSyntaxError(`port ranges don't match in "${text}"`);
  return targets.map((t, i) => ({ ...base, target: t, published: String(publishedRange[i]) }));
}

function splitAddress(text: string): { hostIp: string; published: string; target: string } {
  let rest = text;
  let hostIp = '';
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0) throw new PortSyntaxError(`invalid IP address in "${text}"`);
    hostIp = rest.slice(1, close);
    rest = rest.slice(close + 2);
    const colon = rest.lastIndexOf(':');
    return colon < 0 ? { hostIp, published: '', target: rest } : { hostIp, published: rest.slice(0, colon), target: rest.slice(colon + 1) };
  }
  const parts = rest.split(':');
  if (parts.length > 3) throw new PortSyntaxError(`too many colons in "${text}"`);
  const target = parts.pop()!;
  const published = parts.pop() ?? '';
  hostIp = parts.pop() ?? '';
  return { hostIp, published, target };
}

function parseRange(text: string, whole: string): number[] {
  const [from, to, extra] = text.split('-');
  if (extra !== undefined || from === undefined) throw new PortSyntaxError(`invalid port "${whole}"`);
  const start = checkPort(from, whole, true);
  const end = to === undefined ? start : checkPort(to, whole, true);
  if (end < start) throw new PortSyntaxError(`invalid port range "${text}"`);
  return Array.from({ length: end - start + 1 }, (_, i) => start + i);
}

function checkPort(text: string, whole: Tree | undefined, allowZero: boolean): number {
  const port = /^\d+$/.test(text.trim()) ? Number(text) : NaN;
  if (!(port >= (allowZero ? 0 : 1) && port <= 65535)) throw new PortSyntaxError(`invalid port ${JSON.stringify(String(whole))}`);
  return port;
}
