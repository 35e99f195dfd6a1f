// docker's -p/--publish syntax, pure: [IP:][HOST:]CONTAINER[/PROTO], where
// HOST and CONTAINER may be ranges, and IP may be an IPv6 address in brackets.
import { UsageError } from '../../errors.js';
import type { PortBindingConfig as PortRequest } from '../../engine/container/index.js';

const PROTOCOLS = new Set(['tcp', 'udp']);

export function parsePublish(spec: string): PortRequest[] {
  const fail = (why: string): never => {
    throw new UsageError(`invalid published port "${spec}": ${why}`);
  };
  let rest = spec;
  let protocol: 'tcp' | 'udp' = 'tcp';
  const slash = rest.lastIndexOf('/');
  if (slash >= 0) {
    const proto = rest.slice(slash + 1).toLowerCase();
    if (!PROTOCOLS.has(proto)) fail(proto === 'sctp' ? 'sctp is not supported' : `unknown protocol "${proto}"`);
    protocol = proto as 'tcp' | 'udp';
    rest = rest.slice(0, slash);
  }
  let hostIp = '';
  const bracket = /^\[([^\]]+)\]:(.*)$/.exec(rest);
  if (bracket) {
    hostIp = bracket[1]!;
    rest = bracket[2]!;
  }
  const parts = rest.split(':');
  if (parts.length > 3) fail('too many colons (an IPv6 host address goes in brackets)');
  if (parts.length === 3) {
    if (hostIp) fail('two host addresses');
    hostIp = parts.shift()!;
  }
  const containerText = parts.pop()!;
  const hostText = parts.pop() ?? '';
  if (hostIp && !/^[\d.]+$/.test(hostIp)) fail(`"${hostIp}" is not an IPv4 address${hostIp.includes(':') ? ' (IPv6 publishing is not supported yet)' : ''}`);
  const container = range(containerText, 'container port', fail);
  if (!container) return fail('no container port');
  const host = range(hostText, 'host port', fail);
  const ip = hostIp === '0.0.0.0' ? '' : hostIp;
  const request = (containerPort: number, hostPort?: number, hostPortEnd?: number): PortRequest => ({
    containerPort,
    protocol,
    ...(ip && { hostIp: ip }),
    ...(hostPort !== undefined && { hostPort }),
    ...(hostPortEnd !== undefined && { hostPortEnd }),
  });
  const count = container[1] - container[0] + 1;
  if (!host) return Array.from({ length: count }, (_, i) => request(container[0] + i));
  const hostCount = host[1] - host[0] + 1;
  // One container port and a host range: any free port of the range (docker's rule).
  if (count === 1 && hostCount > 1) return [request(container[0], host[0], host[1])];
  if (hostCount !== count) fail(`the host range has ${hostCount} ports and the container range ${count}`);
  return Array.from({ length: count }, (_, i) => request(container[0] + i, host[0] + i));
}

function range(text: string, what: string, fail: (why: string) => never): [number, number] | undefined {
  if (text === '') return undefined;
  const match = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!match) return fail(`${what} "${text}" is not a number or range`);
  const start = Number(match[1]);
  const end = match[2] === undefined ? start : Number(match[2]);
  for (const port of [start, end]) if (port < 1 || port > 65535) fail(`${what} ${port} is out of range 1-65535`);
  if (end < start) fail(`${what} range ${text} ends before it starts`);
  return [start, end];
}
