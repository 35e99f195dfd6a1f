// Stops run in reverse dependency order, as in compose: a container is
// stopped only once the containers of services that depend on it are.
import type { Reconcile } from './context.js';

/** Makes every StopContainer of a service wait for the StopContainers of its dependents. */
export function orderStops(r: Reconcile, dependentsOf: (service: string) => readonly string[] = (s) => r.graph.dependentsOf(s)): void {
  const stops = new Map<string, number[]>();
  for (const handle of r.plan.find((node) => node.kind === 'StopContainer')) {
    const target = r.plan.get(handle).target;
    if (target.type !== 'container') continue;
    stops.set(target.service, [...(stops.get(target.service) ?? []), handle]);
  }
  for (const [service, handles] of stops) {
    const first = dependentsOf(service).flatMap((dependent) => stops.get(dependent) ?? []);
    for (const handle of handles) r.plan.after(handle, first);
  }
}

/** A service → its dependents map read from containers' com.docker.compose.depends_on labels (`db:service_started:false,…`). */
export function dependentsFromLabels(labelled: readonly { service: string; labels: Readonly<Record<string, string>> }[], key: string): (service: string) => string[] {
  const dependents = new Map<string, Set<string>>();
  for (const { service, labels } of labelled) {
    for (const entry of (labels[key] ?? '').split(',')) {
      const dep = entry.split(':')[0];
      if (!dep || dep === service) continue;
      dependents.set(dep, (dependents.get(dep) ?? new Set()).add(service));
    }
  }
  return (service) => [...(dependents.get(service) ?? [])].sort();
}
