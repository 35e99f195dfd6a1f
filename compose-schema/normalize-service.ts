// One service's tree → its normalized model: short syntaxes expanded, units
// parsed, env_file contents merged, implicit dependencies added.
import { ComposeError, ComposeErrorCode } from '../errors.js';
import type { Service } from './model.js';
import { toMapping } from './merge.js';
import { normalizePort, PortSyntaxError } from './normalize-ports.js';
import { normalizeVolume, VolumeSyntaxError } from './normalize-volumes.js';
import { dependenciesOf } from './profiles.js';
import { formatPath, isMap, type Locator, type Lookup, type Tree, type TreeMap, type TreePath } from './tree.js';
import { parseByteSize, parseDuration, splitShellWords } from './units.js';

export interface ServiceContext {
  readonly name: string;
  readonly lookup: Lookup;
  readonly readEnvFile: (absolutePath: string) => string | undefined;
  readonly parseEnvFile: (text: string, file: string, lookup: Lookup) => Map<string, string>;
  readonly locate: Locator;
}

const BYTE_FIELDS = ['mem_limit', 'mem_reservation', 'memswap_limit', 'shm_size'];
const STRING_LISTS = ['dns', 'dns_search', 'tmpfs'];
const STRING_MAPS = ['labels', 'annotations', 'sysctls'];

export function normalizeService(svc: TreeMap, ctx: ServiceContext): Service {
  const path: TreePath = ['services', ctx.name];
  const out: Record<string, unknown> = { ...svc };
  const fail = (sub: TreePath, message: string) => invalid(ctx, [...path, ...sub], message);
  if (svc['build'] !== undefined) out['build'] = normalizeBuild(svc['build'], fail);
  for (const key of ['command', 'entrypoint'] as const) {
    if (typeof svc[key] === 'string') out[key] = splitShellWords(svc[key]) ?? fail([key], `unbalanced quotes in ${JSON.stringify(svc[key])}`);
  }
  out['environment'] = normalizeEnvironment(svc, ctx);
  delete out['env_file'];
  if (Object.keys(out['environment'] as object).length === 0) delete out['environment'];
  for (const key of STRING_MAPS) if (svc[key] !== undefined) out[key] = stringMap(toMapping(svc[key]!, key));
  for (const key of STRING_LISTS) if (typeof svc[key] === 'string') out[key] = [svc[key]];
  if (svc['ports'] !== undefined) out['ports'] = mapItems(svc['ports'], 'ports', (p) => normalizePort(p), fail);
  if (svc['expose'] !== undefined) out['expose'] = (svc['expose'] as Tree[]).map(String);
  if (svc['volumes'] !== undefined) out['volumes'] = mapItems(svc['volumes'], 'volumes', (v) => [normalizeVolume(v)], fail);
  out['depends_on'] = normalizeDependsOn(svc);
  if (Object.keys(out['depends_on'] as object).length === 0) delete out['depends_on'];
  if (svc['network_mode'] === undefined) out['networks'] = normalizeNetworks(svc['networks']);
  if (svc['healthcheck'] !== undefined) out['healthcheck'] = normalizeHealthcheck(svc['healthcheck'] as TreeMap, fail);
  for (const key of BYTE_FIELDS) if (svc[key] !== undefined) out[key] = byteSize(svc[key]!, [key], fail);
  if (svc['stop_grace_period'] !== undefined) out['stop_grace_period'] = duration(svc['stop_grace_period'], ['stop_grace_period'], fail);
  if (svc['ulimits'] !== undefined) out['ulimits'] = normalizeUlimits(svc['ulimits'] as TreeMap);
  if (svc['extra_hosts'] !== undefined) out['extra_hosts'] = normalizeExtraHosts(svc['extra_hosts']);
  if (svc['deploy'] !== undefined && svc['deploy'] !== null) out['deploy'] = normalizeDeploy(svc['deploy'] as TreeMap, fail);
  if (svc['devices'] !== undefined) out['devices'] = (svc['devices'] as Tree[]).map(normalizeDevice);
  for (const key of ['secrets', 'configs'] as const) {
    if (svc[key] !== undefined) out[key] = (svc[key] as Tree[]).map((s) => (typeof s === 'string' ? { source: s } : s));
  }
  if (typeof svc['cpus'] === 'string') out['cpus'] = Number(svc['cpus']);
  return out as Service;
}

function normalizeBuild(build: Tree, fail: (p: TreePath, m: string) => never): Tree {
  const spec: TreeMap = typeof build === 'string' ? { context: build } : { ...(build as TreeMap) };
  if (spec['context'] === undefined) spec['context'] = '.';
  if (spec['dockerfile'] === undefined && spec['dockerfile_inline'] === undefined) spec['dockerfile'] = 'Dockerfile';
  if (spec['args'] !== undefined) spec['args'] = toMapping(spec['args'], 'build.args');
  if (spec['labels'] !== undefined) spec['labels'] = stringMap(toMapping(spec['labels'], 'build.labels')) as TreeMap;
  if (spec['shm_size'] !== undefined) spec['shm_size'] = byteSize(spec['shm_size'], ['build', 'shm_size'], fail);
  return spec;
}

