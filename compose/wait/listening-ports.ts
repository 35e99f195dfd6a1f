// Ready once every port the container exposes is listening: inside its
// network namespace (read from the host, so no shell is needed in the image)
// and, for a published tcp port, reachable from the host through its binding.
import { connect } from 'node:net';
import type { PublishedPortInfo } from '../../engine/engine.js';
import { findPublished, hostAddressOf } from '../published-address.js';
import { listeningPorts, type PortProtocol } from './proc-net.js';
import { retryUntilReady, type WaitStrategy, type WaitTarget } from './strategy.js';

interface ExposedPort {
  readonly port: number;
  readonly protocol: PortProtocol;
}

// A refused or dropped connection answers at once; this only bounds a lost SYN.
const CONNECT_TIMEOUT_MS = 1000;

export class ListeningPortsWait implements WaitStrategy {
  readonly description = 'its exposed ports are listening';

  async waitUntilReady(target: WaitTarget): Promise<void> {
    const exposed = exposedPortsOf(target);
    if (exposed.length === 0) return;
    await retryUntilReady(target, async () => {
      const pid = target.engine.find(target.id)?.state.pid ?? 0;
      if (pid === 0) return 'the container is not running';
      const published = await target.engine.publishedPorts(target.id);
      const closed: string[] = [];
      for (const port of exposed) {
        const why = await notListening(pid, port, published);
        if (why) closed.push(why);
      }
      return closed.length > 0 ? closed.join(', ') : undefined;
    });
  }
}

/** The record's exposed ports (`80/tcp`: the image's, `expose:` and the published ones). */
function exposedPortsOf(target: WaitTarget): ExposedPort[] {
  const keys = target.engine.find(target.id)?.record.exposedPorts ?? [];
  return keys.flatMap((key) => {
    const match = /^(\d+)\/(tcp|udp)$/.exec(key);
    return match ? [{ port: Number(match[1]), protocol: match[2] as PortProtocol }] : [];
  });
}

/** Why the port is not ready yet, or undefined when it is. */
async function notListening(pid: number, port: ExposedPort, published: readonly PublishedPortInfo[]): Promise<string | undefined> {
  const name = `${port.port}/${port.protocol}`;
  if (!listeningPorts(pid, port.protocol).has(port.port)) return `nothing listens on ${name} in the container`;
  const binding = port.protocol === 'tcp' ? findPublished(published, port.port) : undefined;
  if (!binding) return undefined;
  const address = `${hostAddressOf(binding)}:${binding.hostPort}`;
  return (await connects(hostAddressOf(binding), binding.hostPort)) ? undefined : `${name} is not reachable from the host on ${address}`;
}

function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: CONNECT_TIMEOUT_MS });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}
