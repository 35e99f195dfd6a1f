// The model as `flotilla config` prints it (YAML or JSON): the spec's long
// form with keys sorted, durations written as Go writes them, file modes in
// octal, and empty fields left out the way `docker compose config` leaves
// them out, while the nulls and empty values it does print stay.
import type { Project, Service } from './model.js';
import type { Tree, TreeMap } from './tree.js';
import { formatDuration } from './units.js';

/** Paths (`*` any key, `[]` any item) of durations, printed as `1m30s`. */
const DURATIONS = new Set(
  [
    'stop_grace_period',
    'healthcheck.interval',
    'healthcheck.timeout',
    'healthcheck.start_period',
    'healthcheck.start_interval',
    'deploy.restart_policy.delay',
    'deploy.restart_policy.window',
    'deploy.update_config.delay',
    'deploy.update_config.monitor',
    'deploy.rollback_config.delay',
    'deploy.rollback_config.monitor',
  ].map((p) => `services.*.${p}`),
);

/** File modes, printed in octal as compose does (`"0440"`). */
const FILE_MODES = new Set(['secrets[].mode', 'configs[].mode', 'build.secrets[].mode'].map((p) => `services.*.${p}`));

/** Mappings whose keys are the user's: their values print even when null, "" or false. */
const USER_MAPS = new Set([
  'networks',
  'volumes',
  'secrets',
  'configs',
  'models',
  ...['annotations', 'environment', 'labels', 'sysctls', 'storage_opt', 'depends_on', 'ulimits', 'models', 'networks']
    .concat(['networks.*.driver_opts', 'logging.options', 'deploy.labels', 'provider.options', 'volumes[].volume.labels'])
    .concat(['build.args', 'build.labels', 'build.additional_contexts', 'build.ssh', 'build.ulimits'])
    .concat(['post_start[].environment', 'pre_start[].environment', 'pre_stop[].environment', 'develop.watch[].exec.environment'])
    .concat(['gpus[].options', 'deploy.resources.reservations.devices[].options'])
    .map((p) => `services.*.${p}`),
  ...['networks.*', 'volumes.*', 'secrets.*', 'configs.*'].flatMap((p) => [`${p}.labels`, `${p}.driver_opts`]),
  'networks.*.ipam.options',
  'networks.*.ipam.config[].aux_addresses',
]);

/** Fields compose prints even when false (pointers or always-printed in Go). */
const KEEP_FALSE = new Set([
  ...['init', 'attach', 'depends_on.*.required', 'volumes[].bind.create_host_path'].map((p) => `services.*.${p}`),
  'networks.*.enable_ipv4',
  'networks.*.enable_ipv6',
]);

/** Fields compose prints even when empty: `volume: {}` of the short volume syntax, `command: []` that clears the image's. */
const KEEP_EMPTY = new Set(['volumes[].volume', 'command', 'entrypoint'].map((p) => `services.*.${p}`));

/** The project's printable tree: name, services, networks, volumes, secrets, configs, models, then `x-*`. */
export function projectToSpec(project: Project): TreeMap {
  const out: TreeMap = { name: project.name };
  out['services'] = Object.fromEntries(Object.keys(project.services).sort().map((name) => [name, serviceToSpec(project.services[name]!)]));
  const sections = {
    networks: project.networks,
    volumes: project.volumes,
    // A secret's content never appears in the output; a config's only when it is not read from the environment.
    secrets: mapValues(project.secrets, ({ content: _content, ...secret }) => secret),
    configs: mapValues(project.configs, (config) => (config.environment === undefined ? config : { ...config, content: undefined })),
    models: project.models ?? {},
  };
  for (const [section, entries] of Object.entries(sections)) {
    const printed = convert(entries, section, false);
    if (printed !== undefined) out[section] = printed;
  }
  for (const key of Object.keys(project).sort()) if (key.startsWith('x-')) out[key] = plain(project[key as `x-${string}`]);
  return out;
}

/** One service's printable tree (also what the config hash is computed over). */
export function serviceToSpec(service: Service): TreeMap {
  return (convert(service, 'services.*', false) ?? {}) as TreeMap;
}

// `keep`: the value sits in a user's mapping or a list, where compose prints
// null, "" and false as they are. Undefined means "leave the key out".
function convert(value: unknown, path: string, keep: boolean): Tree | undefined {
  if (value === undefined) return undefined;
  if (value === null) return keep ? null : undefined;
  if (typeof value === 'number') {
    if (DURATIONS.has(path)) return formatDuration(value);
    return FILE_MODES.has(path) ? `0${value.toString(8)}` : value;
  }
  if (value === '') return keep ? value : undefined;
  if (value === false) return keep || KEEP_FALSE.has(path) ? value : undefined;
  if (typeof value !== 'object') return value as Tree;
  if (Array.isArray(value)) {
    const items = value.map((item) => convert(item, `${path}[]`, true) ?? null);
    return items.length > 0 || KEEP_EMPTY.has(path) ? items : undefined;
  }
  return convertMap(value as Record<string, unknown>, path);
}

function convertMap(value: Record<string, unknown>, path: string): TreeMap | undefined {
  const userMap = USER_MAPS.has(path);
  const out: TreeMap = {};
  for (const key of Object.keys(value).sort()) {
    const child = value[key];
    let printed = key.startsWith('x-') && !userMap ? plain(child) : convert(child, userMap ? `${path}.*` : `${path}.${key}`, userMap);
    // A user's entry with nothing set (`networks: {front: {}}`) still prints.
    if (printed === undefined && userMap && typeof child === 'object' && child !== null) printed = Array.isArray(child) ? [] : {};
    if (printed !== undefined) out[key] = printed;
  }
  return Object.keys(out).length > 0 || KEEP_EMPTY.has(path) ? out : undefined;
}

/** An extension's value as written, keys sorted. */
function plain(value: unknown): Tree {
  if (Array.isArray(value)) return value.map(plain);
  if (value === null || typeof value !== 'object') return (value ?? null) as Tree;
  const entries = Object.keys(value).sort().map((key) => [key, plain((value as Record<string, unknown>)[key])]);
  return Object.fromEntries(entries) as TreeMap;
}

function mapValues<T, U>(map: Readonly<Record<string, T>>, fn: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(map).map(([key, value]) => [key, fn(value)]));
}
