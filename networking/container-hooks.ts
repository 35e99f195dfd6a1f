// The bridge between the container engine and networking, without either
// importing the other: the engine calls hooks around a container's start,
// stop and removal; these read what they need from the engine's view of the
// container (matched structurally) and attach or release it.
import type { NetworkRequest, PortRequest } from './model.js';
import { attachContainer, releaseContainer, renameAttachment, type AttachResult, type ContainerNetworkSpec } from './attach.js';

/** The part of the engine's container view networking reads. */
export interface AttachableContainer {
  readonly record: {
    readonly id: string;
    readonly name: string;
    readonly hostname: string;
    readonly config: {
      readonly networkMode?: string;
      readonly domainname?: string;
      readonly networks?: readonly NetworkRequest[];
      readonly ports?: readonly PortRequest[];
      readonly links?: readonly { readonly alias: string; readonly target: string }[];
      readonly dns?: readonly string[];
      readonly dnsSearch?: readonly string[];
      readonly dnsOptions?: readonly string[];
      readonly extraHosts?: readonly { readonly host: string; readonly ip: string }[];
    };
  };
  readonly paths: { readonly hosts: string; readonly resolvConf: string };
}

export interface NetworkHooks {
  /** Attaches a container in bridge mode; others need nothing from networking. */
  readonly beforeStart: (view: AttachableContainer) => Promise<AttachResult | undefined>;
  /** Takes the container off its networks (stop, rm, a failed start). */
  readonly release: (id: string) => Promise<void>;
  /** docker rename: the container's names on its networks follow. */
  readonly renamed: (id: string, newName: string) => Promise<void>;
}

/** Networking's view of an engine container. */
export function networkSpec(view: AttachableContainer): ContainerNetworkSpec {
  const { record, paths } = view;
  const config = record.config;
  return {
    id: record.id,
    name: record.name,
    hostname: record.hostname,
    ...(config.domainname && { domainname: config.domainname }),
    networks: config.networks ?? [],
    ports: config.ports ?? [],
    links: config.links ?? [],
    extraHosts: config.extraHosts ?? [],
    ...(config.dns && { dns: config.dns }),
    ...(config.dnsSearch && { dnsSearch: config.dnsSearch }),
    ...(config.dnsOptions && { dnsOptions: config.dnsOptions }),
    hostsFile: paths.hosts,
    resolvConfFile: paths.resolvConf,
  };
}

export function networkHooks(root: string, env: Readonly<Record<string, string | undefined>> = process.env): NetworkHooks {
  return {
    beforeStart: async (view): Promise<AttachResult | undefined> => {
      if (view.record.config.networkMode !== 'bridge') return undefined;
      // The container's supervisor makes the links (setupCommands) before the container joins them.
      return attachContainer(root, networkSpec(view), env, { deferLinks: true });
    },
    release: (id) => releaseContainer(root, id, env),
    renamed: (id, newName) => renameAttachment(root, id, newName, env),
  };
}
