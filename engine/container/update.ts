// docker update: a container's resource limits and restart policy change,
// in its record and, while it runs, at once: the limits in its cgroup, the
// policy in a file its supervisor reads each time the container ends.
import { EngineError, EngineErrorCode } from '../../errors.js';
import { Cgroup, type CgroupLimits } from '../cgroups/index.js';
import { replaceFile } from '../../state/atomic-write.js';
import { withLock } from '../../state/lock.js';
import { lockPath } from '../../state/paths.js';
import type { ContainerConfig } from './config.js';
import { writeRecord } from './record.js';
import { findContainer } from './store.js';

export interface ContainerUpdate {
  readonly resources?: CgroupLimits;
  readonly restart?: ContainerConfig['restart'];
}

export async function updateContainer(root: string, nameOrId: string, update: ContainerUpdate): Promise<void> {
  const { record } = findContainer(root, nameOrId);
  await withLock(lockPath(root, `container-${record.id}`), `container ${record.name}`, () => {
    const { record: current, state, paths } = findContainer(root, record.id);
    if (update.restart && update.restart.name !== 'no' && current.config.autoRemove) {
      throw new EngineError(EngineErrorCode.InvalidConfig, `cannot update the restart policy of container ${current.name}: it is removed when it exits (--rm)`);
    }
    const resources = { ...current.config.resources, ...update.resources };
    const live = state.status === 'running' || state.status === 'paused' || state.status === 'restarting';
    // The kernel may refuse (a memory limit below what is in use): then nothing changes.
    if (live && update.resources) Cgroup.open(current.id).update(resources);
    writeRecord(paths.record, { ...current, config: { ...current.config, resources, ...(update.restart && { restart: update.restart }) } });
    if (live && update.restart) replaceFile(paths.restartPolicy, `${update.restart.name} ${update.restart.maximumRetryCount ?? 0}\n`);
  });
}
