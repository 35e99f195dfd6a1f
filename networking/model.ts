// What networking stores: networks, and per container the endpoints it has on
// them and the ports it publishes. Plain JSON-able data.

export interface NetworkRecord {
  /** 64 hex digits, as docker's network ids. */
  readonly id: string;
  readonly name: string;
  readonly driver: 'bridge';
  readonly created: string;
  readonly internal: boolean;
  readonly attachable: boolean;
  readonly labels: Readonly<Record<string, string>>;
  /** Driver options (`com.docker.network.driver.mtu` …). */
  readonly options: Readonly<Record<string, string>>;
  readonly subnet: string;
  readonly gateway: string;
  /** Dynamic addresses come from here only (static ones from the whole subnet). */
  readonly ipRange?: string;
  /** The Linux bridge on the host. */
  readonly bridge: string;
  readonly mtu?: number;
}

/** How a container asks to join one network (engine config, CLI flags, compose). */
export interface NetworkRequest {
  /** Network name or id (prefix). */
  readonly network: string;
  readonly aliases?: readonly string[];
  readonly ipv4Address?: string;
  readonly macAddress?: string;
}

/** A published port, one host port to one container port (ranges are expanded). */
export interface PortRequest {
  readonly containerPort: number;
  readonly protocol: 'tcp' | 'udp';
  /** Empty or absent: every address of the host. */
  readonly hostIp?: string;
  /** Absent or 0: an ephemeral port, chosen at start. */
  readonly hostPort?: number;
  /** With hostPort: any free port from hostPort to this one (docker's `8000-8010:80`). */
  readonly hostPortEnd?: number;
}

export interface Endpoint {
  readonly networkId: string;
  readonly networkName: string;
  /** The container's interface name inside its namespace (eth0, eth1, … in request order). */
  readonly interface: string;
  readonly veth: string;
  readonly ip: string;
  readonly prefix: number;
  readonly gateway: string;
  readonly mac: string;
  /** Names other containers on this network resolve to `ip`. */
  readonly dnsNames: readonly string[];
  readonly aliases: readonly string[];
  /** Asked for explicitly (kept across restarts); dynamic addresses are released at stop. */
  readonly staticIp: boolean;
}

export interface PublishedPort {
  readonly protocol: 'tcp' | 'udp';
  readonly hostIp: string;
  readonly hostPort: number;
  readonly containerPort: number;
  /** The container address traffic is forwarded to (its first network's). */
  readonly containerIp: string;
  readonly networkId: string;
}

/** One container's live attachments: what stop and rm take down. */
export interface Attachment {
  readonly containerId: string;
  readonly containerName: string;
  /** The named network namespace the container joins. */
  readonly netns: string;
  readonly endpoints: readonly Endpoint[];
  readonly ports: readonly PublishedPort[];
  /** `links` of the container: alias → target name, resolved in its own scope. */
  readonly links: readonly { readonly alias: string; readonly target: string }[];
  /** The container's own DNS servers (docker's --dns): other names it asks for are forwarded there. */
  readonly dns?: readonly string[];
}
