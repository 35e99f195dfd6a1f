// The services' dependency graph (depends_on, which the loader fills with
// what links, volumes_from and `service:` modes imply too). The planner walks
// it to start dependencies first and stop dependents first; every walk is
// sorted so the same project always gives the same plan.
import type { Project } from '../compose-schema/model.js';
import { ComposeError, ComposeErrorCode } from '../errors.js';

export interface ServiceGraph {
  /** Every service, dependencies before their dependents, ties by name. */
  readonly order: readonly string[];
  /** The services `service` depends on that the project has, sorted. */
  dependenciesOf(service: string): readonly string[];
  /** The services that depend on `service`, sorted. */
  dependentsOf(service: string): readonly string[];
  /** Position in `order`, for sorting. */
  rank(service: string): number;
}

/** Builds the graph of the project's services; a cycle is a ComposeError naming it (`a -> b -> a`). */
export function buildServiceGraph(project: Project): ServiceGraph {
  const names = Object.keys(project.services).sort();
  const dependencies = new Map<string, string[]>();
  const dependents = new Map<string, string[]>(names.map((name) => [name, []]));
  for (const name of names) {
    // A `required: false` dependency may be absent: it has no edge.
    const deps = Object.keys(project.services[name]!.depends_on ?? {}).filter((dep) => dep in project.services).sort();
    dependencies.set(name, deps);
    for (const dep of deps) dependents.get(dep)!.push(name);
  }
  const order = sortDependenciesFirst(names, dependencies);
  const ranks = new Map(order.map((name, index) => [name, index]));
  return {
    order,
    dependenciesOf: (service) => dependencies.get(service) ?? [],
    dependentsOf: (service) => dependents.get(service) ?? [],
    rank: (service) => ranks.get(service) ?? order.length,
  };
}

/** `services` and, transitively, everything they depend on, in graph order. */
export function withDependencies(graph: ServiceGraph, services: Iterable<string>): string[] {
  const wanted = new Set<string>();
  const visit = (service: string): void => {
    if (wanted.has(service)) return;
    wanted.add(service);
    for (const dep of graph.dependenciesOf(service)) visit(dep);
  };
  for (const service of services) visit(service);
  return graph.order.filter((service) => wanted.has(service));
}

/** `services` and, transitively, everything that depends on them, in graph order. */
export function withDependents(graph: ServiceGraph, services: Iterable<string>): string[] {
  const wanted = new Set<string>();
  const visit = (service: string): void => {
    if (wanted.has(service)) return;
    wanted.add(service);
    for (const dependent of graph.dependentsOf(service)) visit(dependent);
  };
  for (const service of services) visit(service);
  return graph.order.filter((service) => wanted.has(service));
}

// Depth-first, visiting names in sorted order, so the result is stable and a
// cycle is found along one concrete path that the error can print.
function sortDependenciesFirst(names: readonly string[], dependencies: ReadonlyMap<string, readonly string[]>): string[] {
  const order: string[] = [];
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (name: string): void => {
    if (done.has(name)) return;
    const seen = path.indexOf(name);
    if (seen >= 0) {
      const cycle = [...path.slice(seen), name].join(' -> ');
      throw new ComposeError(ComposeErrorCode.Cycle, `dependency cycle detected: ${cycle}`);
    }
    path.push(name);
    for (const dep of dependencies.get(name) ?? []) visit(dep);
    path.pop();
    done.add(name);
    order.push(name);
  };
  for (const name of names) visit(name);
  return order;
}
