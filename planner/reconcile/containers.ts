// The replicas of one service: how many there should be, which existing
// container fills each one, and whether it is kept, started, made again or
// removed. A recreate makes the replacement first, under a temporary name,
// so that a crash at any step leaves a state the next run converges from.
import type { ContainerConfig } from '../../engine/container/config.js';
import { serviceContainerConfig, serviceImage } from '../container-config.js';
import { Label } from '../labels.js';
import type { ObservedContainer } from '../observed.js';
import type { ContainerRef } from '../plan.js';
import { createContainer, refOf, removeContainer, renameContainer, startContainer, stopAndRemove, stopContainer, type Slot } from './actions.js';
import { canonicalName, expectedHash, isRunning, service, serviceContainers, type Reconcile } from './context.js';
import { serviceNetworkKeys, type NetworkPlan } from './networks.js';
import { parentServices, recreateReason } from './recreate.js';
import { nextNumber, slotsOf, type Slot as ObservedSlot } from './slots.js';
import { serviceVolumeKeys, type VolumePlan } from './volumes.js';

/** A replica as the plan leaves it. */
export interface Replica {
  readonly number: number;
  readonly container: ContainerRef;
  /** Its StartContainer node, if the plan starts it. */
  readonly start?: number;
  /** The last node that makes or names it (create, rename or start). */
  readonly settled?: number;
}

export interface UpState {
  readonly noStart: boolean;
  readonly keepCompleted: boolean;
  readonly noRecreate: boolean;
  readonly renewAnonVolumes: boolean;
  readonly scale: Readonly<Record<string, number>>;
  readonly networks: ReadonlyMap<string, NetworkPlan>;
  readonly volumes: ReadonlyMap<string, VolumePlan>;
  /** --force-recreate / --always-recreate-deps as it applies to a service, if it does. */
  readonly forced: (service: string) => string | undefined;
  readonly replaced: Set<string>;
  readonly replicas: Map<string, Replica[]>;
  /** Image reference → the services that need it and their CreateContainer nodes. */
  readonly images: Map<string, { services: Set<string>; creates: number[] }>;
}

export function desiredScale(r: Reconcile, name: string, scale: Readonly<Record<string, number>>): number {
  const svc = service(r, name);
  return scale[name] ?? svc.scale ?? svc.deploy?.replicas ?? 1;
}

export function reconcileService(r: Reconcile, name: string, state: UpState): void {
  const containers = serviceContainers(r, name);
  const hash = expectedHash(r, name);
  const slots = slotsOf(containers, { expectedHash: hash, canonicalName: (n) => canonicalName(r, name, n) });
  const wanted = desiredScale(r, name, state.scale);
  const before = prerequisites(r, name, state);
  const replicas: Replica[] = [];
  for (const slot of slots.slice(wanted)) {
    for (const container of [slot.kept, ...slot.extras]) stopAndRemove(r, container, 'scale down', { removeVolumes: false });
  }
  for (const slot of slots.slice(0, wanted)) replicas.push(convergeSlot(r, name, slot, state, before));
  const first = nextNumber(containers);
  for (let i = 0; i < wanted - Math.min(wanted, slots.length); i++) {
    const number = first + i;
    const config = serviceContainerConfig(r.ctx, name, number);
    const create = createContainer(r, { service: name, number }, config, slots.length === 0 ? 'not found' : 'scale up', before);
    needImage(state, name, config.image, create);
    replicas.push(started(r, { service: name, number }, { createdBy: create, name: config.name ?? canonicalName(r, name, number) }, state, create));
  }
  if (slots.length === 0 && wanted > 0) state.replaced.add(name);
  state.replicas.set(name, replicas);
}

// What a new container of the service waits for: its networks, volumes,
// and the containers it joins or mounts from.
function prerequisites(r: Reconcile, name: string, state: UpState): (number | undefined)[] {
  const svc = service(r, name);
  const networks = serviceNetworkKeys(svc).map((key) => state.networks.get(key)?.created);
  const volumes = serviceVolumeKeys(r, svc).map((key) => state.volumes.get(key)?.created);
  const parents = parentServices(r, name).flatMap((parent) => (state.replicas.get(parent) ?? []).map((replica) => replica.settled));
  return [...networks, ...volumes, ...parents];
}

