// What makes two sequence items "the same entry" when compose files merge:
// ports by address, volumes by container path, secrets by target, and so on.
import { isMap, type Tree } from './tree.js';

export type ItemKey = (item: Tree) => string;

const asIs: ItemKey = (item) => JSON.stringify(item);

/** `[ip:][published:]target[/protocol]` or the long form, as one comparable key. */
export const portKey: ItemKey = (item) => {
  if (isMap(item)) {
    const { host_ip = '', published = '', target = '', protocol = 'tcp' } = item;
    return `${String(host_ip)}|${String(published)}|${String(target)}|${String(protocol)}`;
  }
  const text = String(item);
  const slash = text.lastIndexOf('/');
  const protocol = slash >= 0 ? text.slice(slash + 1) : 'tcp';
  const parts = (slash >= 0 ? text.slice(0, slash) : text).split(':');
  const target = parts.pop() ?? '';
  const published = parts.pop() ?? '';
  return `${parts.join(':').replace(/^\[|\]$/g, '')}|${published}|${target}|${protocol}`;
};

/** A mount is identified by where it lands in the container. */
export const volumeKey: ItemKey = (item) => {
  if (isMap(item)) return String(item['target'] ?? '');
  const parts = String(item).split(':');
  return parts.length === 1 ? parts[0]! : parts[1]!;
};

/** Secrets and configs land at `target`, which defaults to the source name. */
export const secretKey: ItemKey = (item) => (isMap(item) ? String(item['target'] ?? item['source'] ?? '') : String(item));

export const envFileKey: ItemKey = (item) => (isMap(item) ? String(item['path'] ?? '') : String(item));

export const deviceKey: ItemKey = (item) => {
  if (isMap(item)) return String(item['target'] ?? item['source'] ?? '');
  const parts = String(item).split(':');
  return parts[1] ?? parts[0]!;
};

/** Per service key: how to tell entries of a merged sequence apart. */
export const SEQUENCE_KEYS: Record<string, ItemKey> = {
  ports: portKey,
  volumes: volumeKey,
  secrets: secretKey,
  configs: secretKey,
  env_file: envFileKey,
  label_file: asIs,
  devices: deviceKey,
  expose: (item) => String(item),
  cap_add: asIs,
  cap_drop: asIs,
  device_cgroup_rules: asIs,
  dns: asIs,
  dns_opt: asIs,
  dns_search: asIs,
  external_links: asIs,
  group_add: (item) => String(item),
  links: asIs,
  profiles: asIs,
  security_opt: asIs,
  tmpfs: asIs,
  volumes_from: asIs,
  depends_on: asIs,
  networks: asIs,
  extra_hosts: asIs,
  'build.tags': asIs,
  'build.cache_from': asIs,
  'build.cache_to': asIs,
  'build.platforms': asIs,
  'build.secrets': secretKey,
  'build.entitlements': asIs,
};

/** Service keys whose value is replaced, never merged, by a later file. */
export const REPLACED = new Set(['command', 'entrypoint', 'healthcheck.test', 'ulimits.*']);

/** Service keys that are written either as a mapping or as a `KEY=VALUE` list. */
export const MAPPING_OR_LIST = new Set([
  'environment',
  'labels',
  'annotations',
  'sysctls',
  'extra_hosts',
  'depends_on',
  'networks',
  'build.args',
  'build.labels',
  'build.additional_contexts',
  'build.extra_hosts',
  'deploy.labels',
]);

/** Service keys written as one string or a list of them. */
export const STRING_OR_LIST = new Set(['dns', 'dns_search', 'tmpfs', 'env_file', 'label_file']);
