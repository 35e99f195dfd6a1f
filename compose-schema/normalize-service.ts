// One service's tree → its normalized model: each key through its rule in
// FIELDS, then the rules that span keys (environment and its files,
// implicit dependencies, the default network, secret targets).
import type { Service, ServiceDependency } from './model.js';
import { At, type NormalizeContext } from './normalize-context.js';
import { serviceEnvironment, serviceLabels } from './normalize-env.js';
import * as parts from './normalize-parts.js';
import { normalizePorts } from './normalize-ports.js';
import { byteSize, device, duration, extraHosts, fileReference, shellCommand, toList, toStringMap, ulimits } from './normalize-values.js';
import { normalizeVolumes } from './normalize-volumes.js';
import { serviceReferences } from './references.js';
import { isMap, type Tree, type TreeMap } from './tree.js';

type FieldRule = (value: Tree, at: At, ctx: NormalizeContext) => unknown;

const each = (rule: (item: Tree, at: At) => unknown) => (value: Tree, at: At) => (value as Tree[]).map((item, i) => rule(item, at.child(i)));

/** How each key that has a short or unit syntax is read; other keys are kept as written. */
const FIELDS: Readonly<Record<string, FieldRule>> = {
  annotations: toStringMap,
  blkio_config: parts.blkioConfig,
  build: parts.build,
  command: shellCommand,
  configs: each((item, at) => fileReference(item, at)),
  cpus: parts.cpus,
  deploy: parts.deploy,
  develop: parts.develop,
  devices: each(device),
  dns: toList,
  dns_opt: toList,
  dns_search: toList,
  entrypoint: shellCommand,
  expose: toList,
  extra_hosts: extraHosts,
  gpus: parts.gpus,
  group_add: toList,
  healthcheck: parts.healthcheck,
  logging: parts.logging,
  mem_limit: byteSize,
  mem_reservation: byteSize,
  memswap_limit: byteSize,
  models: parts.nullMap,
  ports: normalizePorts,
  post_start: each(parts.hook),
  pre_start: each(parts.hook),
  pre_stop: each(parts.hook),
  provider: parts.provider,
  // `if_not_present` is the older name of `missing`.
  pull_policy: (value) => (value === 'if_not_present' ? 'missing' : value),
  secrets: each((item, at) => fileReference(item, at, (source) => `/run/secrets/${source}`)),
  shm_size: byteSize,
  stop_grace_period: duration,
  storage_opt: toStringMap,
  sysctls: toStringMap,
  tmpfs: toList,
  ulimits,
  volumes: normalizeVolumes,
};

// Keys the cross-key rules below produce, and those that are read and dropped.
const SPANNING = new Set(['environment', 'env_file', 'labels', 'label_file', 'depends_on', 'networks', 'extends']);

export function normalizeService(name: string, svc: TreeMap, ctx: NormalizeContext): Service {
  const at = new At(['services', name], ctx);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(svc)) {
    if (SPANNING.has(key) || value === null) continue;
    const rule = FIELDS[key];
    out[key] = rule ? rule(value, at.child(key), ctx) : value;
  }
  const environment = serviceEnvironment(svc, ctx, at);
  const labels = serviceLabels(svc, ctx, at);
  const dependsOn = dependencies(svc);
  const networks = parts.serviceNetworks(svc, at.child('networks'));
  Object.assign(out, {
    ...(environment && { environment }),
    ...(labels && { labels }),
    ...(Object.keys(dependsOn).length > 0 && { depends_on: dependsOn }),
    ...(networks && { networks }),
  });
  // compose keeps deploy.replicas in step with scale.
  if (typeof out['scale'] === 'number' && isMap(out['deploy'])) out['deploy'] = { ...out['deploy'], replicas: out['scale'] };
  return out as Service;
}

/**
 * Declared dependencies (a list means `service_started`, required), then
 * those other keys imply, unless declared: links and `service:` modes
 * restart with their dependency, volumes_from does not.
 */
function dependencies(svc: TreeMap): Record<string, ServiceDependency> {
  const out: Record<string, ServiceDependency> = {};
  const declared = isMap(svc['depends_on']) ? svc['depends_on'] : {};
  for (const ref of serviceReferences(svc)) {
    if (Object.hasOwn(out, ref.service)) continue;
    if (ref.via === 'depends_on') {
      const spec = isMap(declared[ref.service]) ? (declared[ref.service] as TreeMap) : {};
      out[ref.service] = { ...spec, condition: spec['condition'] ?? 'service_started', required: spec['required'] !== false } as ServiceDependency;
    } else {
      out[ref.service] = { condition: 'service_started', ...(ref.via !== 'volumes_from' && { restart: true }), required: true };
    }
  }
  return out;
}
