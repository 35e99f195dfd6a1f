// The merged tree → the typed Project: services normalized one by one, and
// networks, volumes, secrets and configs given the names they have on the host.
import type { Network, Project, SecretOrConfig, Service, Volume } from './model.js';
import { normalizeService } from './normalize-service.js';
import { toMapping } from './merge.js';
import { isMap, type Locator, type Lookup, type Tree, type TreeMap } from './tree.js';

export interface NormalizeContext {
  readonly projectName: string;
  readonly projectDirectory: string;
  readonly lookup: Lookup;
  readonly readEnvFile: (absolutePath: string) => string | undefined;
  readonly parseEnvFile: (text: string, file: string, lookup: Lookup) => Map<string, string>;
  readonly locate: Locator;
}

export function normalizeProject(tree: TreeMap, ctx: NormalizeContext): Project {
  const services: Record<string, Service> = {};
  const source = isMap(tree['services']) ? tree['services'] : {};
  for (const name of Object.keys(source).sort()) {
    services[name] = normalizeService(source[name] as TreeMap, { ...ctx, name });
  }
  const networks = named<Network>(tree['networks'], ctx.projectName);
  // The implicit `default` network exists only when a service is attached to it.
  if (!networks['default'] && Object.values(services).some((s) => s.networks && 'default' in s.networks)) {
    networks['default'] = { name: `${ctx.projectName}_default` };
  }
  const extensions = Object.fromEntries(Object.entries(tree).filter(([key]) => key.startsWith('x-')));
  return {
    name: ctx.projectName,
    services,
    networks,
    volumes: named<Volume>(tree['volumes'], ctx.projectName),
    secrets: named<SecretOrConfig>(tree['secrets'], ctx.projectName),
    configs: named<SecretOrConfig>(tree['configs'], ctx.projectName),
    ...(Object.keys(extensions).length > 0 && { extensions }),
  };
}

// `<project>_<key>` unless a name is given; an external resource is known by
// its own name (or its key), never prefixed.
function named<T>(section: Tree | undefined, project: string): Record<string, T> {
  const out: Record<string, T> = {};
  if (!isMap(section)) return out;
  for (const key of Object.keys(section).sort()) {
    const def: TreeMap = isMap(section[key]) ? { ...(section[key] as TreeMap) } : {};
    const external = def['external'];
    if (isMap(external)) {
      def['external'] = true;
      if (typeof external['name'] === 'string' && def['name'] === undefined) def['name'] = external['name'];
    }
    if (def['name'] === undefined) def['name'] = def['external'] === true ? key : `${project}_${key}`;
    if (def['labels'] !== undefined) def['labels'] = toMapping(def['labels'], 'labels');
    out[key] = def as T;
  }
  return out;
}
