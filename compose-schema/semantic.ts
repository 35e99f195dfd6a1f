// Checks the schema cannot express, run on the merged tree of the enabled
// services before normalization: references between services and to
// top-level resources, dependency cycles, contradictory settings.
import { ComposeErrorCode } from '../errors.js';
import { At } from './normalize-context.js';
import { isFilePath, parseShortVolume } from './normalize-volumes.js';
import { serviceReferences } from './references.js';
import { checkServiceSettings, checkTopLevelSecrets } from './semantic-settings.js';
import { isMap, type Locator, type Tree, type TreeMap } from './tree.js';

export interface CheckOptions {
  /**
   * Services that profiles left out. A `required: false` dependency may name
   * one of them; when this is not given, any missing optional dependency passes.
   */
  readonly disabledServices?: readonly string[];
}

/** Throws the first problem found, services taken by name; cycles come last. */
export function checkProject(tree: TreeMap, locate: Locator, options: CheckOptions = {}): void {
  const services = isMap(tree['services']) ? tree['services'] : {};
  for (const name of Object.keys(services).sort()) {
    const svc = services[name];
    if (!isMap(svc)) continue;
    const at = new At(['services', name], { locate });
    checkServiceReferences(svc, services, at, options);
    checkResources(svc, tree, at);
    checkServiceSettings(name, svc, services, at);
  }
  checkTopLevelSecrets(tree, locate);
  checkCycles(services, locate);
}

function checkServiceReferences(svc: TreeMap, services: TreeMap, at: At, options: CheckOptions): void {
  const disabled = options.disabledServices && new Set(options.disabledServices);
  for (const ref of serviceReferences(svc)) {
    if (Object.hasOwn(services, ref.service)) continue;
    if (!ref.required && (!disabled || disabled.has(ref.service))) continue;
    at.child(ref.via).fail(`service "${ref.service}" is not defined`, ComposeErrorCode.UndefinedReference);
  }
}

function checkResources(svc: TreeMap, tree: TreeMap, at: At): void {
  const undeclared = (section: string, key: string) => !(isMap(tree[section]) && Object.hasOwn(tree[section] as TreeMap, key));
  const fail = (where: At, kind: string, section: string, key: string) =>
    where.fail(`${kind} "${key}" is not declared under the top-level ${section}`, ComposeErrorCode.UndefinedReference);
  for (const network of keysOf(svc['networks'])) {
    if (network !== 'default' && undeclared('networks', network)) fail(at.child('networks'), 'network', 'networks', network);
  }
  itemsOf(svc['volumes']).forEach((volume, i) => {
    const source = namedVolumeSource(volume);
    if (source !== undefined && undeclared('volumes', source)) fail(at.child('volumes', i), 'volume', 'volumes', source);
  });
  const build = isMap(svc['build']) ? svc['build'] : {};
  const references: [TreeMap, string, string][] = [[svc, 'secrets', 'secret'], [svc, 'configs', 'config'], [build, 'secrets', 'secret']];
  for (const [holder, section, kind] of references) {
    const base = holder === build ? at.child('build', section) : at.child(section);
    itemsOf(holder[section]).forEach((ref, i) => {
      const source = isMap(ref) ? String(ref['source']) : String(ref);
      if (undeclared(section, source)) fail(base.child(i), kind, section, source);
    });
  }
  for (const model of keysOf(svc['models'])) if (undeclared('models', model)) fail(at.child('models'), 'model', 'models', model);
}

// The source of a named volume mount; binds, anonymous volumes and tmpfs have none.
function namedVolumeSource(volume: Tree): string | undefined {
  if (isMap(volume)) return volume['type'] === 'volume' && typeof volume['source'] === 'string' && volume['source'] !== '' ? volume['source'] : undefined;
  const parsed = parseShortVolume(String(volume));
  if (typeof parsed === 'string' || parsed.source === '' || isFilePath(parsed.source)) return undefined;
  return parsed.source;
}

/** The names of a list-or-mapping key (`networks: [a]` or `networks: {a: …}`). */
export function keysOf(value: Tree | undefined): string[] {
  if (Array.isArray(value)) return value.map(String);
  return isMap(value) ? Object.keys(value) : [];
}

export function itemsOf(value: Tree | undefined): Tree[] {
  return Array.isArray(value) ? value : [];
}

/**
 * Depth-first over every kind of dependency, services and their
 * dependencies in name order, so the same cycle is always found; it is
 * printed from its first service by name: `dependency cycle: a -> b -> a`.
 */
function checkCycles(services: TreeMap, locate: Locator): void {
  const done = new Set<string>();
  const visit = (name: string, stack: string[]): void => {
    const at = stack.indexOf(name);
    if (at >= 0) {
      const cycle = stack.slice(at);
      const first = cycle.indexOf([...cycle].sort()[0]!);
      const ordered = [...cycle.slice(first), ...cycle.slice(0, first)];
      new At(['services', ordered[0]!], { locate }).fail(`dependency cycle: ${[...ordered, ordered[0]].join(' -> ')}`, ComposeErrorCode.Cycle);
    }
    if (done.has(name)) return;
    const deps = new Set(serviceReferences(services[name] as TreeMap).map((r) => r.service));
    for (const dep of [...deps].sort()) if (isMap(services[dep])) visit(dep, [...stack, name]);
    done.add(name);
  };
  for (const name of Object.keys(services).sort()) if (isMap(services[name])) visit(name, []);
}
