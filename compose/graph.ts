// The services' dependency graph of a project as data (what `flotilla graph`
// draws): each service with its image, each depends_on edge with its
// condition. The loader already turned links, volumes_from and `service:`
// modes into depends_on, so this is the graph `up` starts services by.
import type { Project } from '../compose-schema/model.js';
import { buildServiceGraph } from '../planner/graph.js';

export interface GraphService {
  readonly name: string;
  readonly image: string;
}

export interface GraphEdge {
  /** The dependent service. */
  readonly from: string;
  /** The service it waits for. */
  readonly to: string;
  readonly condition: 'service_started' | 'service_healthy' | 'service_completed_successfully';
  /** False: `required: false`, up goes on without it. */
  readonly required: boolean;
  /** The dependency is not in the project (disabled by a profile, or optional and absent). */
  readonly missing: boolean;
}

export interface DependencyGraph {
  readonly project: string;
  /** In start order: dependencies first, ties by name. */
  readonly services: readonly GraphService[];
  /** Sorted by dependent, then dependency. */
  readonly edges: readonly GraphEdge[];
}

/** The graph of `project`; a dependency cycle is the loader's ComposeError naming it. */
export function dependencyGraph(project: Project): DependencyGraph {
  const graph = buildServiceGraph(project);
  const services = graph.order.map((name) => ({ name, image: project.services[name]!.image ?? `${project.name}-${name}` }));
  const edges: GraphEdge[] = [];
  for (const from of Object.keys(project.services).sort()) {
    const dependsOn = project.services[from]!.depends_on ?? {};
    for (const to of Object.keys(dependsOn).sort()) {
      const dependency = dependsOn[to]!;
      edges.push({ from, to, condition: dependency.condition, required: dependency.required, missing: !(to in project.services) });
    }
  }
  return { project: project.name, services, edges };
}
