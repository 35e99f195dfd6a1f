// Networks as the engine API shows them: plain data, whatever networking
// keeps inside.
import type { NetworkOptions } from '../networking/index.js';

/** What a network is made with: networking's own options, one definition for both. */
export type NetworkSpec = NetworkOptions;

/** A network as the engine API shows it. */
export interface NetworkInfo {
  readonly id: string;
  readonly name: string;
  readonly internal: boolean;
  readonly subnet: string;
  readonly gateway: string;
  readonly ipRange?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly options: Readonly<Record<string, string>>;
  /** Ids of the containers attached now. */
  readonly containers: readonly string[];
}

export interface PublishedPortInfo {
  readonly protocol: 'tcp' | 'udp';
  readonly hostIp: string;
  readonly hostPort: number;
  readonly containerPort: number;
}

export interface NetworkAddress {
  /** The network's name in the engine (a compose network's is `<project>_<key>`, or its `name:`). */
  readonly network: string;
  readonly ip: string;
  readonly prefix: number;
}

/** The engine API's view of a network record and its attachments. */
export function networkInfo(view: { id: string; name: string; internal: boolean; subnet: string; gateway: string; ipRange?: string; labels: Readonly<Record<string, string>>; options: Readonly<Record<string, string>>; containers: Readonly<Record<string, unknown>> }): NetworkInfo {
  return {
    id: view.id, name: view.name, internal: view.internal, subnet: view.subnet, gateway: view.gateway,
    ...(view.ipRange && { ipRange: view.ipRange }), labels: view.labels, options: view.options, containers: Object.keys(view.containers),
  };
}
