// start, stop, restart and rm: the containers that exist, in dependency
// order, without making or changing any.
import type { ProjectContext } from '../container-config.js';
import type { Observed, ObservedContainer } from '../observed.js';
import type { Plan } from '../plan.js';
import { refOf, removeContainer, startContainer, stopContainer } from './actions.js';
import { isRunning, service, serviceContainers, startReconcile, type Reconcile } from './context.js';
import type { RemoveOptions, RestartOptions, StartOptions, StopOptions } from './options.js';
import { namedServices } from './selection.js';
import { orderStops } from './stop-order.js';
import { orderStarts, type ReplicaView } from './waits.js';

export function planStart(ctx: ProjectContext, observed: Observed, options: StartOptions = {}): Plan {
  const r = startReconcile(ctx, observed);
  const named = new Set(namedServices(r, options.services));
  // Every service's replicas, so that a named one still waits for what it depends on.
  const replicas = new Map<string, ReplicaView[]>();
  for (const name of r.graph.order) {
    replicas.set(name, serviceContainers(r, name).map((c) => (named.has(name) && !isRunning(c) ? started(r, c, 'not running') : view(c))));
  }
  orderStarts(r, replicas);
  return r.plan.finish(ctx.project.name);
}

export function planStop(ctx: ProjectContext, observed: Observed, options: StopOptions = {}): Plan {
  const r = startReconcile(ctx, observed, { ...(options.timeout !== undefined && { timeout: options.timeout }) });
  for (const name of namedServices(r, options.services)) for (const c of serviceContainers(r, name)) stopContainer(r, c, '');
  orderStops(r);
  return r.plan.finish(ctx.project.name);
}

/** Restarts the named services and, unless noDeps, those that depend on them with `restart: true`, as compose does. */
export function planRestart(ctx: ProjectContext, observed: Observed, options: RestartOptions = {}): Plan {
  const r = startReconcile(ctx, observed, { ...(options.timeout !== undefined && { timeout: options.timeout }) });
  const services = options.services?.length && !options.noDeps ? withRestartDependents(r, namedServices(r, options.services)) : namedServices(r, options.services);
  const replicas = new Map<string, ReplicaView[]>();
  for (const name of services) {
    replicas.set(name, serviceContainers(r, name).map((c) => started(r, c, 'restart', [stopContainer(r, c, 'restart')])));
  }
  orderStarts(r, replicas);
  orderStops(r);
  return r.plan.finish(ctx.project.name);
}

/** rm: stopped containers; running ones only with `stop` (-s), stopped first. */
export function planRemove(ctx: ProjectContext, observed: Observed, options: RemoveOptions = {}): Plan {
  const r = startReconcile(ctx, observed, { ...(options.timeout !== undefined && { timeout: options.timeout }) });
  for (const name of namedServices(r, options.services)) {
    for (const c of serviceContainers(r, name)) {
      if (isRunning(c) && !options.stop) continue;
      removeContainer(r, c, '', { removeVolumes: options.volumes === true, after: [stopContainer(r, c, '')] });
    }
  }
  orderStops(r);
  return r.plan.finish(ctx.project.name);
}

function view(c: ObservedContainer): ReplicaView {
  return { number: c.number, container: { id: c.id, name: c.name } };
}

function started(r: Reconcile, c: ObservedContainer, reason: string, after: (number | undefined)[] = []): ReplicaView {
  const at = { service: c.service, number: c.number };
  return { ...view(c), start: startContainer(r, at, refOf(c), reason, after) };
}

function withRestartDependents(r: Reconcile, named: readonly string[]): string[] {
  const wanted = new Set(named);
  for (const name of r.graph.order) {
    const deps = Object.entries(service(r, name).depends_on ?? {});
    if (deps.some(([dep, spec]) => spec.restart === true && wanted.has(dep))) wanted.add(name);
  }
  return r.graph.order.filter((name) => wanted.has(name));
}