// env_file values first, `environment` on top; a key with no value takes
// the project environment's value, or stays null when that is unset too.
function normalizeEnvironment(svc: TreeMap, ctx: ServiceContext): Record<string, string | null> {
  const env: Record<string, string | null> = {};
  for (const [file, required] of envFiles(svc['env_file'])) {
    const text = ctx.readEnvFile(file);
    if (text === undefined) {
      if (!required) continue;
      invalid(ctx, ['services', ctx.name, 'env_file'], `env file ${file} not found`, ComposeErrorCode.FileNotFound);
    }
    for (const [key, value] of ctx.parseEnvFile(text, file, ctx.lookup)) env[key] = value;
  }
  const own = toMapping(svc['environment'] ?? {}, 'environment') as TreeMap;
  for (const [key, value] of Object.entries(own)) env[key] = value === null ? (ctx.lookup(key) ?? null) : String(value);
  return env;
}

function envFiles(value: Tree | undefined): [string, boolean][] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((entry) => (isMap(entry) ? [String(entry['path']), entry['required'] !== false] : [String(entry), true]));
}

function normalizeDependsOn(svc: TreeMap): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const declared = svc['depends_on'];
  if (isMap(declared)) {
    for (const [name, spec] of Object.entries(declared)) {
      const entry = isMap(spec) ? spec : {};
      out[name] = { ...entry, condition: entry['condition'] ?? 'service_started', required: entry['required'] !== false };
    }
  }
  // Listed names, links, volumes_from and network_mode service: all mean "start after".
  for (const dep of dependenciesOf(svc)) {
    if (out[dep.service] === undefined) out[dep.service] = { condition: 'service_started', required: true };
  }
  return out;
}

function normalizeNetworks(networks: Tree | undefined): Record<string, Tree> {
  if (networks === undefined || networks === null) return { default: null };
  const map = toMapping(networks, 'networks') as TreeMap;
  return Object.keys(map).length === 0 ? { default: null } : map;
}

function normalizeHealthcheck(hc: TreeMap, fail: (p: TreePath, m: string) => never): Tree {
  const out: TreeMap = { ...hc };
  if (typeof hc['test'] === 'string') out['test'] = ['CMD-SHELL', hc['test']];
  for (const key of ['interval', 'timeout', 'start_period', 'start_interval']) {
    if (hc[key] !== undefined) out[key] = duration(hc[key]!, ['healthcheck', key], fail);
  }
  return out;
}

function normalizeDeploy(deploy: TreeMap, fail: (p: TreePath, m: string) => never): Tree {
  const out: TreeMap = { ...deploy };
  const resources = deploy['resources'];
  if (isMap(resources)) {
    const res: TreeMap = { ...resources };
    for (const kind of ['limits', 'reservations']) {
      const r = resources[kind];
      if (!isMap(r)) continue;
      res[kind] = {
        ...r,
        ...(r['memory'] !== undefined && { memory: byteSize(r['memory'], ['deploy', 'resources', kind, 'memory'], fail) }),
        ...(typeof r['cpus'] === 'string' && { cpus: Number(r['cpus']) }),
      };
    }
    out['resources'] = res;
  }
  const policy = deploy['restart_policy'];
  if (isMap(policy)) {
    const p: TreeMap = { ...policy };
    for (const key of ['delay', 'window']) if (policy[key] !== undefined) p[key] = duration(policy[key]!, ['deploy', 'restart_policy', key], fail);
    out['restart_policy'] = p;
  }
  return out;
}

function normalizeUlimits(ulimits: TreeMap): Tree {
  const out: TreeMap = {};
  for (const [name, value] of Object.entries(ulimits)) out[name] = isMap(value) ? value : { soft: value, hard: value };
  return out;
}

function normalizeExtraHosts(hosts: Tree): string[] {
  if (Array.isArray(hosts)) {
    return hosts.map((h) => {
      const text = String(h);
      if (text.includes('=')) return text;
      const colon = text.indexOf(':');
      return colon < 0 ? text : `${text.slice(0, colon)}=${text.slice(colon + 1)}`;
    });
  }
  return Object.entries(hosts as TreeMap).flatMap(([host, ip]) => [ip].flat().map((address) => `${host}=${String(address)}`));
}

function normalizeDevice(device: Tree): Tree {
  if (isMap(device)) return { target: device['source'] ?? '', ...device };
  const [source = '', target, permissions] = String(device).split(':');
  return { source, target: target ?? source, ...(permissions !== undefined && { permissions }) };
}

function mapItems<T>(items: Tree, key: string, fn: (item: Tree) => T[], fail: (p: TreePath, m: string) => never): T[] {
  return (items as Tree[]).flatMap((item, i) => {
    try {
      return fn(item);
    } catch (err) {
      if (err instanceof PortSyntaxError || err instanceof VolumeSyntaxError) fail([key, i], err.message);
      throw err;
    }
  });
}

function stringMap(map: Tree): Record<string, string> {
  return Object.fromEntries(Object.entries(map as TreeMap).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

function byteSize(value: Tree, sub: TreePath, fail: (p: TreePath, m: string) => never): number {
  const bytes = typeof value === 'string' || typeof value === 'number' ? parseByteSize(value) : undefined;
  return bytes ?? fail(sub, `invalid size ${JSON.stringify(value)}: use a number of bytes or a unit like "512m" or "1g"`);
}

function duration(value: Tree, sub: TreePath, fail: (p: TreePath, m: string) => never): number {
  const ns = typeof value === 'string' ? parseDuration(value) : undefined;
  return ns ?? fail(sub, `invalid duration ${JSON.stringify(value)}: use a duration like "30s" or "1m30s"`);
}

function invalid(ctx: ServiceContext, path: TreePath, message: string, code: ComposeErrorCode = ComposeErrorCode.InvalidValue): never {
  const pos = ctx.locate(path);
  throw new ComposeError(code, `${formatPath(path)}: ${message}`, pos ? { pos } : {});
}
