// A container's status as docker names it, from the supervisor's record and
// whether its processes still live; and the guards every verb checks first.
import { EngineError, EngineErrorCode } from '../../errors.js';
import { isAlive } from './liveness.js';
import type { SupervisorState } from './record.js';

export type ContainerStatus = 'created' | 'running' | 'paused' | 'restarting' | 'exited';

export interface ObservedState {
  readonly status: ContainerStatus;
  /** Host pid of the container's first process while running, else 0. */
  readonly pid: number;
  readonly exitCode: number;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly oomKilled: boolean;
  readonly restartCount: number;
  readonly error: string;
  /** The supervisor is alive (it may still be recording an exit). */
  readonly supervised: boolean;
}

/** Exit code shown for a container whose supervisor vanished (killed, or a reboot). */
export const LOST_EXIT_CODE = 255;

export function observe(state: SupervisorState | undefined): ObservedState {
  if (!state) return { status: 'created', pid: 0, exitCode: 0, startedAt: '', finishedAt: '', oomKilled: false, restartCount: 0, error: '', supervised: false };
  const supervised = isAlive(state.shimPid, state.shimStart);
  const base = { exitCode: state.exitCode, startedAt: state.startedAt, finishedAt: state.finishedAt, oomKilled: state.oomKilled, restartCount: state.restartCount, error: state.error, supervised };
  if (state.status === 'exited') return { ...base, status: 'exited', pid: 0 };
  if (supervised && state.status === 'restarting') return { ...base, status: 'restarting', pid: 0 };
  // A live supervisor is about to record the exit; a running process without one still runs.
  if (supervised || (state.status === 'running' && isAlive(state.pid, state.pidStart))) return { ...base, status: 'running', pid: state.pid };
  // The supervisor and the process are gone without a final record.
  return { ...base, status: 'exited', pid: 0, exitCode: LOST_EXIT_CODE, finishedAt: state.finishedAt || state.startedAt };
}

function incorrect(name: string, status: ContainerStatus, verb: string, hint = ''): EngineError {
  return new EngineError(EngineErrorCode.IncorrectStatus, `cannot ${verb} container ${name}: it is ${status}${hint}`);
}

export function assertCanStart(name: string, status: ContainerStatus): void {
  if (status === 'running' || status === 'paused' || status === 'restarting') throw incorrect(name, status, 'start');
}

export function assertCanRemove(name: string, status: ContainerStatus, force: boolean): void {
  if (!force && (status === 'running' || status === 'paused' || status === 'restarting')) throw incorrect(name, status, 'remove', ': stop it first or use -f');
}
