// Where this machine reaches a container's published port: the host address
// it is bound to, or loopback for a port bound on every address.
import type { PublishedPortInfo } from '../engine/engine.js';

const WILDCARDS = new Set(['', '0.0.0.0', '::']);

/** The address to connect to for a published port, from the host. */
export function hostAddressOf(port: Pick<PublishedPortInfo, 'hostIp'>): string {
  // 127.0.0.1, not `localhost`: Node may resolve that to ::1, where nothing is published.
  return WILDCARDS.has(port.hostIp) ? '127.0.0.1' : port.hostIp;
}

/** The published binding of a container port, if it has one. */
export function findPublished(ports: readonly PublishedPortInfo[], containerPort: number, protocol: 'tcp' | 'udp' = 'tcp'): PublishedPortInfo | undefined {
  return ports.find((p) => p.containerPort === containerPort && p.protocol === protocol);
}
