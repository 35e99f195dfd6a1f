// The engine's one API: containers, their networks, volumes and images of one
// state root, wired together. The CLI's engine commands and the compose
// planner's executor both call this, so a compose container gets exactly the
// checks and hooks a `container run` gets. Networking is loaded only when a
// container or a call needs it.
import { EngineError, EngineErrorCode, FlotillaError } from '../errors.js';
import type { Readable } from 'node:stream';
import type { ContainerConfig } from './container/config.js';
import { copyFromContainer, copyToContainer } from './container/copy.js';
import { createContainer } from './container/create.js';
import { execInContainer, type ExecOptions } from './container/exec.js';
import type { ProcessStreams } from './container/host-stdio.js';
import { containerPids, containerStats, type ContainerStats } from './container/inspect-processes.js';
import { containerPaths } from './container/layout.js';
import { followLog, logSize, readLog, type LogEntry, type LogFilter } from './container/logs.js';
import { pauseContainer, unpauseContainer } from './container/pause.js';
import { pruneContainers, type PruneFilter, type PruneResult } from './container/prune.js';
import type { ContainerRecord } from './container/record.js';
import { removeContainer } from './container/remove.js';
import { renameContainer } from './container/rename.js';
import { startContainer, type StartedContainer, type TerminalSize } from './container/start.js';
import { killContainer, stopContainer, waitContainer } from './container/stop.js';
import { findContainer, listContainers, viewOf, type ContainerView } from './container/store.js';
import { waitForContainer } from './container/wait-for.js';
import { launcher } from './launcher.js';
import { networkInfo, type NetworkAddress, type NetworkInfo, type NetworkSpec, type PublishedPortInfo } from './network-info.js';
import { resizeTerminal } from './container/terminal.js';
import { containerTop, type ProcessTable } from './container/top.js';
import { updateContainer, type ContainerUpdate } from './container/update.js';
import { ImageStore } from './images/image-store.js';
import { engineInfo, type EngineInfo } from './info.js';
import { containerChanges, type RootChange } from './container/diff.js';
import { imageHistory, type HistoryEntry } from './images/history.js';
import { watchContainerEvents, type WatchEventsOptions } from './event-watch.js';
import { connectNetwork, disconnectNetwork, type ConnectOptions, type DisconnectOptions } from './network-membership.js';
import { stateRoot } from '../state/paths.js';
import { createVolume, getVolume, listVolumes, pruneVolumes, removeVolume, type PruneResult as VolumePruneResult, type VolumeSpec } from './volumes/volume-store.js';
import type { VolumeRecord } from './volumes/record.js';
import { volumesInUse } from './volumes/usage.js';
import type { BuildRequest, BuiltImage } from './build/build.js';
import type { PullOptions, PullProgress, PullResult } from './registry/pull.js';
import { lastPulled } from './registry/pull-record.js';
import { formatReference, parseReference } from './images/reference.js';
import type { PushOptions, PushProgress, PushResult } from './registry/push.js';

export type { ContainerView, ContainerRecord, ContainerConfig, LogEntry, ProcessTable };
export type { NetworkAddress, NetworkInfo, NetworkSpec, PublishedPortInfo };
export type { ContainerEvent } from './container-events.js';
export type { RootChange, ChangeKind } from './container/diff.js';
export type { HistoryEntry } from './images/history.js';
export type { BuildRequest, BuiltImage };
export type { PullOptions, PullProgress, PullResult, PushOptions, PushProgress, PushResult };

type Env = Readonly<Record<string, string | undefined>>;
type Networking = typeof import('../networking/index.js');

export interface EngineOptions {
  /** The state root; FLOTILLA_ROOT or /var/lib/flotilla when not given. */
  readonly root?: string;
  readonly env?: Env;
}

export interface StartOptions {
  /** Resolve `exit` with the exit code; the caller reads the output itself. */
  readonly attach?: boolean;
  /** Attached, for a container with open stdin (-i): what it reads. Without it, /dev/null. */
  readonly stdin?: Readable;
  readonly terminal?: TerminalSize;
}

