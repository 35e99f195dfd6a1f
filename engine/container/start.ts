// Starting a container: write the supervisor's spec and launch the
// supervisor, detached so it outlives this process. Resolves once the
// command runs (or failed to); `exit` resolves with its exit code. A
// container on networks has them attached while its supervisor makes it.
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { EngineError, EngineErrorCode } from '../../errors.js';
import type { ImageStore } from '../images/image-store.js';
import { withLock } from '../../state/lock.js';
import { lockPath } from '../../state/paths.js';
import { hostMaskedPaths } from './defaults.js';
import { capabilitySet } from './process.js';
import { readSupervisorState } from './record.js';
import { relayInput, stdioEntry, type StdioEntry } from './host-stdio.js';
import { shimBinary } from './shim-binary.js';
import { Cgroup } from '../cgroups/index.js';
import { encodeSpec, networkRecords, specRecords, type NetworkPreparation, type SpecInput } from './spec.js';
import { volumeBindRecords } from './volumes.js';
import { seccompCache } from './seccomp/cache.js';
import { deviceBinds, resolveDevices } from './devices.js';
import { assertCanStart } from './status.js';
import { findContainer, type ContainerView } from './store.js';

export interface StartedContainer {
  readonly id: string;
  readonly pid: number;
  /** Attached starts only: the exit code once the container is done (after any restarts). */
  readonly exit?: Promise<number>;
}

/** What a start hook prepared for the container: the namespace to join, ports to hold, commands for the end. */
export type StartPreparation = NetworkPreparation;

/** Hooks that prepare what a container joins before it runs (its networks) and undo it. */
export interface StartHooks {
  /** The command that removes a container (absolute program first): a detached --rm container's supervisor runs it once it has ended. */
  readonly removeCommand?: (id: string) => readonly string[];
  readonly beforeStart?: (view: ContainerView) => void | StartPreparation | undefined | Promise<void | StartPreparation | undefined>;
  /** Undoes beforeStart when the container did not start after all. */
  readonly release?: (id: string) => void | Promise<void>;
}

/** A start that failed in the container (exit 125, 126 or 127 as docker gives). */
export class ContainerStartError extends EngineError {
  constructor(readonly exitCode: number, message: string) {
    super(EngineErrorCode.System, message);
    this.exitStatus = exitCode;
  }
}

/** The caller's terminal size, for a container with a terminal. */
export interface TerminalSize {
  readonly rows: number;
  readonly columns: number;
}

export interface StartContainerOptions {
  /** Resolve `exit` with the exit code, and leave a --rm container's removal to the caller. */
  readonly attach?: boolean;
  /** Attached to a container with open stdin (-i): what it reads. Without it, /dev/null. */
  readonly stdin?: Readable;
  /** The caller's terminal size, for a container with a terminal. */
  readonly terminal?: TerminalSize;
}

type LaunchOptions = Pick<StartContainerOptions, 'stdin' | 'terminal'> & { readonly attach: boolean };

export async function startContainer(root: string, images: ImageStore, nameOrId: string, hooks: StartHooks = {}, options: StartContainerOptions = {}): Promise<StartedContainer> {
  const attach = options.attach === true;
  const launchOptions: LaunchOptions = { attach, ...(options.stdin && { stdin: options.stdin }), ...(options.terminal && { terminal: options.terminal }) };
  const view = findContainer(root, nameOrId);
  return withLock(lockPath(root, `container-${view.record.id}`), `container ${view.record.name}`, async () => {
    const current = findContainer(root, view.record.id);
    assertCanStart(current.record.name, current.state.status);
    const { record, paths } = current;
    const layers = await images.layerDirs(record.image.manifest);
    rmSync(paths.stopMarker, { force: true });
    rmSync(paths.state, { force: true });
    rmSync(paths.health, { force: true });
    rmSync(paths.restartPolicy, { force: true });
    const shared = sharedNamespace(root, record.config.networkMode);
    // Attached, the caller removes a --rm container itself, and waits for that.
    const removal = record.config.autoRemove && !attach ? hooks.removeCommand?.(record.id) : undefined;
    const extras = { ...joinedNamespaces(root, record.config), ...(removal && { afterExitCommands: [removal] }) };
    if (!shared && hooks.beforeStart && record.config.networkMode === 'bridge') return lateStart(root, current, layers, hooks, launchOptions, extras);
    const prepared = shared ? undefined : ((await hooks.beforeStart?.(current)) ?? undefined);
    try {
      const supervisor = launch(root, current, layers, { ...prepared, ...shared, ...extras }, launchOptions);
      return await started(supervisor, current, attach);
    } catch (err) {
      if (prepared) await hooks.release?.(record.id);
      throw err;
    }
  });
}

