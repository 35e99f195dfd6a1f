// `container exec`: a process inside a running container, started by the
// supervisor binary in exec mode (it joins the container's cgroup and
// namespaces). The spec goes through a pipe, so nothing is left on disk.
import { spawn } from 'node:child_process';
import type { Writable } from 'node:stream';
import { EngineError, EngineErrorCode } from '../../errors.js';
import { Cgroup } from '../cgroups/index.js';
import { capabilitySet, mergeEnv } from './process.js';
import { readSupervisorState } from './record.js';
import { relayStdio, stdioEntry, type ProcessStreams, type StdioEntry } from './host-stdio.js';
import { shimBinary } from './shim-binary.js';
import { encodeSpec, type SpecRecord } from './spec.js';
import { seccompCache } from './seccomp/cache.js';
import { containerSeccomp, seccompRecords } from './seccomp/resolve.js';
import { findContainer, type ContainerView } from './store.js';

export interface ExecOptions {
  readonly cmd: readonly string[];
  readonly env?: readonly string[];
  readonly user?: string;
  readonly workingDir?: string;
  readonly privileged?: boolean;
  /** Give the command the caller's stdin (docker exec -i); without it, it reads /dev/null. */
  readonly interactive?: boolean;
  /** Give the command a terminal in the container, relayed to the caller's streams (docker exec -t). */
  readonly tty?: boolean;
  /** Start it and return at once, without waiting or output. */
  readonly detach?: boolean;
}

/** Runs the command with the caller's streams (none: /dev/null); resolves with its exit code (0 at once when detached). */
export async function execInContainer(root: string, nameOrId: string, options: ExecOptions, streams: ProcessStreams = {}): Promise<number> {
  const view = findContainer(root, nameOrId);
  if (view.state.status !== 'running') throw new EngineError(EngineErrorCode.IncorrectStatus, `container ${view.record.name} is not running (it is ${view.state.status})`);
  if (options.cmd.length === 0) throw new EngineError(EngineErrorCode.InvalidConfig, 'exec needs a command');
  const spec = encodeSpec(execRecords(view, options, root));
  const stdio = options.detach ? (['ignore', 'ignore', 'ignore'] as const) : execStdio(options, streams);
  const child = spawn(shimBinary(), ['exec', '/dev/fd/3'], { stdio: [...stdio, 'pipe'], detached: options.detach === true });
  relayStdio(child, stdio, streams);
  const specPipe = child.stdio[3] as Writable;
  specPipe.on('error', () => undefined); // a supervisor that failed early reports through its exit code
  specPipe.end(spec);
  if (options.detach) {
    child.unref();
    return 0;
  }
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    // 'close', not 'exit': relayed output may still be on its way.
    child.on('close', (code, signal) => resolve(code ?? 128 + (signal ? signalNumberOf(signal) : 0)));
  });
}

/**
 * The caller's streams as the command's: pipes and sockets are handed over
 * as they are; anything else (a file, a terminal) is relayed through a pipe,
 * since through /proc/PID/fd root in the container could reopen it, or chmod
 * it on the host. For -t the supervisor relays the terminal itself, and the
 * container never holds these.
 */
function execStdio(options: ExecOptions, streams: ProcessStreams): readonly StdioEntry[] {
  const toSupervisor = options.tty === true;
  const input = options.tty || options.interactive ? streams.stdin : undefined;
  return [stdioEntry(input, { toSupervisor }), stdioEntry(streams.stdout, { toSupervisor }), stdioEntry(streams.stderr, { toSupervisor })];
}

/** The exec spec: the container's own process settings, with the exec's overrides. */
export function execRecords(view: ContainerView, options: ExecOptions, root?: string): SpecRecord[] {
  const state = readSupervisorState(view.paths.state);
  const { record } = view;
  const config = options.privileged ? { ...record.config, privileged: true } : record.config;
  let cgroupJoin: string[] = [];
  let cgroupInto: string | undefined;
  try {
    const cgroup = Cgroup.open(record.id);
    cgroupJoin = cgroup.joinFiles();
    cgroupInto = cgroup.cloneIntoDir();
  } catch {
    // no cgroup support: the process runs without one
  }
  return [
    ['target', String(state?.pid ?? 0), state?.pidStart ?? '0'],
    ...options.cmd.map((arg): SpecRecord => ['arg', arg]),
    ...mergeEnv(record.process.env, options.tty ? ['TERM=xterm'] : [], options.env ?? []).map((e): SpecRecord => ['env', e]),
    ['cwd', options.workingDir ?? record.process.workingDir],
    ['user', options.user ?? record.process.user],
    ...(record.config.groupAdd ?? []).map((g): SpecRecord => ['group', g]),
    ...capabilitySet(config).map((cap): SpecRecord => ['cap', String(cap)]),
    ...cgroupJoin.map((file): SpecRecord => ['cgroup_join', file]),
    ...(cgroupInto ? [['cgroup_into', cgroupInto] as SpecRecord] : []),
    ...(config.privileged ? [['privileged'] as SpecRecord] : []),
    ...(record.config.noNewPrivileges ? [['no_new_privs'] as SpecRecord] : []),
    ...(options.tty ? [['tty', '0', '0'] as SpecRecord] : []),
    // The container's own filter, even for exec --privileged, as in Docker: what runs in there is filtered alike.
    ...seccompRecords(containerSeccomp(record.config, capabilitySet(record.config)), root === undefined ? undefined : seccompCache(root)),
  ];
}

function signalNumberOf(signal: NodeJS.Signals): number {
  return ({ SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 } as Record<string, number>)[signal] ?? 0;
}