/** Where an attached container's output goes: each stream where the container wrote it (none: dropped). */
export type OutputStreams = Pick<ProcessStreams, 'stdout' | 'stderr'>;

export interface AttachedStartOptions extends OutputStreams {
  /** For a container with open stdin (-i): what it reads. */
  readonly stdin?: Readable;
  readonly terminal?: TerminalSize;
  /** Remove the container (and its anonymous volumes) once it has ended; by default, when it is a --rm one. */
  readonly remove?: boolean;
}

export interface StopOptions {
  /** Seconds between the stop signal and SIGKILL; negative waits forever. */
  readonly timeout?: number;
  readonly signal?: string;
}

export interface RemoveOptions {
  /** Kill a running container first (docker's rm -f). */
  readonly force?: boolean;
  /** Take its anonymous volumes along (docker's rm -v). */
  readonly volumes?: boolean;
}

export class Engine {
  readonly root: string;
  readonly images: ImageStore;
  private readonly env: Env;
  private networkingModule?: Promise<Networking>;

  constructor(options: EngineOptions = {}) {
    this.env = options.env ?? process.env;
    this.root = options.root ?? stateRoot(this.env);
    const root = this.root;
    this.images = new ImageStore(root, { imagesInUse: () => new Set(listContainers(root).map((c) => c.record.image.manifest)) });
  }

  // ---- containers

  list(filter: { labels?: Readonly<Record<string, string>> } = {}): ContainerView[] {
    const wanted = Object.entries(filter.labels ?? {});
    return listContainers(this.root).filter((c) => wanted.every(([k, v]) => c.record.config.labels?.[k] === v));
  }

  /** The container by id, name or unique id prefix; throws FLOTILLA_ENGINE_NOT_FOUND. */
  inspect(nameOrId: string): ContainerView {
    return findContainer(this.root, nameOrId);
  }

  /** The container by full id, or undefined once it is gone. */
  find(id: string): ContainerView | undefined {
    return viewOf(this.root, id);
  }

  create(config: ContainerConfig): Promise<ContainerRecord> {
    return createContainer(this.root, this.images, config);
  }

  start(nameOrId: string, options: StartOptions = {}): Promise<StartedContainer> {
    const { attach, stdin, terminal } = options;
    return startContainer(this.root, this.images, nameOrId, this.hooks(), { ...(attach && { attach }), ...(stdin && { stdin }), ...(terminal && { terminal }) });
  }

  /**
   * Starts the container, copies its output to the caller's streams until it
   * ends (after any restarts) and resolves with its exit code; then removes
   * it, or takes it off its networks, as `docker run` and `start -a` do.
   */
  async startAttached(nameOrId: string, options: AttachedStartOptions = {}): Promise<number> {
    const { stdin, terminal } = options;
    const remove = options.remove ?? this.inspect(nameOrId).record.config.autoRemove === true;
    try {
      const started = await this.start(nameOrId, { attach: true, ...(stdin && { stdin }), ...(terminal && { terminal }) });
      await followLog(containerPaths(this.root, started.id).log, 0, started.exit!, writeTo(options));
      return await started.exit!;
    } finally {
      if (remove) await this.remove(nameOrId, { force: true, volumes: true });
      else await this.release(this.inspect(nameOrId).record.id);
    }
  }

  /** Copies a running container's output from now to the caller's streams until it ends; resolves with its exit code. */
  async attach(nameOrId: string, streams: OutputStreams = {}): Promise<number> {
    const { record, state } = this.inspect(nameOrId);
    if (state.status !== 'running' && state.status !== 'restarting' && state.status !== 'paused') {
      throw new EngineError(EngineErrorCode.IncorrectStatus, `cannot attach to container ${record.name}: it is ${state.status}, start it first`);
    }
    const ended = this.waitFor(record.id, (view) => view.state.status === 'exited' || view.state.status === 'created');
    await this.followLogs(record.id, ended, writeTo(streams));
    return (await ended)?.state.exitCode ?? (await waitContainer(this.root, record.id));
  }

