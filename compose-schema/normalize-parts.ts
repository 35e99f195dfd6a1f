// The nested service keys that have short forms or units inside them:
// build, deploy, healthcheck, hooks, gpus, networks and a few more.
import type { Build, ServiceNetwork } from './model.js';
import { quoted, scalarText, type At, type NormalizeContext } from './normalize-context.js';
import { byteSize, cut, duration, extraHosts, fileReference, integer, shellCommand, toEnvMap, toList, toStringMap, ulimits } from './normalize-values.js';
import { isMap, type Tree, type TreeMap } from './tree.js';

type Out = Record<string, unknown>;

/** Applies `rules` to the keys of `spec` that are present and not null. */
function withRules(spec: TreeMap, at: At, rules: Readonly<Record<string, (value: Tree, at: At) => unknown>>): Out {
  const out: Out = { ...spec };
  for (const [key, rule] of Object.entries(rules)) {
    const value = spec[key];
    if (value === null) delete out[key];
    else if (value !== undefined) out[key] = rule(value, at.child(key));
  }
  return out;
}

/** `build: ./dir` or the long form; context defaults to the project directory, dockerfile to `Dockerfile`. */
export function build(value: Tree, at: At, ctx: NormalizeContext): Build {
  const spec: TreeMap = isMap(value) ? value : { context: scalarText(value) };
  const out = withRules(spec, at, {
    additional_contexts: toStringMap,
    args: (args, here) => buildArgs(args, here, ctx),
    cache_from: toList,
    cache_to: toList,
    entitlements: toList,
    extra_hosts: extraHosts,
    labels: toStringMap,
    no_cache_filter: toList,
    platforms: toList,
    provenance: scalarText,
    sbom: scalarText,
    secrets: (secrets, here) => (secrets as Tree[]).map((item, i) => fileReference(item, here.child(i))),
    shm_size: byteSize,
    ssh,
    tags: toList,
    ulimits,
  });
  if (out['context'] === undefined) out['context'] = ctx.projectDirectory;
  if (out['dockerfile'] === undefined && out['dockerfile_inline'] === undefined) out['dockerfile'] = 'Dockerfile';
  return out as unknown as Build;
}

// An arg without a value takes the project environment's, or is left out.
function buildArgs(value: Tree, at: At, ctx: NormalizeContext): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, arg] of Object.entries(toEnvMap(value, at))) {
    const resolved = arg ?? ctx.lookup(key);
    if (resolved !== undefined) out[key] = resolved;
  }
  return out;
}

// `default` or `id=path` items, or id → path.
function ssh(value: Tree, at: At): Record<string, string | null> {
  if (isMap(value)) return Object.fromEntries(Object.entries(value).map(([id, path]) => [id, path === null ? null : scalarText(path)]));
  const out: Record<string, string | null> = {};
  toList(value).forEach((entry, i) => {
    const [id, path] = cut(entry, '=');
    if (path === undefined && id !== 'default') at.child(i).fail(`invalid ssh key ${quoted(entry)}: use "default" or "id=path"`);
    out[id] = path ?? null;
  });
  return out;
}

export function cpus(value: Tree, at: At): number {
  const n = typeof value === 'number' ? value : Number(scalarText(value));
  return Number.isFinite(n) && scalarText(value).trim() !== '' ? n : at.fail(`invalid number of CPUs ${quoted(value)}`);
}

export function deploy(value: Tree, at: At): Out {
  return withRules(value as TreeMap, at, {
    labels: toStringMap,
    resources: (resources, here) =>
      withRules(resources as TreeMap, here, { limits: resource, reservations: resource }),
    restart_policy: (policy, here) => withRules(policy as TreeMap, here, { delay: duration, window: duration }),
    update_config: updateConfig,
    rollback_config: updateConfig,
  });
}

function resource(value: Tree, at: At): Out {
  return withRules(value as TreeMap, at, { cpus, memory: byteSize, pids: integer, devices: deviceRequests });
}

function updateConfig(value: Tree, at: At): Out {
  return withRules(value as TreeMap, at, { delay: duration, monitor: duration });
}

// A device request asks for every device unless it gives a count or ids.
function deviceRequests(value: Tree, at: At): Out[] {
  return (value as Tree[]).map((item, i) => {
    const out = withRules(item as TreeMap, at.child(i), { options: toStringMap });
    if (out['count'] === undefined && out['device_ids'] === undefined) out['count'] = 'all';
    else if (typeof out['count'] === 'string' && out['count'] !== 'all') out['count'] = integer(out['count'], at.child(i, 'count'));
    return out;
  });
}

/** `gpus: all` is one request for every GPU. */
export function gpus(value: Tree, at: At): Out[] {
  return Array.isArray(value) ? deviceRequests(value, at) : [{ count: 'all' }];
}

export function develop(value: Tree, at: At): Out {
  return withRules(value as TreeMap, at, {
    watch: (watch, here) =>
      (watch as Tree[]).map((rule, i) => withRules(rule as TreeMap, here.child(i), { ignore: toList, include: toList, exec: hook })),
  });
}

export function healthcheck(value: Tree, at: At): Out {
  return withRules(value as TreeMap, at, {
    test: (test) => (Array.isArray(test) ? test.map(scalarText) : ['CMD-SHELL', scalarText(test)]),
    interval: duration,
    timeout: duration,
    start_period: duration,
    start_interval: duration,
  });
}

export function hook(value: Tree, at: At): Out {
  return withRules(value as TreeMap, at, { command: shellCommand, environment: toEnvMap });
}

export function logging(value: Tree, at: At): Out {
  return withRules(value as TreeMap, at, { options: toStringMap });
}

export function blkioConfig(value: Tree, at: At): Out {
  const rates = (rate: (v: Tree, at: At) => number) => (devices: Tree, here: At) =>
    (devices as Tree[]).map((d, i) => withRules(d as TreeMap, here.child(i), { rate }));
  return withRules(value as TreeMap, at, {
    device_read_bps: rates(byteSize),
    device_write_bps: rates(byteSize),
    device_read_iops: rates(integer),
    device_write_iops: rates(integer),
  });
}

/** provider options: every value a list of strings. */
export function provider(value: Tree, at: At): Out {
  return withRules(value as TreeMap, at, {
    options: (options) => Object.fromEntries(Object.entries(options as TreeMap).map(([key, v]) => [key, [v].flat().map(scalarText)])),
  });
}

/** A list of names → name → null (`networks: [front]`, `models: [llm]`). */
export function nullMap(value: Tree): Record<string, Tree> {
  return Array.isArray(value) ? Object.fromEntries(value.map((name) => [scalarText(name), null])) : { ...(value as TreeMap) };
}

/**
 * A service without networks (and without network_mode or a provider) is on
 * `default`, a plain attachment printed as null, as compose does.
 */
export function serviceNetworks(svc: TreeMap, at: At): Record<string, ServiceNetwork | null> | undefined {
  const given = svc['networks'] === undefined || svc['networks'] === null ? {} : nullMap(svc['networks']);
  const out: Record<string, ServiceNetwork | null> = {};
  for (const [name, spec] of Object.entries(given)) {
    out[name] = isMap(spec) ? (withRules(spec, at.child(name), { aliases: toList, driver_opts: toStringMap, link_local_ips: toList }) as ServiceNetwork) : null;
  }
  if (Object.keys(out).length > 0) return out;
  return svc['network_mode'] !== undefined || svc['provider'] !== undefined ? undefined : { default: null };
}