function convergeSlot(r: Reconcile, name: string, slot: ObservedSlot, state: UpState, before: (number | undefined)[]): Replica {
  const at: Slot = { service: name, number: slot.number };
  const extras = slot.extras.map((extra) => stopAndRemove(r, extra, 'duplicate replica', { removeVolumes: false }));
  const desired = serviceContainerConfig(r.ctx, name, slot.number);
  const why = state.noRecreate
    ? undefined
    : recreateReason(r, name, slot.kept, {
        ...state,
        forced: state.forced(name),
        expectedHash: expectedHash(r, name),
        expectedImageId: r.observed.images[serviceImage(r.ctx.project, name)],
        desired,
      });
  if (!why) return keep(r, at, slot.kept, state, extras);
  state.replaced.add(name);
  const config = inheritAnonymousVolumes(desired, slot.kept, state.renewAnonVolumes);
  return why.removeFirst
    ? replaceAfterRemoval(r, at, slot.kept, config, why.reason, state, [...before, ...extras])
    : replace(r, at, slot.kept, config, why.reason, state, before, extras);
}

// Up to date: only a name left by an interrupted recreate, or a stopped
// container, needs anything (an exited one-shot runs again, as in compose).
function keep(r: Reconcile, at: Slot, container: ObservedContainer, state: UpState, extras: number[]): Replica {
  const name = canonicalName(r, at.service, at.number);
  const rename = container.name === name ? undefined : renameContainer(r, at, refOf(container), name, 'finish interrupted recreate', extras);
  const ref: ContainerRef = { id: container.id, name };
  if (isRunning(container) || state.noStart || (state.keepCompleted && hasCompleted(container))) return { number: at.number, container: ref, ...(rename !== undefined && { settled: rename }) };
  const start = startContainer(r, at, ref, 'not running', [rename, ...extras]);
  return { number: at.number, container: ref, start, settled: start };
}

function hasCompleted(container: ObservedContainer): boolean {
  return container.status === 'exited' && container.exitCode === 0;
}

// Create the replacement under `<old id>_<name>`, retire the old one, hand
// the name over, start it.
function replace(r: Reconcile, at: Slot, old: ObservedContainer, desired: ContainerConfig, reason: string, state: UpState, before: (number | undefined)[], extras: number[]): Replica {
  const name = canonicalName(r, at.service, at.number);
  const temporary = `${old.id.slice(0, 12)}_${name}`;
  const config: ContainerConfig = { ...desired, name: temporary, labels: { ...desired.labels, [Label.replaces]: old.id } };
  const create = createContainer(r, at, config, reason, before);
  needImage(state, at.service, config.image, create);
  const stop = stopContainer(r, old, 'replaced', [create]);
  const remove = removeContainer(r, old, 'replaced', { removeVolumes: false, after: [stop ?? create] });
  const rename = renameContainer(r, at, { createdBy: create, name: temporary }, name, '', [remove, ...extras]);
  return started(r, at, { createdBy: create, name }, state, rename);
}

// The old container goes first: its network is about to be remade, or the
// parent whose namespace it shares is.
function replaceAfterRemoval(r: Reconcile, at: Slot, old: ObservedContainer, desired: ContainerConfig, reason: string, state: UpState, before: (number | undefined)[]): Replica {
  const remove = stopAndRemove(r, old, reason, { removeVolumes: false });
  const create = createContainer(r, at, desired, reason, [...before, remove]);
  needImage(state, at.service, desired.image, create);
  return started(r, at, { createdBy: create, name: desired.name ?? old.name }, state, create);
}

function started(r: Reconcile, at: Slot, container: ContainerRef, state: UpState, last: number): Replica {
  if (state.noStart) return { number: at.number, container, settled: last };
  const start = startContainer(r, at, container, '', [last]);
  return { number: at.number, container, start, settled: start };
}

function needImage(state: UpState, service: string, reference: string, create: number): void {
  const need = state.images.get(reference) ?? { services: new Set<string>(), creates: [] };
  need.services.add(service);
  need.creates.push(create);
  state.images.set(reference, need);
}

// The replacement mounts the old container's anonymous volumes (same
// target), so their data survives the recreate, unless -V asks for new ones.
function inheritAnonymousVolumes(desired: ContainerConfig, old: ObservedContainer, renew: boolean): ContainerConfig {
  if (renew || !desired.volumes) return desired;
  const previous = new Map((old.config?.volumes ?? []).filter((v) => v.anonymous && v.name).map((v) => [v.target, v.name!]));
  const volumes = desired.volumes.map((v) => (v.anonymous && !v.name && previous.has(v.target) ? { ...v, name: previous.get(v.target)! } : v));
  return { ...desired, volumes };
}