  /** Runs a command in a running container with the caller's streams; resolves with its exit code (0 at once when detached). */
  exec(nameOrId: string, options: ExecOptions & ProcessStreams): Promise<number> {
    const { stdin, stdout, stderr, ...exec } = options;
    return execInContainer(this.root, nameOrId, exec, { ...(stdin && { stdin }), ...(stdout && { stdout }), ...(stderr && { stderr }) });
  }

  /** Tells a running container with a terminal its new size; returns whether it was told. */
  resize(nameOrId: string, size: TerminalSize): boolean {
    return resizeTerminal(this.root, nameOrId, size);
  }

  /** Stops the container and takes it off its networks. */
  async stop(nameOrId: string, options: StopOptions = {}): Promise<void> {
    const { record } = this.inspect(nameOrId);
    await stopContainer(this.root, record.id, options.timeout, options.signal);
    await this.release(record.id);
  }

  kill(nameOrId: string, signal = 'SIGKILL'): void {
    killContainer(this.root, nameOrId, signal);
  }

  remove(nameOrId: string, options: RemoveOptions = {}): Promise<string> {
    return removeContainer(this.root, nameOrId, { force: options.force === true, removeVolumes: options.volumes === true, hooks: this.hooks() });
  }

  /** Removes every container that is not running (created or exited) and matches the filter. */
  prune(filter: PruneFilter = {}): Promise<PruneResult> {
    return pruneContainers(this.root, this.hooks(), filter);
  }

  async rename(nameOrId: string, newName: string): Promise<void> {
    await renameContainer(this.root, nameOrId, newName, this.hooks());
  }

  /** Resource limits and the restart policy, at once for a running container. */
  update(nameOrId: string, update: ContainerUpdate): Promise<void> {
    return updateContainer(this.root, nameOrId, update);
  }

  pause(nameOrId: string): Promise<void> {
    return pauseContainer(this.root, nameOrId);
  }

  unpause(nameOrId: string): Promise<void> {
    return unpauseContainer(this.root, nameOrId);
  }

  /** Resolves with the exit code once the container is not running any more. */
  wait(nameOrId: string): Promise<number> {
    return waitContainer(this.root, nameOrId);
  }

  /** docker info's figures: container and image counts, drivers, kernel, the state root. */
  info(): EngineInfo {
    return engineInfo(this.root, this.list(), this.images.list().length);
  }

  /** Container events as they happen (and, with history, what the store tells of the past) until the signal aborts. */
  watchEvents(options: WatchEventsOptions): Promise<void> {
    return watchContainerEvents(this.root, options);
  }

  /** docker diff: what the container added (A), changed (C) and deleted (D) in its root. */
  changes(nameOrId: string): Promise<RootChange[]> {
    return containerChanges(this.root, this.images, nameOrId);
  }

  /** docker image history: the image's steps, newest first, with the size each added. */
  imageHistory(nameOrId: string): HistoryEntry[] {
    return imageHistory(this.images, nameOrId);
  }

  /** Host pids of the container's processes. */
  pids(nameOrId: string): number[] {
    return containerPids(this.root, nameOrId);
  }

  /** The container's processes as the host's ps shows them (`ps -ef` unless other options are given). */
  top(nameOrId: string, psArgs?: readonly string[]): ProcessTable {
    return containerTop(this.root, nameOrId, psArgs);
  }

  stats(namesOrIds: readonly string[]): Promise<ContainerStats[]> {
    return containerStats(this.root, namesOrIds);
  }

  copyFrom(nameOrId: string, containerPath: string, hostDest: string): Promise<void> {
    return copyFromContainer(this.root, this.images, nameOrId, containerPath, hostDest);
  }

  /** With `keepOwner: false` the copies belong to root in the container (docker cp without -a); they keep the host's owner by default. */
  copyTo(nameOrId: string, hostSrc: string, containerDest: string, options: { readonly keepOwner?: boolean } = {}): Promise<void> {
    return copyToContainer(this.root, this.images, nameOrId, hostSrc, containerDest, options);
  }

