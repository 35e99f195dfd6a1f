// Stopping and killing: the stop signal, then SIGKILL after the grace
// period, as docker does; a stop marker first, so the supervisor does not
// restart what the user stopped.
import { writeFileSync } from 'node:fs';
import { constants } from 'node:os';
import { EngineError, EngineErrorCode } from '../../errors.js';
import { Cgroup } from '../cgroups/index.js';
import { withLock } from '../../state/lock.js';
import { lockPath } from '../../state/paths.js';
import { DEFAULT_STOP_TIMEOUT } from './defaults.js';
import { isAlive, signalIfAlive } from './liveness.js';
import { readSupervisorState } from './record.js';
import { findContainer, viewOf, type ContainerView } from './store.js';

const POLL_MS = 10;
/** How long a SIGKILLed process may take to go (a frozen cgroup, a process in uninterruptible sleep). */
const KILL_WAIT_MS = 10_000;

/** Stops a container; `timeout` in seconds (negative: wait forever). Resolves once it has exited. */
export async function stopContainer(root: string, nameOrId: string, timeout?: number, signal?: string): Promise<void> {
  const view = findContainer(root, nameOrId);
  await withLock(lockPath(root, `container-${view.record.id}`), `container ${view.record.name}`, async () => {
    writeFileSync(view.paths.stopMarker, '');
    const current = viewOf(root, view.record.id) ?? view;
    if (current.state.status === 'running' || current.state.status === 'paused') {
      const grace = timeout ?? view.record.config.stopTimeout ?? DEFAULT_STOP_TIMEOUT;
      sendSignal(current, signal ?? view.record.stopSignal);
      // A frozen process gets the signal once thawed.
      if (current.state.status === 'paused') await Cgroup.open(view.record.id).thaw();
      if (!(await processGone(current, grace < 0 ? Infinity : grace * 1000))) {
        sendSignal(current, 'SIGKILL');
        // Without a supervisor to wait for (it was killed), the process itself is: the stop is over once it is gone.
        await processGone(current, KILL_WAIT_MS);
      }
    }
    await supervisorDone(root, view.record.id, 10_000);
  });
}

/** Sends a signal to the container's first process (SIGKILL by default). */
export function killContainer(root: string, nameOrId: string, signal = 'SIGKILL'): void {
  const view = findContainer(root, nameOrId);
  if (view.state.status !== 'running') throw new EngineError(EngineErrorCode.IncorrectStatus, `cannot kill container ${view.record.name}: it is ${view.state.status}`);
  sendSignal(view, signal);
}

/** Resolves with the exit code once the container is not running any more. */
export async function waitContainer(root: string, nameOrId: string): Promise<number> {
  const { record } = findContainer(root, nameOrId);
  for (;;) {
    const view = viewOf(root, record.id);
    if (!view) throw new EngineError(EngineErrorCode.NotFound, `no such container: ${nameOrId}`);
    if (view.state.status === 'exited' || view.state.status === 'created') return view.state.exitCode;
    await sleep(POLL_MS * 5);
  }
}

export function signalNumber(signal: string | number): number {
  if (typeof signal === 'number' || /^\d+$/.test(signal)) return Number(signal);
  const name = `SIG${signal.toUpperCase().replace(/^SIG/, '')}` as keyof typeof constants.signals;
  const number = constants.signals[name];
  if (number === undefined) throw new EngineError(EngineErrorCode.InvalidConfig, `invalid signal: ${signal}`);
  return number;
}

function sendSignal(view: ContainerView, signal: string): void {
  const state = readSupervisorState(view.paths.state);
  if (state) signalIfAlive(state.pid, state.pidStart, signalNumber(signal));
}

async function processGone(view: ContainerView, ms: number): Promise<boolean> {
  const state = readSupervisorState(view.paths.state);
  if (!state) return true;
  for (const deadline = Date.now() + ms; Date.now() < deadline; await sleep(POLL_MS)) {
    if (!isAlive(state.pid, state.pidStart)) return true;
  }
  return !isAlive(state.pid, state.pidStart);
}

/** Waits for the supervisor to record the exit and end. */
async function supervisorDone(root: string, id: string, ms: number): Promise<void> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await sleep(POLL_MS)) {
    const state = readSupervisorState(viewOf(root, id)?.paths.state ?? '');
    if (!state || !isAlive(state.shimPid, state.shimStart)) return;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
