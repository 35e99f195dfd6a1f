// `flotilla network create|ls|inspect|rm|prune|connect|disconnect`, with
// docker's flags, table and JSON.
import { Engine } from '../../engine/engine.js';
import { FlotillaError, UsageError } from '../../errors.js';
import { inspectNetwork, networkViews, DEFAULT_NETWORK, type NetworkView } from '../../networking/index.js';
import { renderInspect, renderList } from '../render/formats.js';
import { keyValues } from './container-options.js';
import { forEachName } from './each-name.js';

export interface NetworkCreateOptions {
  driver: string;
  subnet?: string;
  gateway?: string;
  ipRange?: string;
  internal?: boolean;
  attachable?: boolean;
  label?: string[];
  opt?: string[];
}

export async function runNetworkCreate(name: string, options: NetworkCreateOptions): Promise<void> {
  if (options.gateway !== undefined && options.subnet === undefined) throw new UsageError('--gateway needs --subnet');
  if (options.ipRange !== undefined && options.subnet === undefined) throw new UsageError('--ip-range needs --subnet');
  const network = await new Engine().createNetwork(name, {
    driver: options.driver,
    ...(options.subnet !== undefined && { subnet: options.subnet }),
    ...(options.gateway !== undefined && { gateway: options.gateway }),
    ...(options.ipRange !== undefined && { ipRange: options.ipRange }),
    internal: options.internal === true,
    attachable: options.attachable === true,
    labels: keyValues(options.label ?? [], '--label'),
    options: keyValues(options.opt ?? [], '--opt'),
  });
  process.stdout.write(`${network.id}\n`);
}

type Filter = { key: string; value: string };

function parseFilter(text: string): Filter {
  const eq = text.indexOf('=');
  const key = eq < 0 ? text : text.slice(0, eq);
  if (!['name', 'id', 'driver', 'label', 'type', 'scope'].includes(key)) throw new UsageError(`invalid filter "${key}": use name, id, driver, label, type or scope`);
  return { key, value: eq < 0 ? '' : text.slice(eq + 1) };
}

function matches(network: NetworkView, filters: readonly Filter[]): boolean {
  // docker: values of one key are alternatives; different keys must all match.
  const keys = [...new Set(filters.map((f) => f.key))];
  return keys.every((key) =>
    filters
      .filter((f) => f.key === key)
      .some(({ value }) => {
        switch (key) {
          case 'name': return network.name.includes(value);
          case 'id': return network.id.startsWith(value);
          case 'driver': return network.driver === value;
          case 'scope': return value === 'local';
          case 'type': return value === 'builtin' ? network.name === DEFAULT_NETWORK : value === 'custom' ? network.name !== DEFAULT_NETWORK : false;
          default:
            return hasLabel(network.labels, value);
        }
      }),
  );
}

/** label=KEY or label=KEY=VALUE. */
function hasLabel(labels: Readonly<Record<string, string>>, value: string): boolean {
  const eq = value.indexOf('=');
  return eq < 0 ? value in labels : labels[value.slice(0, eq)] === value.slice(eq + 1);
}

export function runNetworkList(options: { quiet?: boolean; format?: string; trunc?: boolean; filter?: string[] }): void {
  const filters = (options.filter ?? []).map(parseFilter);
  const shown = networkViews(new Engine().root).filter((n) => matches(n, filters));
  const id = (n: NetworkView) => (options.trunc === false ? n.id : n.id.slice(0, 12));
  if (options.quiet) return void process.stdout.write(shown.map((n) => `${id(n)}\n`).join(''));
  const rows = shown.map((n) => ({
    CreatedAt: n.created, Driver: n.driver, ID: id(n), IPv6: 'false', Internal: String(n.internal),
    Labels: Object.entries(n.labels).map(([k, v]) => `${k}=${v}`).join(','), Name: n.name, Scope: 'local',
  }));
  process.stdout.write(
    renderList(rows, options.format, {
      header: ['NETWORK ID', 'NAME', 'DRIVER', 'SCOPE'],
      cells: (r) => [r.ID, r.Name, r.Driver, r.Scope],
      fieldHeaders: { ID: 'NETWORK ID', CreatedAt: 'CREATED AT' },
    }),
  );
}

export function runNetworkInspect(names: string[], options: { format?: string } = {}): void {
  const { root } = new Engine();
  const views = names.map((name) => inspectView(inspectNetwork(root, name)));
  process.stdout.write(renderInspect(views, options.format));
}

/** docker's inspect document. */
function inspectView(n: NetworkView): Record<string, unknown> {
  return {
    Name: n.name,
    Id: n.id,
    Created: n.created,
    Scope: 'local',
    Driver: n.driver,
    EnableIPv4: true,
    EnableIPv6: false,
    IPAM: { Driver: 'default', Options: {}, Config: [{ Subnet: n.subnet, Gateway: n.gateway, ...(n.ipRange && { IPRange: n.ipRange }) }] },
    Internal: n.internal,
    Attachable: n.attachable,
    Ingress: false,
    ConfigFrom: { Network: '' },
    ConfigOnly: false,
    Containers: Object.fromEntries(
      Object.entries(n.containers).map(([id, c]) => [id, { Name: c.name, MacAddress: c.macAddress, IPv4Address: c.ipv4Address, IPv6Address: '' }]),
    ),
    Options: { 'com.docker.network.bridge.name': n.bridge, ...n.options },
    Labels: n.labels,
  };
}

export async function runNetworkRemove(names: string[], options: { force?: boolean }): Promise<void> {
  const engine = new Engine();
  const missing = (err: unknown) => options.force === true && err instanceof FlotillaError && err.code === 'FLOTILLA_ENGINE_NOT_FOUND';
  await forEachName(names, (name) => engine.removeNetwork(name), missing);
}

export async function runNetworkPrune(options: { filter?: string[] }): Promise<void> {
  const filters = (options.filter ?? []).map(parseFilter);
  if (filters.some((f) => f.key !== 'label')) throw new UsageError('network prune filters by label only');
  const removed = await new Engine().pruneNetworks((n) => filters.every((f) => hasLabel(n.labels, f.value)));
  if (removed.length > 0) process.stdout.write(`Deleted Networks:\n${removed.map((n) => `${n}\n`).join('')}`);
}

export async function runNetworkConnect(network: string, container: string, options: { alias?: string[]; ip?: string }): Promise<void> {
  await new Engine().connect(network, container, { ...(options.alias && { aliases: options.alias }), ...(options.ip !== undefined && { ipv4Address: options.ip }) });
}

export async function runNetworkDisconnect(network: string, container: string, options: { force?: boolean }): Promise<void> {
  await new Engine().disconnect(network, container, { force: options.force === true });
}
