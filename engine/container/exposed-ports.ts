// docker's EXPOSE bookkeeping: the ports a container exposes (its image's,
// --expose, and those it publishes), and for -P (publish all) an ephemeral
// host port for each exposed port that is not published already.
import type { ContainerConfig, PortBindingConfig } from './config.js';

export interface ExposedPort {
  readonly containerPort: number;
  readonly protocol: 'tcp' | 'udp';
}

/** docker's key for a port: `80/tcp`. */
export function portKey(port: ExposedPort): string {
  return `${port.containerPort}/${port.protocol}`;
}

/**
 * Every port the container exposes, in port order: the image's ExposedPorts
 * (`80/tcp`, `53/udp`, `8080` meaning tcp; sctp is left out), `--expose`,
 * and the container ports it publishes.
 */
export function exposedPorts(image: Readonly<Record<string, unknown>> | null | undefined, config: Pick<ContainerConfig, 'expose' | 'ports'>): ExposedPort[] {
  const all = new Map<string, ExposedPort>();
  const add = (port: ExposedPort) => all.set(portKey(port), port);
  for (const key of Object.keys(image ?? {})) {
    const match = /^(\d{1,5})(?:\/(tcp|udp))?$/i.exec(key);
    if (match && Number(match[1]) <= 65535) add({ containerPort: Number(match[1]), protocol: (match[2]?.toLowerCase() ?? 'tcp') as 'tcp' | 'udp' });
  }
  for (const port of config.expose ?? []) add(port);
  for (const port of config.ports ?? []) add({ containerPort: port.containerPort, protocol: port.protocol });
  return [...all.values()].sort((a, b) => a.containerPort - b.containerPort || a.protocol.localeCompare(b.protocol));
}

/** -P: the bindings given, then an ephemeral host port for every exposed port without one. */
export function publishAll(ports: readonly PortBindingConfig[], exposed: readonly ExposedPort[]): PortBindingConfig[] {
  const bound = new Set(ports.map(portKey));
  return [...ports, ...exposed.filter((port) => !bound.has(portKey(port))).map((port) => ({ containerPort: port.containerPort, protocol: port.protocol }))];
}