/**
 * A container on networks: its supervisor starts first and makes it (clone,
 * cgroups, the root's mounts) while the hooks attach its networks; their
 * records follow on the late fd, with the commands that make its links,
 * which the supervisor runs (forking from it costs far less than from
 * node). A failed attach calls the start off, and the container is left as
 * it was.
 */
async function lateStart(root: string, current: ContainerView, layers: string[], hooks: StartHooks, options: LaunchOptions, extras: LaunchExtras): Promise<StartedContainer> {
  const { record, paths } = current;
  const supervisor = launch(root, current, layers, { lateFd: LATE_FD, ...extras }, options);
  const late = (supervisor.shim.stdio as unknown as Writable[])[LATE_FD]!;
  // A supervisor that ended early (its error is in its state) closes the pipe: that is reported by started().
  late.on('error', () => {});
  let prepared: StartPreparation | undefined;
  try {
    prepared = (await hooks.beforeStart!(current)) ?? undefined;
  } catch (err) {
    late.end();
    // The supervisor records the start as called off and ends; the container stays "created".
    for await (const _ of supervisor.events);
    rmSync(paths.state, { force: true });
    throw err;
  }
  try {
    late.end(encodeSpec(networkRecords(prepared ?? {})));
    return await started(supervisor, current, options.attach);
  } catch (err) {
    await hooks.release?.(record.id);
    throw err;
  }
}

/** The supervisor's fd the late records arrive on (0-2 ignored, 3 its reports, 4 the container's stdin). */
const LATE_FD = 5;

type LaunchExtras = Pick<SpecInput, 'joinNamespaces' | 'shmFrom' | 'afterExitCommands'>;

/**
 * --pid (and, for the engine, --ipc) `container:NAME`: that container's
 * namespaces while it runs. An IPC namespace would also need that
 * container's /dev/shm, which lives in its mount namespace alone: the CLI
 * does not offer it yet.
 */
function joinedNamespaces(root: string, config: ContainerView['record']['config']): LaunchExtras {
  const joins: { kind: 'pid' | 'ipc'; path: string }[] = [];
  let shmFrom: string | undefined;
  for (const [kind, mode] of [['pid', config.pidMode], ['ipc', config.ipcMode]] as const) {
    if (!mode?.startsWith('container:')) continue;
    const target = findContainer(root, mode.slice('container:'.length));
    if (target.state.status !== 'running' || !target.state.pid) {
      throw new EngineError(EngineErrorCode.IncorrectStatus, `cannot join the ${kind} namespace of container ${target.record.name}: it is not running`);
    }
    joins.push({ kind, path: `/proc/${target.state.pid}/ns/${kind}` });
    if (kind === 'ipc') shmFrom = `/proc/${target.state.pid}/root/dev/shm`;
  }
  return { ...(joins.length > 0 && { joinNamespaces: joins }), ...(shmFrom && { shmFrom }) };
}

/** `container:NAME`: that container's network namespace and /etc files, while it runs. */
function sharedNamespace(root: string, mode: string | undefined): { netnsPath: string; etcFrom: ContainerView['paths'] } | undefined {
  if (!mode?.startsWith('container:')) return undefined;
  const target = findContainer(root, mode.slice('container:'.length));
  if (target.state.status !== 'running' || !target.state.pid) {
    throw new EngineError(EngineErrorCode.IncorrectStatus, `cannot join the network of container ${target.record.name}: it is not running`);
  }
  return { netnsPath: `/proc/${target.state.pid}/ns/net`, etcFrom: target.paths };
}

