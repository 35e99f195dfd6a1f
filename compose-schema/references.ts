// Every way a service names another service it needs. Normalization turns
// them into depends_on entries; the semantic checks look them up and
// search them for cycles.
import { scalarText } from './normalize-context.js';
import { isMap, type Tree, type TreeMap, type TreePath } from './tree.js';

/** The keys whose `service:<name>` form shares a namespace of another service. */
export const SERVICE_MODES = ['network_mode', 'ipc', 'pid', 'uts', 'cgroup'] as const;

export interface ServiceReference {
  readonly service: string;
  /** The key that names it: `depends_on`, `links`, `volumes_from` or one of SERVICE_MODES. */
  readonly via: string;
  /** Where, relative to the service: `['depends_on', 'db']`, `['links', 0]`, `['network_mode']`. */
  readonly path: TreePath;
  /** False only for a depends_on entry with `required: false`. */
  readonly required: boolean;
}

/** In compose's order: depends_on, links, the `service:` modes, then volumes_from (not `container:`). */
export function serviceReferences(svc: TreeMap): ServiceReference[] {
  const refs: ServiceReference[] = [];
  const add = (service: string, via: string, path: TreePath, required = true) => refs.push({ service, via, path, required });
  const dependsOn = svc['depends_on'];
  if (Array.isArray(dependsOn)) dependsOn.forEach((name, i) => add(scalarText(name), 'depends_on', ['depends_on', i]));
  else if (isMap(dependsOn)) {
    for (const [name, spec] of Object.entries(dependsOn)) add(name, 'depends_on', ['depends_on', name], !(isMap(spec) && spec['required'] === false));
  }
  listOf(svc['links']).forEach((link, i) => add(link.split(':')[0]!, 'links', ['links', i]));
  for (const key of SERVICE_MODES) {
    const mode = svc[key];
    if (typeof mode === 'string' && mode.startsWith('service:')) add(mode.slice('service:'.length), key, [key]);
  }
  listOf(svc['volumes_from']).forEach((from, i) => {
    if (!from.startsWith('container:')) add(from.split(':')[0]!, 'volumes_from', ['volumes_from', i]);
  });
  return refs;
}

function listOf(value: Tree | undefined): string[] {
  return Array.isArray(value) ? value.map(scalarText) : [];
}
