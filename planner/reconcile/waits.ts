// depends_on, as edges and wait nodes: a service starts after its
// dependencies started (service_started), are healthy (service_healthy) or
// ended with status 0 (service_completed_successfully). A dependency that
// already runs still gets its wait node; the executor finds it satisfied at
// once. And --wait: one WaitReady per replica after its start.
import type { ActionKind, ContainerRef } from '../plan.js';
import { containerOrder, resourceOf, service, type Reconcile } from './context.js';

export interface ReplicaView {
  readonly number: number;
  readonly container: ContainerRef;
  readonly start?: number;
}

interface WaitNeed {
  readonly kind: 'WaitHealthy' | 'WaitCompleted';
  readonly service: string;
  readonly replica: ReplicaView;
  readonly dependents: Set<string>;
  /** Every service that needs it marks it `required: false`. */
  optional: boolean;
  readonly starts: number[];
}

const WAIT_KIND: Readonly<Record<string, WaitNeed['kind'] | undefined>> = {
  service_healthy: 'WaitHealthy',
  service_completed_successfully: 'WaitCompleted',
};

/** Orders every planned start after what its depends_on conditions ask of the dependencies in `replicas`. */
export function orderStarts(r: Reconcile, replicas: ReadonlyMap<string, readonly ReplicaView[]>): void {
  const needs = new Map<string, WaitNeed>();
  for (const name of r.graph.order) {
    const starts = (replicas.get(name) ?? []).flatMap((replica) => (replica.start === undefined ? [] : [replica.start]));
    if (starts.length === 0) continue;
    for (const [dep, spec] of Object.entries(service(r, name).depends_on ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (!(dep in r.ctx.project.services)) {
        if (!spec.required) r.plan.warn(`${name} depends on ${dep}, which is not in the project (required: false): starting without it`);
        continue;
      }
      const kind = WAIT_KIND[spec.condition];
      for (const replica of replicas.get(dep) ?? []) {
        if (kind === undefined) {
          for (const start of starts) r.plan.after(start, [replica.start]);
          continue;
        }
        const key = `${kind} ${dep} ${replica.number}`;
        const need = needs.get(key) ?? { kind, service: dep, replica, dependents: new Set<string>(), optional: true, starts: [] };
        need.dependents.add(name);
        need.optional &&= !spec.required;
        need.starts.push(...starts);
        needs.set(key, need);
      }
    }
  }
  for (const need of needs.values()) {
    const wait = addWait(r, need.kind, need.service, need.replica, `required by ${[...need.dependents].sort().join(', ')}`, { optional: need.optional });
    for (const start of need.starts) r.plan.after(start, [wait]);
  }
}

/** --wait: every replica of `services` running (and healthy, with a healthcheck) after its start. */
export function waitReady(r: Reconcile, services: readonly string[], replicas: ReadonlyMap<string, readonly ReplicaView[]>, timeoutMs?: number): void {
  for (const name of services) {
    for (const replica of replicas.get(name) ?? []) addWait(r, 'WaitReady', name, replica, '--wait', { timeoutMs });
  }
}

function addWait(r: Reconcile, kind: ActionKind, name: string, replica: ReplicaView, reason: string, options: { optional?: boolean; timeoutMs?: number | undefined }): number {
  return r.plan.add({
    kind,
    resource: resourceOf(name, replica.number),
    reason,
    target: { type: 'container', service: name, number: replica.number, container: replica.container, ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }) },
    order: containerOrder(r, name, replica.number),
    after: [replica.start],
    ...(options.optional && { optional: true }),
  });
}
