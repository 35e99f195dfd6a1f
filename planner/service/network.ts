// How a service's container is reached: its network mode, the project
// networks it joins (in docker compose's order), published and exposed
// ports, links, DNS and extra hosts.
import type { Project, Service, ServiceNetwork, ServicePort } from '../../compose-schema/model.js';
import { portRange } from '../../compose-schema/normalize-ports.js';
import type { ContainerConfig, NetworkAttachmentConfig, NetworkMode, PortBindingConfig } from '../../engine/container/config.js';
import type { PeerContainer } from './namespaces.js';
import { invalidValue, unsupported } from './problems.js';

type NetworkFields = 'networkMode' | 'networks' | 'ports' | 'expose' | 'links' | 'dns' | 'dnsSearch' | 'dnsOptions' | 'extraHosts';

export function networkFields(project: Project, name: string, peer: PeerContainer): Pick<ContainerConfig, NetworkFields> {
  const service = project.services[name]!;
  const mode = networkMode(name, service, peer);
  const ports = (service.ports ?? []).map((port, i) => portBinding(name, port, i));
  const expose = (service.expose ?? []).flatMap((spec) => exposedPorts(name, spec));
  const resolver = {
    ...(service.dns !== undefined && { dns: [...service.dns] }),
    ...(service.dns_search !== undefined && { dnsSearch: [...service.dns_search] }),
    ...(service.dns_opt !== undefined && { dnsOptions: [...service.dns_opt] }),
    ...(service.extra_hosts !== undefined && { extraHosts: service.extra_hosts.map(extraHost) }),
  };
  const common = { networkMode: mode, ...(expose.length > 0 && { expose }), ...(mode === 'host' ? {} : resolver) };
  if (mode !== 'bridge') {
    if (ports.length > 0) throw invalidValue(name, `ports cannot be published with network_mode "${service.network_mode}"`);
    if ((service.links ?? []).length > 0) throw invalidValue(name, `links need a network, not network_mode "${service.network_mode}"`);
    if (service.mac_address !== undefined) throw invalidValue(name, `mac_address needs a network, not network_mode "${service.network_mode}"`);
    return common;
  }
  const links = [...(service.links ?? []).map((link) => serviceLink(link, peer)), ...(service.external_links ?? []).map(externalLink)];
  return { ...common, networks: attachments(project, name), ...(ports.length > 0 && { ports }), ...(links.length > 0 && { links }) };
}

/** Absent: the service's own networks. `bridge` is docker's default network, outside the project. */
function networkMode(name: string, service: Service, peer: PeerContainer): NetworkMode {
  const mode = service.network_mode;
  if (mode === undefined || mode === 'bridge' || mode === 'host' || mode === 'none') return mode ?? 'bridge';
  const target = /^(container|service):(.+)$/.exec(mode);
  if (!target) throw unsupported(name, `network_mode "${mode}"`, 'host, none, bridge, service:NAME and container:NAME are');
  return `container:${target[1] === 'service' ? peer(target[2]!) : target[2]!}`;
}

// Per-network settings the engine has no place for.
const UNSUPPORTED_ATTACHMENT = ['ipv6_address', 'link_local_ips', 'interface_name', 'driver_opts', 'gw_priority'] as const;

/**
 * By priority (highest first), then by key, as docker compose orders them:
 * the first is eth0 and carries the default route. The service-level
 * mac_address belongs to that first one.
 */
function attachments(project: Project, name: string): NetworkAttachmentConfig[] {
  const service = project.services[name]!;
  if (service.network_mode === 'bridge') return [{ network: 'bridge' }];
  const entries = Object.entries(service.networks ?? { default: null });
  const priority = (spec: ServiceNetwork | null) => spec?.priority ?? 0;
  entries.sort(([a, x], [b, y]) => priority(y) - priority(x) || (a < b ? -1 : a > b ? 1 : 0));
  return entries.map(([key, spec], i) => {
    for (const field of UNSUPPORTED_ATTACHMENT) {
      if (spec?.[field] !== undefined) throw unsupported(name, `networks.${key}.${field}`);
    }
    const network = project.networks[key];
    if (network === undefined) throw invalidValue(name, `network "${key}" is not defined`);
    const macAddress = spec?.mac_address ?? (i === 0 ? service.mac_address : undefined);
    return {
      network: network.name,
      aliases: [...new Set([name, ...(spec?.aliases ?? [])])],
      ...(spec?.ipv4_address !== undefined && { ipv4Address: spec.ipv4_address }),
      ...(macAddress !== undefined && { macAddress: macAddress.toLowerCase() }),
    };
  });
}

/** `published` is a port, a range to pick one from, or absent for an ephemeral port; mode host and ingress both mean a host port here. */
function portBinding(name: string, port: ServicePort, index: number): PortBindingConfig {
  const protocol = transport(name, port.protocol, `ports[${index}]`);
  const range = port.published === undefined ? undefined : portRange(port.published);
  if (port.published !== undefined && range === undefined) throw invalidValue(name, `ports[${index}].published "${port.published}" is not a port or a range`);
  return {
    containerPort: port.target,
    protocol,
    ...(port.host_ip !== undefined && { hostIp: port.host_ip }),
    ...(range !== undefined && { hostPort: range[0] }),
    ...(range !== undefined && range[1] !== range[0] && { hostPortEnd: range[1] }),
  };
}

/** `80`, `53/udp`, `8000-8010/tcp`: one entry per port. */
function exposedPorts(name: string, spec: string): { containerPort: number; protocol: 'tcp' | 'udp' }[] {
  const [ports = '', protocolText = 'tcp'] = spec.split('/');
  const range = portRange(ports);
  if (range === undefined) throw invalidValue(name, `expose "${spec}" is not a port or a range`);
  const protocol = transport(name, protocolText, `expose "${spec}"`);
  return Array.from({ length: range[1] - range[0] + 1 }, (_, i) => ({ containerPort: range[0] + i, protocol }));
}

function transport(name: string, protocol: string, field: string): 'tcp' | 'udp' {
  if (protocol === 'tcp' || protocol === 'udp') return protocol;
  throw unsupported(name, `${field} protocol "${protocol}"`, 'tcp and udp are');
}

/** `db` or `db:database`: the alias resolves to the db service's container. */
function serviceLink(link: string, peer: PeerContainer): { alias: string; target: string } {
  const [service = link, alias] = link.split(':');
  return { alias: alias || service, target: peer(service) };
}

function externalLink(link: string): { alias: string; target: string } {
  const [container = link, alias] = link.split(':');
  return { alias: alias || container, target: container };
}

/** The model's `host=address` (already split one address per entry). */
function extraHost(entry: string): { host: string; ip: string } {
  const eq = entry.indexOf('=');
  return { host: entry.slice(0, eq), ip: entry.slice(eq + 1) };
}
