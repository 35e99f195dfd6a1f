// The compose-spec merge rules, in one table keyed by path pattern: which
// values are replaced, which sequences keep one entry per key (and what the
// key is), which fields may be written as a mapping or as a list.
import { posix } from 'node:path';
import { isMap, type Tree, type TreeMap, type TreePath } from './tree.js';

/** What makes two items of a merged sequence "the same entry". */
export type ItemKey = (item: Tree) => string;

export type MergeRule =
  /** The later value replaces the earlier one (command, entrypoint...). */
  | { readonly kind: 'replace' }
  /** Append; an item with the key of an earlier one replaces it in place. A lone string counts as a one-item list. */
  | { readonly kind: 'sequence'; readonly key: ItemKey }
  /** A mapping or a `KEY=VALUE` list (environment, labels...); merged by key. */
  | { readonly kind: 'keyValue' }
  /** A mapping of names or a list of names (depends_on, networks); a listed name gets `fill`. */
  | { readonly kind: 'named'; readonly fill: Tree }
  | { readonly kind: 'extraHosts' }
  | { readonly kind: 'logging' }
  | { readonly kind: 'build' }
  | { readonly kind: 'ipamConfig' };

const scalarText = (item: Tree): string => (isMap(item) || Array.isArray(item) ? JSON.stringify(item) : String(item));

/** The text before the first `=`: the key of a `KEY=VALUE` entry. */
export const keyValueKey: ItemKey = (item) => scalarText(item).split('=', 1)[0]!;

/** `[host_ip:][published:]target[/protocol]` or the long form, as one comparable key. */
export const portKey: ItemKey = (item) => {
  if (isMap(item)) {
    const { host_ip: ip = '', published = '', target = '', protocol = 'tcp' } = item;
    return portIdentity(String(ip), String(published), String(target), String(protocol));
  }
  const text = String(item);
  const slash = text.lastIndexOf('/');
  const protocol = slash >= 0 ? text.slice(slash + 1) : 'tcp';
  const address = slash >= 0 ? text.slice(0, slash) : text;
  const close = address.startsWith('[') ? address.indexOf(']') : -1;
  const ip = close > 0 ? address.slice(1, close) : '';
  const parts = (close > 0 ? address.slice(close + 2) : address).split(':');
  const target = parts.pop() ?? '';
  const published = parts.pop() ?? '';
  return portIdentity(close > 0 ? ip : parts.join(':'), published, target, protocol);
};

function portIdentity(ip: string, published: string, target: string, protocol: string): string {
  return `${ip === '' ? '0.0.0.0' : ip}|${published}|${target}|${protocol.toLowerCase()}`;
}

/** A container path, so that `/data` and `/data/` are one mount point. */
function cleanTarget(target: string): string {
  if (target === '') return target;
  const clean = posix.normalize(target);
  return clean.length > 1 && clean.endsWith('/') ? clean.slice(0, -1) : clean;
}

/** A mount is identified by where it lands in the container: `[source:]target[:mode]`. */
export const volumeKey: ItemKey = (item) => {
  if (isMap(item)) return cleanTarget(String(item['target'] ?? ''));
  const parts = String(item).split(':');
  return cleanTarget(parts.length === 1 ? parts[0]! : parts[1]!);
};

// Secrets land in /run/secrets/<target or source>, configs in /<target or source>:
// the short form `s` and `{source: s}` and `{target: /run/secrets/s}` are one mount.
export function mountKey(defaultDir: string): ItemKey {
  return (item) => {
    const target = isMap(item) ? String(item['target'] ?? item['source'] ?? '') : String(item);
    return target.startsWith('/') ? cleanTarget(target) : `${defaultDir}/${target}`;
  };
}

export const deviceKey: ItemKey = (item) => {
  if (isMap(item)) return String(item['target'] ?? item['source'] ?? '');
  const parts = String(item).split(':');
  return parts[1] ?? parts[0]!;
};

const envFileKey: ItemKey = (item) => (isMap(item) ? String(item['path'] ?? '') : String(item));
/** `/run:size=1m` mounts at `/run`. */
const tmpfsKey: ItemKey = (item) => String(item).split(':', 1)[0]!;

const sequence = (key: ItemKey): MergeRule => ({ kind: 'sequence', key });
const replace: MergeRule = { kind: 'replace' };
const keyValue: MergeRule = { kind: 'keyValue' };

