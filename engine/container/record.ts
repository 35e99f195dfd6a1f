// A container's stored record and the supervisor's state file, read and
// written in one place.
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../../state/atomic-write.js';
import type { ContainerConfig } from './config.js';
import type { ResolvedHealthcheck } from './healthcheck.js';
import type { ContainerProcess } from './process.js';

export interface ContainerRecord {
  readonly id: string;
  readonly name: string;
  /** ISO time of creation. */
  readonly created: string;
  readonly config: ContainerConfig;
  /** The image as named, its manifest digest and its ID (config digest). */
  readonly image: { readonly name: string; readonly manifest: string; readonly id: string };
  readonly process: ContainerProcess;
  readonly hostname: string;
  readonly stopSignal: string;
  /** The healthcheck as resolved at create (image's, overridden by the config's), if any. */
  readonly healthcheck?: ResolvedHealthcheck;
  /** docker's Config.ExposedPorts keys (`80/tcp`): the image's, --expose and the published ones. */
  readonly exposedPorts?: readonly string[];
}

export interface HealthState {
  readonly Status: 'starting' | 'healthy' | 'unhealthy';
  readonly FailingStreak: number;
  readonly Log: readonly { Start: string; End: string; ExitCode: number; Output: string }[];
}

export function readHealth(path: string): HealthState | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as HealthState;
  } catch {
    return undefined;
  }
}

/** What the supervisor last recorded (engine/shim/state.c). */
export interface SupervisorState {
  readonly status: 'created' | 'running' | 'restarting' | 'exited';
  readonly pid: number;
  readonly pidStart: string;
  readonly shimPid: number;
  readonly shimStart: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly exitCode: number;
  readonly oomKilled: boolean;
  readonly restartCount: number;
  readonly error: string;
}

export function readRecord(path: string): ContainerRecord {
  return JSON.parse(readFileSync(path, 'utf8')) as ContainerRecord;
}

export function writeRecord(path: string, record: ContainerRecord): void {
  writeFileAtomic(path, `${JSON.stringify(record, null, 2)}\n`);
}

export function readSupervisorState(path: string): SupervisorState | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) fields.set(line.slice(0, eq), line.slice(eq + 1));
  }
  const num = (key: string) => Number(fields.get(key) ?? 0);
  return {
    status: (fields.get('status') ?? 'created') as SupervisorState['status'],
    pid: num('pid'),
    pidStart: fields.get('pid_start') ?? '0',
    shimPid: num('shim_pid'),
    shimStart: fields.get('shim_start') ?? '0',
    startedAt: fields.get('started_at') ?? '',
    finishedAt: fields.get('finished_at') ?? '',
    exitCode: num('exit_code'),
    oomKilled: fields.get('oom_killed') === '1',
    restartCount: num('restart_count'),
    error: fields.get('error') ?? '',
  };
}
