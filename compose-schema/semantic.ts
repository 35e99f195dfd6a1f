// Checks the schema cannot express: references between services and to
// top-level resources, dependency cycles, and contradictory settings.
import { ComposeError, ComposeErrorCode } from '../errors.js';
import { isLocalPath } from './paths.js';
import { dependenciesOf } from './profiles.js';
import { toMapping } from './merge.js';
import { formatPath, isMap, type Locator, type Tree, type TreeMap, type TreePath } from './tree.js';

/** Runs every check on the merged tree of enabled services; throws the first problem found. */
export function checkProject(tree: TreeMap, locate: Locator): void {
  const services = isMap(tree['services']) ? tree['services'] : {};
  const names = Object.keys(services).sort();
  for (const name of names) {
    const svc = services[name] as TreeMap;
    checkServiceReferences(name, svc, services, locate);
    checkResources(name, svc, tree, locate);
    checkSettings(name, svc, locate);
  }
  checkCycles(services, locate);
}

function checkServiceReferences(name: string, svc: TreeMap, services: TreeMap, locate: Locator): void {
  for (const dep of dependenciesOf(svc)) {
    if (Object.hasOwn(services, dep.service) || !dep.required) continue;
    fail(ComposeErrorCode.UndefinedReference, ['services', name, dep.via], `service "${dep.service}" is not defined`, locate);
  }
}

function checkResources(name: string, svc: TreeMap, tree: TreeMap, locate: Locator): void {
  const declared = (section: string, key: string) => isMap(tree[section]) && Object.hasOwn(tree[section] as TreeMap, key);
  if (svc['networks'] !== undefined && svc['networks'] !== null) {
    for (const network of Object.keys(toMapping(svc['networks'], 'networks') as TreeMap)) {
      if (network !== 'default' && !declared('networks', network)) {
        fail(ComposeErrorCode.UndefinedReference, ['services', name, 'networks'], `network "${network}" is not declared under the top-level networks`, locate);
      }
    }
  }
  (Array.isArray(svc['volumes']) ? svc['volumes'] : []).forEach((volume, i) => {
    const source = namedVolumeSource(volume);
    if (source !== undefined && !declared('volumes', source)) {
      fail(ComposeErrorCode.UndefinedReference, ['services', name, 'volumes', i], `volume "${source}" is not declared under the top-level volumes`, locate);
    }
  });
  for (const section of ['secrets', 'configs'] as const) {
    (Array.isArray(svc[section]) ? (svc[section] as Tree[]) : []).forEach((ref, i) => {
      const source = isMap(ref) ? String(ref['source']) : String(ref);
      if (!declared(section, source)) {
        fail(ComposeErrorCode.UndefinedReference, ['services', name, section, i], `${section.slice(0, -1)} "${source}" is not declared under the top-level ${section}`, locate);
      }
    });
  }
}

// The source of a named volume mount; bind mounts, anonymous volumes and tmpfs have none.
function namedVolumeSource(volume: Tree): string | undefined {
  if (isMap(volume)) return volume['type'] === 'volume' && typeof volume['source'] === 'string' && volume['source'] !== '' ? volume['source'] : undefined;
  const parts = String(volume).split(':');
  if (parts.length < 2) return undefined;
  const source = parts[0]!;
  return isLocalPath(source) ? undefined : source;
}

function checkSettings(name: string, svc: TreeMap, locate: Locator): void {
  if (svc['image'] === undefined && svc['build'] === undefined) {
    fail(ComposeErrorCode.InvalidValue, ['services', name], `service "${name}" has neither an image nor a build context`, locate);
  }
  const deploy = isMap(svc['deploy']) ? svc['deploy'] : {};
  const replicas = Number(svc['scale'] ?? deploy['replicas'] ?? 1);
  if (svc['container_name'] !== undefined && replicas > 1) {
    fail(
      ComposeErrorCode.InvalidValue,
      ['services', name, 'container_name'],
      `container_name "${String(svc['container_name'])}" cannot be used with ${replicas} replicas: container names must be unique`,
      locate,
    );
  }
}

// Depth-first from each service in name order, so the same cycle is always
// reported the same way, starting at its first service by name.
function checkCycles(services: TreeMap, locate: Locator): void {
  const done = new Set<string>();
  const visit = (name: string, stack: string[]) => {
    if (done.has(name) || !isMap(services[name])) return;
    const at = stack.indexOf(name);
    if (at >= 0) {
      const cycle = [...stack.slice(at), name];
      fail(ComposeErrorCode.Cycle, ['services', cycle[0]!], `dependency cycle: ${cycle.join(' -> ')}`, locate);
    }
    const deps = [...new Set(dependenciesOf(services[name]).map((d) => d.service))].sort();
    for (const dep of deps) visit(dep, [...stack, name]);
    done.add(name);
  };
  for (const name of Object.keys(services).sort()) visit(name, []);
}

function fail(code: ComposeErrorCode, path: TreePath, message: string, locate: Locator): never {
  const pos = locate(path);
  throw new ComposeError(code, `${formatPath(path)}: ${message}`, pos ? { pos } : {});
}