const SERVICE_RULES: Record<string, MergeRule> = {
  command: replace,
  entrypoint: replace,
  'healthcheck.test': replace,
  'ulimits.*': replace,
  build: { kind: 'build' },
  logging: { kind: 'logging' },
  depends_on: { kind: 'named', fill: { condition: 'service_started' } },
  networks: { kind: 'named', fill: null },
  models: { kind: 'named', fill: null },
  extra_hosts: { kind: 'extraHosts' },
  'build.extra_hosts': { kind: 'extraHosts' },
  ports: sequence(portKey),
  expose: sequence(scalarText),
  volumes: sequence(volumeKey),
  secrets: sequence(mountKey('/run/secrets')),
  configs: sequence(mountKey('')),
  devices: sequence(deviceKey),
  env_file: sequence(envFileKey),
  tmpfs: sequence(tmpfsKey),
  'build.secrets': sequence(mountKey('/run/secrets')),
  'networks.*.aliases': sequence(scalarText),
  'networks.*.link_local_ips': sequence(scalarText),
};

const KEY_VALUE = ['environment', 'labels', 'annotations', 'sysctls', 'deploy.labels'];
const BUILD_KEY_VALUE = ['args', 'labels', 'additional_contexts', 'ssh'];
const EXACT = ['label_file', 'cap_add', 'cap_drop', 'security_opt', 'external_links', 'links', 'volumes_from', 'group_add', 'profiles', 'device_cgroup_rules'];
const BUILD_EXACT = ['tags', 'cache_from', 'cache_to', 'platforms', 'entitlements'];
const BY_KEY = ['dns', 'dns_opt', 'dns_search'];

for (const field of KEY_VALUE) SERVICE_RULES[field] = keyValue;
for (const field of BUILD_KEY_VALUE) SERVICE_RULES[`build.${field}`] = keyValue;
for (const field of EXACT) SERVICE_RULES[field] = sequence(scalarText);
for (const field of BUILD_EXACT) SERVICE_RULES[`build.${field}`] = sequence(scalarText);
for (const field of BY_KEY) SERVICE_RULES[field] = sequence(keyValueKey);

const RULES: ReadonlyArray<readonly [string, MergeRule]> = [
  ...Object.entries(SERVICE_RULES).map(([rel, rule]) => [`services.*.${rel}`, rule] as const),
  ...['networks', 'volumes', 'secrets', 'configs'].map((section) => [`${section}.*.labels`, keyValue] as const),
  ['networks.*.ipam.config', { kind: 'ipamConfig' }],
];

// Patterns indexed by their last segment, so a lookup only tries a few.
const BY_LAST = new Map<string, Array<{ readonly pattern: readonly string[]; readonly rule: MergeRule }>>();
for (const [pattern, rule] of RULES) {
  const segments = pattern.split('.');
  const last = segments[segments.length - 1]!;
  BY_LAST.set(last, [...(BY_LAST.get(last) ?? []), { pattern: segments, rule }]);
}

/** The rule for a node of a compose file, by its path (`services.web.ports`), if it has one. */
export function ruleFor(path: TreePath): MergeRule | undefined {
  const last = path[path.length - 1];
  if (typeof last !== 'string') return undefined;
  const candidates = [...(BY_LAST.get(last) ?? []), ...(BY_LAST.get('*') ?? [])];
  return candidates.find(({ pattern }) => matches(pattern, path))?.rule;
}

function matches(pattern: readonly string[], path: TreePath): boolean {
  return pattern.length === path.length && pattern.every((segment, i) => segment === '*' || segment === path[i]);
}

/**
 * A `KEY=VALUE` (or name-only) list as the equivalent mapping; `rule` names the
 * field: `depends_on` entries get the default condition, `networks` a null.
 */
export function toMapping(value: Tree, rule: string): Tree {
  if (!Array.isArray(value)) return value;
  const out: TreeMap = {};
  for (const item of value) {
    const text = String(item);
    if (rule === 'depends_on') out[text] = { condition: 'service_started' };
    else if (rule === 'networks' || rule === 'models') out[text] = null;
    else {
      const sep = rule === 'extra_hosts' && !text.includes('=') ? text.indexOf(':') : text.indexOf('=');
      if (sep < 0) out[text] = null;
      else out[text.slice(0, sep)] = text.slice(sep + 1);
    }
  }
  return out;
}

/** Extra hosts as a list; the mapping form gives one `host=address` entry per address, sorted. */
export function hostEntries(value: Tree): Tree[] {
  if (Array.isArray(value)) return [...value];
  if (!isMap(value)) return [value];
  const entries = Object.entries(value).flatMap(([host, ip]) => [ip].flat().map((address) => `${host}=${String(address)}`));
  return entries.sort();
}

/** The (host, address) pair of a `host=address` or `host:address` entry. */
export function hostPair(entry: Tree): string {
  const text = String(entry);
  const sep = text.includes('=') ? text.indexOf('=') : text.indexOf(':');
  return sep < 0 ? text : `${text.slice(0, sep)}\u0000${text.slice(sep + 1)}`;
}
