// Profiles: services that only run when one of their profiles is active, or
// when they are named on the command line.
import { ComposeError, ComposeErrorCode } from '../errors.js';
import { isMap, type Locator, type Tree, type TreeMap } from './tree.js';

export interface ProfileOptions {
  readonly profiles: readonly string[];
  /** Services named on the command line: enabled with everything they need. */
  readonly enabledServices?: readonly string[];
  readonly locate: Locator;
}

/** A service a service needs, and whether it may be missing (`required: false`). */
export interface Dependency {
  readonly service: string;
  readonly required: boolean;
  readonly via: string;
}

/** The tree without the services no active profile enables; `disabled` lists them, sorted. */
export function applyProfiles(tree: TreeMap, options: ProfileOptions): { tree: TreeMap; disabled: string[] } {
  const services = isMap(tree['services']) ? tree['services'] : {};
  const active = new Set(options.profiles);
  const enabled = new Set(
    Object.entries(services)
      .filter(([, svc]) => isEnabledByProfiles(svc, active))
      .map(([name]) => name),
  );
  const visited = new Set<string>();
  const queue = [...(options.enabledServices ?? [])];
  for (let name = queue.pop(); name !== undefined; name = queue.pop()) {
    if (visited.has(name) || !isMap(services[name])) continue;
    visited.add(name);
    enabled.add(name);
    queue.push(...dependenciesOf(services[name]).map((dep) => dep.service));
  }
  checkDependenciesEnabled(services, enabled, options.locate);
  const disabled = Object.keys(services).filter((name) => !enabled.has(name)).sort();
  if (disabled.length === 0) return { tree, disabled };
  const kept = Object.fromEntries(Object.entries(services).filter(([name]) => enabled.has(name)));
  return { tree: { ...tree, services: kept }, disabled };
}

function isEnabledByProfiles(service: Tree, active: ReadonlySet<string>): boolean {
  const profiles = isMap(service) && Array.isArray(service['profiles']) ? service['profiles'] : [];
  return profiles.length === 0 || active.has('*') || profiles.some((p) => active.has(String(p)));
}

function checkDependenciesEnabled(services: TreeMap, enabled: ReadonlySet<string>, locate: Locator): void {
  for (const name of [...enabled].sort()) {
    for (const dep of dependenciesOf(services[name])) {
      if (!dep.required || enabled.has(dep.service) || !isMap(services[dep.service])) continue;
      const profiles = ((services[dep.service] as TreeMap)['profiles'] as Tree[] | undefined) ?? [];
      const pos = locate(['services', name, dep.via]);
      throw new ComposeError(
        ComposeErrorCode.UndefinedReference,
        `service "${dep.service}" is required by "${name}" but is disabled; enable it with --profile ${profiles.map(String).join(' or --profile ')}`,
        pos ? { pos } : {},
      );
    }
  }
}

/** Every service a service needs: depends_on, links, volumes_from and network_mode `service:`. */
export function dependenciesOf(service: Tree | undefined): Dependency[] {
  if (!isMap(service)) return [];
  const deps: Dependency[] = [];
  const dependsOn = service['depends_on'];
  if (Array.isArray(dependsOn)) dependsOn.forEach((d) => deps.push({ service: String(d), required: true, via: 'depends_on' }));
  else if (isMap(dependsOn)) {
    for (const [name, spec] of Object.entries(dependsOn)) {
      deps.push({ service: name, required: !(isMap(spec) && spec['required'] === false), via: 'depends_on' });
    }
  }
  for (const link of listOf(service['links'])) deps.push({ service: link.split(':')[0]!, required: true, via: 'links' });
  for (const from of listOf(service['volumes_from'])) {
    if (!from.startsWith('container:')) deps.push({ service: from.split(':')[0]!, required: true, via: 'volumes_from' });
  }
  const mode = service['network_mode'];
  if (typeof mode === 'string' && mode.startsWith('service:')) deps.push({ service: mode.slice(8), required: true, via: 'network_mode' });
  return deps;
}

function listOf(value: Tree | undefined): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

/** Every profile any service names, sorted, for `config --profiles`. */
export function listProfiles(tree: TreeMap): string[] {
  const services = isMap(tree['services']) ? Object.values(tree['services']) : [];
  const all = new Set<string>();
  for (const svc of services) if (isMap(svc) && Array.isArray(svc['profiles'])) svc['profiles'].forEach((p) => all.add(String(p)));
  return [...all].sort();
}