  readLogs(id: string, filter: LogFilter = {}): LogEntry[] {
    return readLog(containerPaths(this.root, id).log, filter);
  }

  /** The size of the container's log now: where following it from now on starts. */
  logOffset(id: string): number {
    return logSize(containerPaths(this.root, id).log);
  }

  /** Calls onEntry for every log entry written from byte `offset` of the log until `done` resolves. */
  followLogsFrom(id: string, offset: number, done: Promise<unknown>, onEntry: (entry: LogEntry) => void): Promise<void> {
    return followLog(containerPaths(this.root, id).log, offset, done, onEntry);
  }

  /** Calls onEntry for every log entry written from now (or from `fromStart`) until `done` resolves. */
  followLogs(id: string, done: Promise<unknown>, onEntry: (entry: LogEntry) => void, fromStart = false): Promise<void> {
    const path = containerPaths(this.root, id).log;
    return followLog(path, fromStart ? 0 : logSize(path), done, onEntry);
  }

  /**
   * Resolves with the container's view once `until` holds for it (or it is
   * gone: undefined). Woken by the supervisor's writes to the container's
   * directory (state, health), not by a polling interval; a slow liveness
   * check covers a supervisor killed without a word.
   */
  waitFor(id: string, until: (view: ContainerView) => boolean, signal?: AbortSignal): Promise<ContainerView | undefined> {
    return waitForContainer(this.root, id, until, signal);
  }

  // ---- networks

  async listNetworks(): Promise<NetworkInfo[]> {
    const networking = await this.networking();
    return networking.networkViews(this.root).map(networkInfo);
  }

  async createNetwork(name: string, spec: NetworkSpec = {}): Promise<NetworkInfo> {
    const networking = await this.networking();
    const record = await networking.createNetwork(this.root, name, spec, this.env);
    return networkInfo({ ...record, containers: {} });
  }

  async removeNetwork(nameOrId: string): Promise<void> {
    const networking = await this.networking();
    await networking.removeNetworks(this.root, [nameOrId], this.env);
  }

  /** The host ports a running container publishes now (none when it is not running). */
  async publishedPorts(id: string): Promise<readonly PublishedPortInfo[]> {
    const view = viewOf(this.root, id);
    if (view?.state.status !== 'running' || view.record.config.networkMode !== 'bridge') return [];
    return (await this.networking()).attachmentOf(this.root, id)?.ports ?? [];
  }

  /** A running container's address on each network it is on now, in attach order (none when it is not running). */
  async networkAddresses(id: string): Promise<readonly NetworkAddress[]> {
    const view = viewOf(this.root, id);
    if (view?.state.status !== 'running' || view.record.config.networkMode !== 'bridge') return [];
    const endpoints = (await this.networking()).attachmentOf(this.root, id)?.endpoints ?? [];
    return endpoints.map((e) => ({ network: e.networkName, ip: e.ip, prefix: e.prefix }));
  }

  /** Removes the networks no container uses that `filter` takes; resolves with their names. */
  async pruneNetworks(filter: (network: Omit<NetworkInfo, 'containers'>) => boolean = () => true): Promise<string[]> {
    const networking = await this.networking();
    return networking.pruneNetworks(this.root, (record) => filter(networkInfo({ ...record, containers: {} })), this.env);
  }

  /** Puts the container on the network: now if it runs, and at every later start. */
  async connect(network: string, container: string, options: ConnectOptions = {}): Promise<void> {
    await connectNetwork(this.root, this.env, await this.networking(), network, container, options);
  }

  /** Takes the container off the network: now if it runs, and from its later starts. */
  async disconnect(network: string, container: string, options: DisconnectOptions = {}): Promise<void> {
    await disconnectNetwork(this.root, this.env, await this.networking(), network, container, options);
  }

  // ---- volumes

  listVolumes(): VolumeRecord[] {
    return listVolumes(this.root);
  }

