// Published ports at start: each request becomes one host port, checked
// against the ports other containers of this root publish and against every
// socket bound on the host, so a clash fails before anything changes and
// names who holds the port.
import { EngineError, EngineErrorCode } from '../errors.js';
import { boundSockets, ephemeralRange, localPortsInUse, socketHolder, socketOwner, addressesClash } from './host-ports.js';
import type { Attachment, Endpoint, PortRequest, PublishedPort } from './model.js';

export function resolvePorts(containerName: string, requests: readonly PortRequest[], attachments: readonly Attachment[], target: Endpoint): PublishedPort[] {
  if (requests.length === 0) return [];
  const sockets = { tcp: boundSockets('tcp'), udp: boundSockets('udp') };
  const inUse: { tcp?: Set<number>; udp?: Set<number> } = {};
  const chosen: PublishedPort[] = [];
  const ours = attachments.flatMap((a) => a.ports.map((p) => ({ ...p, owner: a.containerName })));
  const clash = (protocol: 'tcp' | 'udp', hostIp: string, port: number): string | undefined => {
    const published = [...ours, ...chosen.map((p) => ({ ...p, owner: containerName }))].find((p) => p.protocol === protocol && p.hostPort === port && addressesClash(p.hostIp || '0.0.0.0', hostIp || '0.0.0.0'));
    if (published) return `container ${published.owner}`;
    const socket = socketHolder(protocol, hostIp || '0.0.0.0', port, sockets[protocol]);
    if (socket) return socketOwner(socket.inode) ?? 'another process';
    return undefined;
  };
  for (const request of requests) {
    const hostIp = request.hostIp ?? '';
    let hostPort: number;
    if (request.hostPort && !request.hostPortEnd) {
      const holder = clash(request.protocol, hostIp, request.hostPort);
      if (holder) throw portInUse(containerName, request.protocol, hostIp, request.hostPort, holder);
      hostPort = request.hostPort;
    } else {
      const [low, high] = request.hostPort && request.hostPortEnd ? [request.hostPort, request.hostPortEnd] : ephemeralRange();
      const ephemeral = request.hostPort === undefined || request.hostPort === 0;
      // A port some connection uses now passes the clash check yet fails the bind: an ephemeral pick skips those too.
      const used = ephemeral ? (inUse[request.protocol] ??= localPortsInUse(request.protocol)) : undefined;
      const free = firstFree(low, high, (port) => !used?.has(port) && clash(request.protocol, hostIp, port) === undefined, ephemeral);
      if (free === undefined) throw new EngineError(EngineErrorCode.PortInUse, `cannot publish port ${request.containerPort}/${request.protocol} of container ${containerName}: no free host port in ${low}-${high}`);
      hostPort = free;
    }
    chosen.push({ protocol: request.protocol, hostIp, hostPort, containerPort: request.containerPort, containerIp: target.ip, networkId: target.networkId });
  }
  return chosen;
}

function portInUse(container: string, protocol: string, hostIp: string, port: number, holder: string): EngineError {
  return new EngineError(EngineErrorCode.PortInUse, `cannot publish ${hostIp || '0.0.0.0'}:${port}/${protocol} for container ${container}: the port is already in use by ${holder}`);
}

// An ephemeral port starts from a random point, which spreads concurrent
// choosers apart; a range the user gave is taken from its low end, as docker does.
function firstFree(low: number, high: number, isFree: (port: number) => boolean, random: boolean): number | undefined {
  const span = high - low + 1;
  const start = random ? Math.floor(Math.random() * span) : 0;
  for (let i = 0; i < span; i++) {
    const port = low + ((start + i) % span);
    if (isFree(port)) return port;
  }
  return undefined;
}
