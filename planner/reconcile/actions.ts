// Plan nodes for one container, so every step words and orders them alike.
import type { ContainerConfig } from '../../engine/container/config.js';
import type { ObservedContainer } from '../observed.js';
import type { ContainerRef, HookCommand } from '../plan.js';
import type { ServiceHook } from '../../compose-schema/model.js';
import { containerOrder, isRunning, resourceOf, stopTimeout, type Reconcile } from './context.js';

export interface Slot {
  readonly service: string;
  readonly number: number;
}

type After = Iterable<number | undefined>;

export function refOf(container: ObservedContainer): ContainerRef {
  return { id: container.id, name: container.name };
}

// A one-off container (`run`) fills no replica slot: its name tells it apart.
function resourceOfContainer(container: ObservedContainer): string {
  return container.oneoff ? `container:${container.name}` : resourceOf(container.service, container.number);
}

/** A StopContainer node, or nothing when the container does not run. */
export function stopContainer(r: Reconcile, container: ObservedContainer, reason: string, after: After = []): number | undefined {
  if (!isRunning(container)) return undefined;
  const timeout = stopTimeout(r, container.service);
  // An orphan's service is gone from the file, and its hooks with it.
  const hooks = container.oneoff ? [] : hookCommands(r.ctx.project.services[container.service]?.pre_stop);
  return r.plan.add({
    kind: 'StopContainer',
    resource: resourceOfContainer(container),
    reason,
    target: { type: 'container', service: container.service, number: container.number, container: refOf(container), ...(timeout !== undefined && { timeout }), ...(hooks.length > 0 && { hooks }) },
    order: containerOrder(r, container.service, container.number),
    after,
  });
}

export function removeContainer(r: Reconcile, container: ObservedContainer, reason: string, options: { removeVolumes: boolean; after?: After }): number {
  return r.plan.add({
    kind: 'RemoveContainer',
    resource: resourceOfContainer(container),
    reason,
    target: { type: 'container', service: container.service, number: container.number, container: refOf(container), removeVolumes: options.removeVolumes },
    order: containerOrder(r, container.service, container.number),
    after: options.after ?? [],
  });
}

/** Stop (if running) then remove; returns the RemoveContainer node. */
export function stopAndRemove(r: Reconcile, container: ObservedContainer, reason: string, options: { removeVolumes: boolean; after?: After }): number {
  const stop = stopContainer(r, container, reason, options.after);
  return removeContainer(r, container, reason, { removeVolumes: options.removeVolumes, after: [stop, ...(options.after ?? [])] });
}

export function createContainer(r: Reconcile, slot: Slot, config: ContainerConfig, reason: string, after: After): number {
  return r.plan.add({
    kind: 'CreateContainer',
    resource: resourceOf(slot.service, slot.number),
    reason,
    target: { type: 'container', service: slot.service, number: slot.number, config },
    order: containerOrder(r, slot.service, slot.number),
    after,
  });
}

export function startContainer(r: Reconcile, slot: Slot, container: ContainerRef, reason: string, after: After): number {
  const hooks = hookCommands(r.ctx.project.services[slot.service]?.post_start);
  return r.plan.add({
    kind: 'StartContainer',
    resource: resourceOf(slot.service, slot.number),
    reason,
    target: { type: 'container', service: slot.service, number: slot.number, container, ...(hooks.length > 0 && { hooks }) },
    order: containerOrder(r, slot.service, slot.number),
    after,
  });
}

export function renameContainer(r: Reconcile, slot: Slot, container: ContainerRef, newName: string, reason: string, after: After): number {
  return r.plan.add({
    kind: 'RenameContainer',
    resource: resourceOf(slot.service, slot.number),
    reason,
    target: { type: 'container', service: slot.service, number: slot.number, container, newName },
    order: containerOrder(r, slot.service, slot.number),
    after,
  });
}

/** post_start / pre_stop entries as the commands the executor runs in the container. */
export function hookCommands(hooks: readonly ServiceHook[] | undefined): HookCommand[] {
  return (hooks ?? []).filter((hook) => hook.command && hook.command.length > 0).map((hook) => {
    const env = Object.entries(hook.environment ?? {}).flatMap(([key, value]) => (value === null ? [] : [`${key}=${value}`]));
    return {
      cmd: hook.command!,
      ...(env.length > 0 && { env }),
      ...(hook.user !== undefined && { user: hook.user }),
      ...(hook.working_dir !== undefined && { workingDir: hook.working_dir }),
      ...(hook.privileged && { privileged: true }),
    };
  });
}