  createVolume(spec: VolumeSpec): VolumeRecord {
    return createVolume(this.root, spec);
  }

  removeVolume(name: string, force = false): void {
    removeVolume(this.root, name, force);
  }

  /** The volume by name; throws FLOTILLA_ENGINE_NOT_FOUND. */
  inspectVolume(name: string): VolumeRecord {
    return getVolume(this.root, name);
  }

  /** Names of the volumes some container mounts. */
  volumesInUse(): ReadonlySet<string> {
    return volumesInUse(this.root);
  }

  /** Removes the anonymous volumes no container uses (with `all`, the named ones too). */
  pruneVolumes(options: { readonly all?: boolean } = {}): VolumePruneResult {
    return pruneVolumes(this.root, { all: options.all === true });
  }

  // ---- images

  /** The image ID of a stored image, or undefined when the store has no such name. */
  imageId(reference: string): string | undefined {
    try {
      return this.images.imageId(this.images.resolve(reference));
    } catch (err) {
      if (err instanceof EngineError && err.code === EngineErrorCode.NotFound) return undefined;
      throw err;
    }
  }

  /** Builds an image from a Dockerfile and names it; a failed build names nothing and leaves no container. */
  async build(request: BuildRequest): Promise<BuiltImage> {
    // The builder (tar writer, Dockerfile parser) loads only for a build.
    const { buildImage } = await import('./build/build.js');
    return buildImage(this, request);
  }

  /**
   * Pulls an image from its registry into the store (blobs it already has
   * are not downloaded again); resolves with what was stored. The registry
   * client loads only when a pull or push runs.
   */
  async pull(reference: string, options: Omit<PullOptions, 'env'> = {}): Promise<PullResult> {
    const { pullImage } = await import('./registry/pull.js');
    return pullImage(this.images, reference, { env: this.env, ...options });
  }

  /** Pushes a stored image to the registry its name points at. */
  async push(reference: string, options: Omit<PushOptions, 'env'> = {}): Promise<PushResult> {
    const { pushImage } = await import('./registry/push.js');
    return pushImage(this.images, reference, { env: this.env, ...options });
  }

  /** When `reference` was last pulled into this store, if ever (pull_policy daily, weekly, every_N). */
  lastPulled(reference: string): Date | undefined {
    return lastPulled(this.root, formatReference(parseReference(reference)));
  }

  // ---- wiring

  private networking(): Promise<Networking> {
    this.networkingModule ??= import('../networking/index.js');
    return this.networkingModule;
  }

  /** Takes a container off its networks (after a stop, an attached run, a failed start). */
  async release(id: string): Promise<void> {
    // Only bridge-mode containers ever join networks: the others skip loading networking.
    const view = viewOf(this.root, id);
    if (view && view.record.config.networkMode !== 'bridge') return;
    await (await this.networking()).releaseContainer(this.root, id, this.env);
  }

  /** What start, remove and rename call around a container: networks, and a --rm container's removal. */
  hooks() {
    const root = this.root;
    const env = this.env;
    const networking = () => this.networking();
    return {
      // This command's own launcher, so the removal runs on the same state root (FLOTILLA_ROOT is passed on).
      removeCommand: (id: string) => [launcher(), 'container', 'rm', '-v', id],
      beforeStart: async (view: ContainerView) => (view.record.config.networkMode === 'bridge' ? (await networking()).networkHooks(root, env).beforeStart(view) : undefined),
      release: (id: string) => this.release(id),
      renamed: async (id: string, _oldName: string, newName: string) => {
        const view = viewOf(root, id);
        if (view && view.record.config.networkMode !== 'bridge') return;
        await (await networking()).renameAttachment(root, id, newName, env);
      },
    };
  }
}

/** Writes each log entry to the stream it came from. */
function writeTo(streams: OutputStreams): (entry: LogEntry) => void {
  return (entry) => void (entry.stream === 'stderr' ? streams.stderr : streams.stdout)?.write(entry.log);
}
