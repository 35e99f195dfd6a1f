// Makes the relative paths of one file absolute against its base directory
// (the project directory for the main files, the file's own folder for a file
// pulled in by `extends`, the included project's directory for `include`).
// Runs per file, before merging, so every path keeps the base it was written for.
import { isAbsolute, resolve } from 'node:path';
import { isMap, type Lookup, type Tree, type TreeMap } from './tree.js';

export interface PathContext {
  readonly baseDir: string;
  /** For `~` expansion. */
  readonly lookup: Lookup;
}

/** Returns a new tree with every local path of every service and top-level entry made absolute. */
export function resolveRelativePaths(tree: TreeMap, ctx: PathContext): TreeMap {
  const out: TreeMap = { ...tree };
  if (isMap(tree['services'])) out['services'] = mapValues(tree['services'], (svc) => (isMap(svc) ? resolveService(svc, ctx) : svc));
  for (const section of ['secrets', 'configs'] as const) {
    const defs = tree[section];
    if (isMap(defs)) out[section] = mapValues(defs, (def) => (isMap(def) ? withPath(def, 'file', ctx) : def));
  }
  return out;
}

function resolveService(svc: TreeMap, ctx: PathContext): TreeMap {
  const out: TreeMap = { ...svc };
  if (typeof svc['build'] === 'string') out['build'] = resolveContext(svc['build'], ctx);
  else if (isMap(svc['build'])) out['build'] = resolveBuild(svc['build'], ctx);
  for (const key of ['env_file', 'label_file'] as const) {
    if (svc[key] !== undefined) out[key] = resolveFileList(svc[key]!, ctx);
  }
  if (Array.isArray(svc['volumes'])) out['volumes'] = svc['volumes'].map((v) => resolveVolume(v, ctx));
  if (isMap(svc['extends'])) out['extends'] = withPath(svc['extends'], 'file', ctx);
  if (isMap(svc['develop']) && Array.isArray(svc['develop']['watch'])) {
    const watch = svc['develop']['watch'].map((w) => (isMap(w) ? withPath(w, 'path', ctx) : w));
    out['develop'] = { ...svc['develop'], watch };
  }
  return out;
}

function resolveBuild(build: TreeMap, ctx: PathContext): TreeMap {
  const out: TreeMap = { ...build };
  if (typeof build['context'] === 'string') out['context'] = resolveContext(build['context'], ctx);
  const extra = build['additional_contexts'];
  if (isMap(extra)) out['additional_contexts'] = mapValues(extra, (v) => (typeof v === 'string' ? resolveContext(v, ctx) : v));
  return out;
}

// Remote contexts (git URLs, docker-image://, another service) are not paths.
function resolveContext(context: string, ctx: PathContext): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(context) || /^(git@|github\.com\/)/.test(context) || context.startsWith('service:')) {
    return context;
  }
  return resolvePath(context, ctx);
}

function resolveFileList(value: Tree, ctx: PathContext): Tree {
  if (typeof value === 'string') return resolvePath(value, ctx);
  if (!Array.isArray(value)) return value;
  return value.map((entry) => {
    if (typeof entry === 'string') return resolvePath(entry, ctx);
    return isMap(entry) ? withPath(entry, 'path', ctx) : entry;
  });
}

function resolveVolume(volume: Tree, ctx: PathContext): Tree {
  if (typeof volume === 'string') return resolveShortVolume(volume, ctx);
  if (!isMap(volume) || typeof volume['source'] !== 'string') return volume;
  const type = volume['type'] ?? 'volume';
  if (type !== 'bind' && !isLocalPath(volume['source'])) return volume;
  return { ...volume, source: resolvePath(volume['source'], ctx) };
}

// `./data:/data:ro`: only a source that looks like a path is one; a bare
// name is a named volume.
function resolveShortVolume(spec: string, ctx: PathContext): string {
  const colon = spec.indexOf(':');
  if (colon <= 0) return spec;
  const source = spec.slice(0, colon);
  if (!isLocalPath(source) || isAbsolute(source)) return spec;
  return resolvePath(source, ctx) + spec.slice(colon);
}

/** In the short volume syntax, a source that looks like a path is a bind mount; a bare name is a named volume. */
export function isLocalPath(source: string): boolean {
  return source.startsWith('.') || source.startsWith('/') || source.startsWith('~');
}

/** Resolves one path: `~` and `~/x` against HOME, relative ones against the base. */
export function resolvePath(path: string, ctx: PathContext): string {
  if (path === '~' || path.startsWith('~/')) {
    const home = ctx.lookup('HOME');
    if (home) return resolve(home, path.slice(2));
  }
  return isAbsolute(path) ? path : resolve(ctx.baseDir, path);
}

function withPath(entry: TreeMap, key: string, ctx: PathContext): TreeMap {
  const value = entry[key];
  return typeof value === 'string' ? { ...entry, [key]: resolvePath(value, ctx) } : entry;
}

function mapValues(map: TreeMap, fn: (value: Tree) => Tree): TreeMap {
  const out: TreeMap = {};
  for (const [key, value] of Object.entries(map)) out[key] = fn(value);
  return out;
}
