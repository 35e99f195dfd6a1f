// pause / unpause: every process of the container frozen through its
// cgroup's freezer, as docker does.
import { Cgroup } from '../cgroups/index.js';
import { EngineError, EngineErrorCode } from '../../errors.js';
import { findContainer } from './store.js';

export async function pauseContainer(root: string, nameOrId: string): Promise<void> {
  const view = findContainer(root, nameOrId);
  if (view.state.status !== 'running') throw new EngineError(EngineErrorCode.IncorrectStatus, `cannot pause container ${view.record.name}: it is ${view.state.status}`);
  await Cgroup.open(view.record.id).freeze();
}

export async function unpauseContainer(root: string, nameOrId: string): Promise<void> {
  const view = findContainer(root, nameOrId);
  if (view.state.status !== 'paused') throw new EngineError(EngineErrorCode.IncorrectStatus, `cannot unpause container ${view.record.name}: it is not paused`);
  await Cgroup.open(view.record.id).thaw();
}
