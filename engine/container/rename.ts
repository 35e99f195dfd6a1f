// docker rename: a container's name changes, its ID and everything else stay.
// Names are unique, so the change is made under the container store's lock;
// a running container's networks learn the new name through the hook.
import { EngineError, EngineErrorCode } from '../../errors.js';
import { withLock } from '../../state/lock.js';
import { lockPath } from '../../state/paths.js';
import { checkName } from './names.js';
import { writeRecord } from './record.js';
import { findContainer, listContainers } from './store.js';

export interface RenameHooks {
  /** The container's networks answer to the new name, not the old one. */
  readonly renamed?: (id: string, oldName: string, newName: string) => void | Promise<void>;
}

/** Returns the old name. */
export async function renameContainer(root: string, nameOrId: string, newName: string, hooks: RenameHooks = {}): Promise<string> {
  const name = checkName(newName);
  const { record } = await withLock(lockPath(root, 'containers'), 'the container store', () => {
    const view = findContainer(root, nameOrId);
    if (view.record.name === name) throw new EngineError(EngineErrorCode.InvalidConfig, `renaming container ${name}: the new name is its current name`);
    const clash = listContainers(root).find((c) => c.record.name === name);
    if (clash) throw new EngineError(EngineErrorCode.Conflict, `the container name "/${name}" is already in use by container "${clash.record.id}": remove or rename that container first`);
    writeRecord(view.paths.record, { ...view.record, name });
    return view;
  });
  await hooks.renamed?.(record.id, record.name, name);
  return record.name;
}
