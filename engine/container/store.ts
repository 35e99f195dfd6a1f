// Finding containers in the state store: by full id, unique id prefix or
// name, and listing them all with their observed state.
import { existsSync, readdirSync } from 'node:fs';
import { EngineError, EngineErrorCode } from '../../errors.js';
import { Cgroup } from '../cgroups/index.js';
import { containerPaths, containersDir, type ContainerPaths } from './layout.js';
import { readHealth, readRecord, readSupervisorState, type ContainerRecord, type HealthState } from './record.js';
import { observe, type ObservedState } from './status.js';

export interface ContainerView {
  readonly record: ContainerRecord;
  readonly paths: ContainerPaths;
  readonly state: ObservedState;
  /** The healthcheck's last recorded status, for containers that have one and have run. */
  readonly health?: HealthState;
}

/** Every container with a complete record, oldest first. */
export function listContainers(root: string): ContainerView[] {
  const dir = containersDir(root);
  if (!existsSync(dir)) return [];
  const views: ContainerView[] = [];
  for (const id of readdirSync(dir)) {
    if (id.startsWith('.')) continue;
    const view = viewOf(root, id);
    if (view) views.push(view);
  }
  return views.sort((a, b) => (a.record.created < b.record.created ? -1 : a.record.created > b.record.created ? 1 : 0));
}

export function viewOf(root: string, id: string): ContainerView | undefined {
  const paths = containerPaths(root, id);
  try {
    const state = observe(readSupervisorState(paths.state));
    // Only a running container can be frozen; the freezer says whether it is.
    const paused = state.status === 'running' && isFrozen(id);
    const record = readRecord(paths.record);
    const health = record.healthcheck ? readHealth(paths.health) : undefined;
    return { record, paths, state: paused ? { ...state, status: 'paused' } : state, ...(health && { health }) };
  } catch {
    return undefined; // a half-made container: no record yet
  }
}

/** Docker's lookup order: exact id, exact name, then a unique id prefix. */
export function findContainer(root: string, nameOrId: string): ContainerView {
  const name = nameOrId.replace(/^\//, '');
  const all = listContainers(root);
  const exact = all.find((c) => c.record.id === name) ?? all.find((c) => c.record.name === name);
  if (exact) return exact;
  const byPrefix = /^[0-9a-f]+$/.test(name) ? all.filter((c) => c.record.id.startsWith(name)) : [];
  if (byPrefix.length === 1) return byPrefix[0]!;
  if (byPrefix.length > 1) throw new EngineError(EngineErrorCode.Conflict, `multiple containers match the id prefix ${name}`);
  throw new EngineError(EngineErrorCode.NotFound, `no such container: ${nameOrId}`);
}

function isFrozen(id: string): boolean {
  try {
    return Cgroup.open(id).isFrozen();
  } catch {
    return false; // no cgroup (its supervisor is gone): nothing can be frozen
  }
}