interface Supervisor {
  readonly shim: ChildProcess;
  readonly events: AsyncGenerator<string>;
}

/** Writes the spec and spawns the supervisor, detached: it outlives us. */
function launch(root: string, current: ContainerView, layers: string[], prepared: NetworkPreparation & LaunchExtras & { etcFrom?: ContainerView['paths']; lateFd?: number }, options: LaunchOptions): Supervisor {
  const { terminal } = options;
  const { record, paths } = current;
  const devices = resolveDevices(record.config.devices ?? []);
  const cgroup = Cgroup.create(record.id, record.config.resources ?? {}, { privileged: record.config.privileged === true, devices: devices.map((d) => d.rule) });
  const into = cgroup.cloneIntoDir();
  const cgroupFiles = { join: cgroup.joinFiles(), ...(into && { into }), dirs: cgroup.directories(), oomFile: cgroup.oomCountFile() };
  const capabilities = capabilitySet(record.config, cgroup.hierarchy.canFilterDevices);
  const records = specRecords({
    paths, config: record.config, process: record.process, hostname: record.hostname, layers, capabilities, cgroup: cgroupFiles, initBinary: shimBinary(), maskedPaths: hostMaskedPaths(),
    volumeBinds: volumeBindRecords(root, record.config.volumes ?? []),
    deviceBinds: deviceBinds(devices),
    seccompCache: seccompCache(root),
    ...(record.healthcheck && { healthcheck: record.healthcheck }),
    ...prepared,
  });
  // Attached with -i: the caller's stdin becomes the container's, handed over as the supervisor's fd 4.
  // Without a terminal the container reads it itself, so a host file is relayed (see host-stdio.ts).
  const input = options.attach && record.config.openStdin === true ? options.stdin : undefined;
  const stdin: StdioEntry = stdioEntry(input, { toSupervisor: record.config.tty === true });
  if (stdin !== 'ignore') records.push(['stdin_fd', '4']);
  if (record.config.tty) records.push(['tty', String(terminal?.rows ?? 24), String(terminal?.columns ?? 80)], ['tty_size_file', paths.ttySize]);
  writeFileSync(paths.spec, encodeSpec(records), { mode: 0o600 });
  const stdio: StdioEntry[] = ['ignore', 'ignore', 'ignore', 'pipe', stdin];
  if (prepared.lateFd !== undefined) stdio[prepared.lateFd] = 'pipe';
  const shim = spawn(shimBinary(), [paths.spec], { detached: true, stdio });
  shim.unref();
  if (stdin === 'pipe' && input) relayInput(input, shim.stdio[4] as Writable);
  return { shim, events: lines(shim.stdio[3] as Readable) };
}

/** Waits for the supervisor's word that the command runs; throws with what it recorded if it did not. */
async function started({ shim, events }: Supervisor, { record, paths }: ContainerView, attach: boolean): Promise<StartedContainer> {
  const first = await events.next();
  const running = /^started (\d+)$/.exec(first.value ?? '');
  if (!running) {
    const state = readSupervisorState(paths.state);
    const code = state?.exitCode ?? 125;
    throw new ContainerStartError(code, `cannot start container ${record.name}: ${state?.error || 'the supervisor exited without starting it'}`);
  }
  const pid = Number(running[1]);
  if (!attach) {
    (shim.stdio[3] as Readable).destroy();
    return { id: record.id, pid };
  }
  return { id: record.id, pid, exit: exitCode(events, paths.state) };
}

async function exitCode(events: AsyncGenerator<string>, statePath: string): Promise<number> {
  for await (const line of events) {
    const match = /^exit (\d+)$/.exec(line);
    if (match) return Number(match[1]);
  }
  // The supervisor went away without a word: what it recorded is all we know.
  return readSupervisorState(statePath)?.exitCode ?? 255;
}

async function* lines(stream: Readable): AsyncGenerator<string> {
  let buffered = '';
  for await (const chunk of stream) {
    buffered += String(chunk);
    for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
      yield buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
    }
  }
}
