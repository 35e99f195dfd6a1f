// Port specs in every compose form → the long form, one entry per container
// port, read as docker compose reads them (docker's nat.ParsePortSpec).
import { isIP } from 'node:net';
import type { ServicePort } from './model.js';
import { quoted, scalarText, type At } from './normalize-context.js';
import { cut } from './normalize-values.js';
import { isMap, type Tree, type TreeMap } from './tree.js';

const PROTOCOLS = new Set(['tcp', 'udp', 'sctp']);

export function normalizePorts(value: Tree, at: At): ServicePort[] {
  return (value as Tree[]).flatMap((item, i) => (isMap(item) ? [longPort(item, at.child(i))] : shortPort(scalarText(item), at.child(i))));
}

/**
 * `[host_ip:][published:]target[/protocol]`, each port part possibly a range.
 * Equal ranges pair up one by one; a host range with a single target stays a
 * range to pick from. Entries come sorted as compose sorts them: by the text
 * of `target/protocol`, so `8-10` gives 10, 8, 9.
 */
export function shortPort(text: string, at: At): ServicePort[] {
  const [rawIp, hostPort, containerPart] = splitParts(text);
  const [containerPort, rawProtocol] = cut(containerPart, '/');
  if (containerPort === '') at.fail(`invalid port ${quoted(text)}: no container port`);
  const protocol = (rawProtocol || 'tcp').toLowerCase();
  if (!PROTOCOLS.has(protocol)) at.fail(`invalid port ${quoted(text)}: unknown protocol ${quoted(protocol)}`);
  const hostIp = rawIp.startsWith('[') && rawIp.endsWith(']') ? rawIp.slice(1, -1) : rawIp;
  if (hostIp !== '' && isIP(hostIp) === 0) at.fail(`invalid port ${quoted(text)}: bad IP address ${quoted(rawIp)}`);
  const [start, end] = portRange(containerPort) ?? at.fail(`invalid port ${quoted(text)}`);
  const [hostStart, hostEnd] = hostPort === '' ? [0, 0] : (portRange(hostPort) ?? at.fail(`invalid port ${quoted(text)}`));
  if (hostPort !== '' && end - start !== hostEnd - hostStart && end !== start) {
    at.fail(`invalid port ${quoted(text)}: the host range ${hostPort} and the container range ${containerPort} differ in size`);
  }
  const ports: ServicePort[] = [];
  for (let i = 0; i <= end - start; i++) {
    let published = hostPort === '' ? '' : String(hostStart + i);
    if (start === end && hostStart !== hostEnd) published += `-${hostEnd}`;
    ports.push({ mode: 'ingress', ...(hostIp !== '' && { host_ip: hostIp }), target: start + i, ...(published !== '' && { published }), protocol });
  }
  const key = (p: ServicePort) => `${p.target}/${p.protocol}`;
  return ports.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

// ip:host:container, or more colons when the ip is an IPv6 address.
function splitParts(text: string): [string, string, string] {
  const parts = text.split(':');
  const n = parts.length;
  if (n === 1) return ['', '', parts[0]!];
  if (n === 2) return ['', parts[0]!, parts[1]!];
  return [parts.slice(0, n - 2).join(':'), parts[n - 2]!, parts[n - 1]!];
}

/** `80` or `8000-8010` → [start, end]; undefined unless 0-65535 and ordered. */
export function portRange(text: string): [number, number] | undefined {
  const [from = '', to] = text.split('-');
  const start = portNumber(from);
  const end = to === undefined ? start : portNumber(to);
  if (start === undefined || end === undefined || end < start) return undefined;
  return [start, end];
}

function portNumber(text: string): number | undefined {
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  return n <= 65535 ? n : undefined;
}

// The long form: mode and protocol defaulted, published written as text.
function longPort(spec: TreeMap, at: At): ServicePort {
  const target = spec['target'];
  const targetNumber = typeof target === 'number' ? target : portNumber(scalarText(target ?? ''));
  if (targetNumber === undefined || !Number.isInteger(targetNumber) || targetNumber < 0 || targetNumber > 65535) {
    at.child('target').fail(`invalid port ${quoted(target ?? '')}`);
  }
  const published = spec['published'] === undefined || spec['published'] === null ? '' : scalarText(spec['published']);
  if (published !== '' && !portRange(published)) at.child('published').fail(`invalid port ${quoted(published)}`);
  const rest = { ...spec };
  delete rest['target'];
  delete rest['published'];
  return {
    ...(rest as object),
    mode: scalarText(spec['mode'] ?? 'ingress'),
    target: targetNumber,
    ...(published !== '' && { published }),
    protocol: scalarText(spec['protocol'] ?? 'tcp'),
  } as ServicePort;
}
