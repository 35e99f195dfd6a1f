// Resizing a running container's terminal (-t) when the client's changes:
// the supervisor holds the terminal, so it is told the new size through a
// file and a SIGWINCH; it sets the size, and the kernel tells the container.
import { replaceFile } from '../../state/atomic-write.js';
import { signalIfAlive } from './liveness.js';
import { readSupervisorState } from './record.js';
import { findContainer } from './store.js';
import type { TerminalSize } from './start.js';

/** Returns whether a running container with a terminal was told the new size. */
export function resizeTerminal(root: string, nameOrId: string, size: TerminalSize): boolean {
  const { record, paths } = findContainer(root, nameOrId);
  if (record.config.tty !== true || !(size.rows > 0 && size.columns > 0)) return false;
  const state = readSupervisorState(paths.state);
  if (!state || state.status !== 'running') return false;
  replaceFile(paths.ttySize, `${Math.floor(size.rows)} ${Math.floor(size.columns)}\n`);
  return signalIfAlive(state.shimPid, state.shimStart, 'SIGWINCH');
}
