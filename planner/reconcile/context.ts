// What every reconcile step reads: the project, what exists, the graph, and
// the small derived facts (names, hashes, timeouts) they would otherwise each
// work out again.
import type { Service } from '../../compose-schema/model.js';
import { containerName, type ProjectContext } from '../container-config.js';
import { buildServiceGraph, type ServiceGraph } from '../graph.js';
import { serviceConfigHash } from '../hash.js';
import type { Observed, ObservedContainer } from '../observed.js';
import { PlanBuilder, type NodeOrder } from './builder.js';

export interface Reconcile {
  readonly ctx: ProjectContext;
  readonly observed: Observed;
  readonly graph: ServiceGraph;
  readonly plan: PlanBuilder;
  /** -t: overrides every service's stop_grace_period. */
  readonly timeout?: number;
}

export function startReconcile(ctx: ProjectContext, observed: Observed, options: { timeout?: number } = {}): Reconcile {
  return { ctx, observed, graph: buildServiceGraph(ctx.project), plan: new PlanBuilder(), ...(options.timeout === undefined ? {} : { timeout: options.timeout }) };
}

export function service(r: Reconcile, name: string): Service {
  return r.ctx.project.services[name]!;
}

/** The project's own (not one-off) containers of `service`, oldest first. */
export function serviceContainers(r: Reconcile, name: string): ObservedContainer[] {
  return r.observed.containers.filter((c) => c.service === name && !c.oneoff);
}

export function canonicalName(r: Reconcile, serviceName: string, number: number): string {
  return containerName(r.ctx.project, serviceName, number);
}

export function expectedHash(r: Reconcile, serviceName: string): string {
  return serviceConfigHash(service(r, serviceName));
}

/** Seconds a stop waits before SIGKILL: -t, else the service's stop_grace_period (nanoseconds in the model). */
export function stopTimeout(r: Reconcile, serviceName: string): number | undefined {
  if (r.timeout !== undefined) return r.timeout;
  const grace = r.ctx.project.services[serviceName]?.stop_grace_period;
  return grace === undefined ? undefined : Math.ceil(grace / 1e9);
}

export function containerOrder(r: Reconcile, serviceName: string, number: number): NodeOrder {
  // Services that are no longer in the file (orphans) sort after the others.
  return { group: 3, rank: r.graph.rank(serviceName), name: serviceName, number };
}

export function resourceOf(serviceName: string, number: number): string {
  return `service:${serviceName}:${number}`;
}

export function isRunning(container: ObservedContainer): boolean {
  return container.status === 'running' || container.status === 'restarting' || container.status === 'paused';
}
