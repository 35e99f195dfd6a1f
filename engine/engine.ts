// The engine's one API: containers, their networks, volumes and images of one
// state root, wired together. The CLI's engine commands and the compose
// planner's executor both call this, so a compose container gets exactly the
// checks and hooks a `container run` gets. Networking is loaded only when a
// container or a call needs it.
import { existsSync, statSync, watch } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EngineError, EngineErrorCode, FlotillaError } from '../errors.js';
import type { ContainerConfig } from './container/config.js';
import { createContainer } from './container/create.js';
import { containerPaths } from './container/layout.js';
import { followLog, logSize, readLog, type LogEntry, type LogFilter } from './container/logs.js';
import type { ContainerRecord } from './container/record.js';
import { removeContainer } from './container/remove.js';
import { renameContainer } from './container/rename.js';
import { startContainer, type StartedContainer, type TerminalSize } from './container/start.js';
import { killContainer, stopContainer } from './container/stop.js';
import { findContainer, listContainers, viewOf, type ContainerView } from './container/store.js';
import { ImageStore } from './images/image-store.js';
import { stateRoot } from './state/paths.js';
import { createVolume, listVolumes, removeVolume, type VolumeSpec } from './volumes/volume-store.js';
import type { VolumeRecord } from './volumes/record.js';

export type { ContainerView, ContainerRecord, ContainerConfig, LogEntry };

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
  readonly terminal?: TerminalSize;
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

export interface NetworkSpec {
  readonly driver?: string;
  readonly subnet?: string;
  readonly gateway?: string;
  readonly ipRange?: string;
  readonly internal?: boolean;
  readonly attachable?: boolean;
  readonly labels?: Readonly<Record<string, string>>;
  readonly options?: Readonly<Record<string, string>>;
}

/** A network as the engine API shows it. */
export interface NetworkInfo {
  readonly id: string;
  readonly name: string;
  readonly internal: boolean;
  readonly subnet: string;
  readonly gateway: string;
  readonly ipRange?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly options: Readonly<Record<string, string>>;
  /** Ids of the containers attached now. */
  readonly containers: readonly string[];
}

export interface PublishedPortInfo {
  readonly protocol: 'tcp' | 'udp';
  readonly hostIp: string;
  readonly hostPort: number;
  readonly containerPort: number;
}

/** How often a wait re-reads state that the kernel gives no event for (a supervisor killed outright). */
const LIVENESS_CHECK_MS = 1000;

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
    return startContainer(this.root, this.images, nameOrId, this.hooks(), options.attach === true, options.terminal);
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
    return removeContainer(this.root, nameOrId, options.force === true, this.hooks(), options.volumes === true);
  }

  async rename(nameOrId: string, newName: string): Promise<void> {
    await renameContainer(this.root, nameOrId, newName, this.hooks());
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
    const dir = containerPaths(this.root, id).dir;
    return new Promise((resolve, reject) => {
      let done = false;
      const finish = (err: unknown, view?: ContainerView) => {
        if (done) return;
        done = true;
        watcher?.close();
        clearInterval(timer);
        signal?.removeEventListener('abort', onAbort);
        if (err) reject(err);
        else resolve(view);
      };
      const check = () => {
        try {
          const view = viewOf(this.root, id);
          if (!view) finish(undefined, undefined);
          else if (until(view)) finish(undefined, view);
        } catch (err) {
          finish(err);
        }
      };
      const onAbort = () => finish(signal?.reason ?? new FlotillaError('FLOTILLA_CANCELLED', 'cancelled'));
      let watcher: ReturnType<typeof watch> | undefined;
      try {
        watcher = watch(dir, () => check());
        watcher.on('error', () => check());
      } catch {
        // the directory is gone: check() says so
      }
      const timer = setInterval(check, LIVENESS_CHECK_MS);
      signal?.addEventListener('abort', onAbort);
      check();
    });
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

function networkInfo(view: { id: string; name: string; internal: boolean; subnet: string; gateway: string; ipRange?: string; labels: Readonly<Record<string, string>>; options: Readonly<Record<string, string>>; containers: Readonly<Record<string, unknown>> }): NetworkInfo {
  return {
    id: view.id, name: view.name, internal: view.internal, subnet: view.subnet, gateway: view.gateway,
    ...(view.ipRange && { ipRange: view.ipRange }), labels: view.labels, options: view.options, containers: Object.keys(view.containers),
  };
}

/** The installed command, dist/cli/flotilla: found from this module in the build or in the bundle's chunks; from the sources, the build's. */
function launcher(): string {
  const candidates = ['../cli/flotilla', './flotilla', '../flotilla', '../../dist/cli/flotilla', '../dist/cli/flotilla'].map((p) => fileURLToPath(new URL(p, import.meta.url)));
  const found = candidates.find((path) => existsSync(path) && statSync(path).isFile());
  if (!found) throw new FlotillaError('FLOTILLA_NOT_BUILT', 'the flotilla command is not built: run npm run build');
  return found;
}
