// The merged tree → the typed Project: services normalized one by one, the
// implicit `default` network added when used, and networks, volumes,
// secrets and configs given the names they have on the host.
import type { Model, Network, Project, Secret, Service, Volume } from './model.js';
import { At, type NormalizeContext } from './normalize-context.js';
import { normalizeService } from './normalize-service.js';
import { toStringMap } from './normalize-values.js';
import { isMap, type Tree, type TreeMap } from './tree.js';

export type { NormalizeContext } from './normalize-context.js';

export function normalizeProject(tree: TreeMap, ctx: NormalizeContext): Project {
  const source = isMap(tree['services']) ? tree['services'] : {};
  const services: Record<string, Service> = {};
  for (const name of Object.keys(source).sort()) services[name] = normalizeService(name, (source[name] ?? {}) as TreeMap, ctx);
  const networks = named<Network>(tree, 'networks', ctx);
  // The implicit `default` network exists only when a service is attached to it.
  if (!networks['default'] && Object.values(services).some((s) => s.networks && Object.hasOwn(s.networks, 'default'))) {
    networks['default'] = { name: `${ctx.projectName}_default` };
  }
  const models = isMap(tree['models']) ? sortedCopy(tree['models']) : undefined;
  return {
    name: ctx.projectName,
    services,
    networks: sortedCopy(networks),
    volumes: named<Volume>(tree, 'volumes', ctx),
    secrets: named<Secret>(tree, 'secrets', ctx),
    configs: named<Secret>(tree, 'configs', ctx),
    ...(models && { models: models as unknown as Record<string, Model> }),
    ...Object.fromEntries(Object.entries(tree).filter(([key]) => key.startsWith('x-'))),
  };
}

/**
 * A top-level section with every entry named as on the host: `<project>_<key>`
 * unless `name` is given; an external resource keeps its own name or its key.
 * The old `external: {name: x}` reads as `name: x, external: true`.
 */
function named<T>(tree: TreeMap, section: string, ctx: NormalizeContext): Record<string, T> {
  const out: Record<string, T> = {};
  const entries = isMap(tree[section]) ? tree[section] : {};
  for (const key of Object.keys(entries).sort()) {
    const at = new At([section, key], ctx);
    const def: Record<string, unknown> = isMap(entries[key]) ? { ...(entries[key] as TreeMap) } : {};
    const external = def['external'];
    if (isMap(external)) {
      def['external'] = true;
      if (external['name'] !== undefined) adoptExternalName(def, external['name'], at);
    }
    def['name'] ??= def['external'] === true ? key : `${ctx.projectName}_${key}`;
    for (const field of ['labels', 'driver_opts'] as const) if (def[field] !== undefined) def[field] = toStringMap(def[field] as Tree);
    if (isMap(def['ipam'])) def['ipam'] = ipam(def['ipam']);
    out[key] = def as T;
  }
  return out;
}

function adoptExternalName(def: Record<string, unknown>, externalName: Tree, at: At): void {
  if (def['name'] !== undefined && def['name'] !== externalName) at.fail('name and external.name conflict; use only name');
  at.warn('external.name is deprecated; use name with external: true');
  def['name'] = externalName;
}

function ipam(spec: TreeMap): TreeMap {
  const out: TreeMap = { ...spec };
  if (spec['options'] !== undefined) out['options'] = toStringMap(spec['options']);
  if (Array.isArray(spec['config'])) {
    out['config'] = spec['config'].map((pool) =>
      isMap(pool) && pool['aux_addresses'] !== undefined ? { ...pool, aux_addresses: toStringMap(pool['aux_addresses']) } : pool,
    );
  }
  return out;
}

function sortedCopy<T>(map: Readonly<Record<string, T>>): Record<string, T> {
  return Object.fromEntries(Object.keys(map).sort().map((key) => [key, map[key]!]));
}
