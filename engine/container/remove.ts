// Removing a container: refuse a running one unless forced, kill it if
// forced, then delete everything it had in the store.
import { rmSync } from 'node:fs';
import { Cgroup } from '../cgroups/index.js';
import { withLock } from '../../state/lock.js';
import { lockPath } from '../../state/paths.js';
import { assertCanRemove } from './status.js';
import { removeAnonymousVolumes } from './volumes.js';
import { findContainer, viewOf } from './store.js';
import { stopContainer } from './stop.js';

export interface RemoveHooks {
  /** Releases what start hooks made (the cgroup…), after the processes are gone. */
  readonly release?: (id: string) => void | Promise<void>;
}

export interface RemoveContainerOptions {
  /** Kill a running container first (docker's rm -f). */
  readonly force?: boolean;
  /** Take its anonymous volumes along (docker's rm -v). */
  readonly removeVolumes?: boolean;
  readonly hooks?: RemoveHooks;
}

/** Removes the container; resolves with its name. */
export async function removeContainer(root: string, nameOrId: string, options: RemoveContainerOptions = {}): Promise<string> {
  const { force = false, hooks = {}, removeVolumes = false } = options;
  const view = findContainer(root, nameOrId);
  assertCanRemove(view.record.name, view.state.status, force);
  if (view.state.status === 'running' || view.state.status === 'paused' || view.state.status === 'restarting') await stopContainer(root, view.record.id, 0, 'SIGKILL');
  await withLock(lockPath(root, `container-${view.record.id}`), `container ${view.record.name}`, async () => {
    const current = viewOf(root, view.record.id);
    if (current) assertCanRemove(current.record.name, current.state.status, false);
    await hooks.release?.(view.record.id);
    // The supervisor removes the cgroup when the container ends; this covers a supervisor that was killed.
    await Cgroup.open(view.record.id).remove();
    rmSync(view.paths.dir, { recursive: true, force: true });
    if (removeVolumes) removeAnonymousVolumes(root, view.record.config.volumes ?? []);
  });
  rmSync(lockPath(root, `container-${view.record.id}`), { force: true });
  return view.record.name;
}
