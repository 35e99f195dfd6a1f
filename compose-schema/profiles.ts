// Profiles: services that only run when one of their profiles is active, or
// when they are named on the command line.
import { ComposeError, ComposeErrorCode } from '../errors.js';
import { formatPath, isMap, type Locator, type Tree, type TreeMap, type TreePath } from './tree.js';

export interface ProfileOptions {
  readonly profiles: readonly string[];
  /** Services named on the command line: enabled, with what they depend on, whatever the profiles. */
  readonly enabledServices?: readonly string[];
  readonly locate: Locator;
}

/** A service a service needs, and whether it may be missing (`required: false`). */
export interface Dependency {
  readonly service: string;
  readonly required: boolean;
  /** The service key that names it (`depends_on`, `links`, `network_mode`...). */
  readonly via: string;
  /** Where exactly, relative to the service: `['depends_on', 'db']`, `['links', 0]`. */
  readonly path: TreePath;
}

/**
 * The tree without the services no active profile enables; `disabled` lists
 * them, sorted. As in compose, a named service activates its own profiles for
 * itself and what it depends on (other services of those profiles stay
 * disabled, as compose leaves them out of the run), and an enabled service
 * that needs a disabled one is an error.
 */
export function applyProfiles(tree: TreeMap, options: ProfileOptions): { tree: TreeMap; disabled: string[] } {
  const services = isMap(tree['services']) ? tree['services'] : {};
  const given = new Set(options.profiles);
  const enabled = new Set(Object.keys(services).filter((name) => isEnabled(services[name]!, given)));
  for (const name of [...enabled].sort()) checkDependencies(services, name, enabled, options.locate);
  const named = (options.enabledServices ?? []).filter((name) => Object.hasOwn(services, name));
  for (const name of withDependencies(services, named, activeProfiles(services, named, given), options.locate)) enabled.add(name);
  const disabled = Object.keys(services).filter((name) => !enabled.has(name)).sort();
  if (disabled.length === 0) return { tree, disabled };
  const kept = Object.fromEntries(Object.entries(services).filter(([name]) => enabled.has(name)));
  return { tree: { ...tree, services: kept }, disabled };
}

// Every named service that the given profiles leave disabled adds all of its
// own profiles (judged against the given profiles, not one after the other).
function activeProfiles(services: TreeMap, named: readonly string[], given: ReadonlySet<string>): Set<string> {
  const active = new Set(given);
  for (const name of named) if (!isEnabled(services[name]!, given)) profilesOf(services[name]!).forEach((p) => active.add(p));
  return active;
}

/** The named services and, transitively, the services they need that `active` enables. */
function withDependencies(services: TreeMap, named: readonly string[], active: ReadonlySet<string>, locate: Locator): Set<string> {
  const selected = new Set(named);
  const usable = new Set(Object.keys(services).filter((n) => selected.has(n) || isEnabled(services[n]!, active)));
  const queue = [...named].sort();
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    checkDependencies(services, name, usable, locate);
    for (const dep of dependenciesOf(services[name])) {
      if (!usable.has(dep.service) || selected.has(dep.service)) continue;
      selected.add(dep.service);
      queue.push(dep.service);
    }
  }
  return selected;
}

function isEnabled(service: Tree, active: ReadonlySet<string>): boolean {
  const profiles = profilesOf(service);
  return profiles.length === 0 || active.has('*') || profiles.some((p) => active.has(p));
}

function profilesOf(service: Tree): string[] {
  return isMap(service) && Array.isArray(service['profiles']) ? service['profiles'].map(String) : [];
}

/** Throws when `name` requires a service that exists but is not in `enabled`. */
function checkDependencies(services: TreeMap, name: string, enabled: ReadonlySet<string>, locate: Locator): void {
  for (const dep of dependenciesOf(services[name])) {
    if (!dep.required || enabled.has(dep.service) || !Object.hasOwn(services, dep.service)) continue;
    const path = ['services', name, ...dep.path];
    const pos = locate(path);
    const hint = profilesOf(services[dep.service]!).map((p) => `--profile ${p}`).join(' or ');
    throw new ComposeError(
      ComposeErrorCode.UndefinedReference,
      `${formatPath(path)}: service "${dep.service}" is required by "${name}" but is disabled; enable it with ${hint}`,
      pos ? { pos } : {},
    );
  }
}

/**
 * Every service a service needs: depends_on, links, volumes_from and the
 * `service:` form of network_mode, ipc, pid, uts and cgroup.
 */
export function dependenciesOf(service: Tree | undefined): Dependency[] {
  if (!isMap(service)) return [];
  const deps: Dependency[] = [];
  const add = (name: string, via: string, path: TreePath, required = true) => deps.push({ service: name, required, via, path });
  const dependsOn = service['depends_on'];
  if (Array.isArray(dependsOn)) dependsOn.forEach((d, i) => add(String(d), 'depends_on', ['depends_on', i]));
  else if (isMap(dependsOn)) {
    for (const [name, spec] of Object.entries(dependsOn)) add(name, 'depends_on', ['depends_on', name], !(isMap(spec) && spec['required'] === false));
  }
  listOf(service['links']).forEach((link, i) => add(link.split(':')[0]!, 'links', ['links', i]));
  listOf(service['volumes_from']).forEach((from, i) => {
    if (!from.startsWith('container:')) add(from.split(':')[0]!, 'volumes_from', ['volumes_from', i]);
  });
  for (const key of ['network_mode', 'ipc', 'pid', 'uts', 'cgroup']) {
    const mode = service[key];
    if (typeof mode === 'string' && mode.startsWith('service:')) add(mode.slice('service:'.length), key, [key]);
  }
  return deps;
}

function listOf(value: Tree | undefined): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

/** Every profile any service names, sorted, for `config --profiles`. */
export function listProfiles(tree: TreeMap): string[] {
  const services = isMap(tree['services']) ? Object.values(tree['services']) : [];
  return [...new Set(services.flatMap(profilesOf))].sort();
}
