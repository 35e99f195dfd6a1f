// The reconcile step: what exists (Observed) and what the file asks for
// (ProjectContext) in, a Plan out. Pure: no I/O, the same input always
// gives the same plan, and running the plan then reconciling again gives
// an empty one.
import type { ProjectContext } from '../container-config.js';
import type { Observed } from '../observed.js';
import type { Plan } from '../plan.js';
import { planDown, type DownTarget } from './down.js';
import { planRemove, planRestart, planStart, planStop } from './lifecycle.js';
import type { DownOptions, RemoveOptions, RestartOptions, StartOptions, StopOptions, UpOptions } from './options.js';
import { planUp } from './up.js';

export type { DownOptions, RemoveOptions, RestartOptions, StartOptions, StopOptions, UpOptions } from './options.js';
export type { DownTarget } from './down.js';
export { networkConfigHash } from './networks.js';

/** `up`: make what exists match the file for the selected services (all by default). */
export function reconcileUp(ctx: ProjectContext, observed: Observed, options: UpOptions = {}): Plan {
  return planUp(ctx, observed, options);
}

/** `create`: `up` without starting anything. */
export function reconcileCreate(ctx: ProjectContext, observed: Observed, options: Omit<UpOptions, 'noStart' | 'wait' | 'waitTimeoutMs'> = {}): Plan {
  return planUp(ctx, observed, { ...options, noStart: true });
}

/** `down`: remove the project's containers and networks (and with `volumes` its volumes), from the file or from labels alone. */
export function reconcileDown(target: DownTarget, observed: Observed, options: DownOptions = {}): Plan {
  return planDown(target, observed, options);
}

/** `start`: start the existing containers that are not running, after what they depend on. */
export function reconcileStart(ctx: ProjectContext, observed: Observed, options: StartOptions = {}): Plan {
  return planStart(ctx, observed, options);
}

/** `stop`: stop running containers, dependents first. */
export function reconcileStop(ctx: ProjectContext, observed: Observed, options: StopOptions = {}): Plan {
  return planStop(ctx, observed, options);
}

/** `restart`: stop and start again. */
export function reconcileRestart(ctx: ProjectContext, observed: Observed, options: RestartOptions = {}): Plan {
  return planRestart(ctx, observed, options);
}

/** `rm`: remove stopped containers (running ones too with `stop`). */
export function reconcileRemove(ctx: ProjectContext, observed: Observed, options: RemoveOptions = {}): Plan {
  return planRemove(ctx, observed, options);
}
