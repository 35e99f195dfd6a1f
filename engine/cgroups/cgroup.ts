// The cgroup of one container: `flotilla/<name>` at the root of each v1
// controller mount, or of the v2 tree, whatever cgroup the caller sits in.
// The engine makes it before the container starts, its supervisor joins it,
// and it goes away with the container; nothing may be left behind.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EngineError, EngineErrorCode } from '../../errors.js';
import { detectHierarchy, type CgroupHierarchy } from './detect.js';
import { pollUntil, readCgroupFile, readIfPresent, readKeyed, removeDir, subDirs, writeCgroupFile } from './files.js';
import { v1Writes, v2Writes, type CgroupLimits } from './limits.js';
import { oomKilledV1, oomKilledV2, statsV1, statsV2, type CgroupStats } from './stats.js';
import { applyWrites, orderV1MemoryWrites, PARENT, setupV1, setupV2, V1_CONTROLLERS_USED } from './setup.js';

export interface CgroupOptions {
  /** The hierarchy to work in; detected from /proc/self/mountinfo when absent. */
  hierarchy?: CgroupHierarchy;
  /** v1: allow every device instead of docker's default list. */
  privileged?: boolean;
  /** v1: device rules allowed besides the default list (`c 1:11 rw`). */
  devices?: readonly string[];
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
const WAIT_MS = 5_000;

export class Cgroup {
  private constructor(
    readonly name: string,
    readonly hierarchy: CgroupHierarchy,
    /** controller → folder; on v2 every controller maps to the one folder. */
    private readonly dirs: ReadonlyMap<string, string>,
  ) {}

  /** Creates the cgroup (or takes the existing one) and applies `limits`. */
  static create(name: string, limits: CgroupLimits = {}, opts: CgroupOptions = {}): Cgroup {
    const cgroup = Cgroup.open(name, opts);
    const h = cgroup.hierarchy;
    if (h.version === 1) setupV1(cgroup.dirs, opts.privileged ?? false, opts.devices ?? []);
    else setupV2(h, cgroup.path);
    cgroup.update(limits);
    return cgroup;
  }

  /** The cgroup of that name, without touching the file system (to remove leftovers). */
  static open(name: string, opts: CgroupOptions = {}): Cgroup {
    if (!NAME.test(name)) throw new EngineError(EngineErrorCode.InvalidConfig, `cgroup name ${JSON.stringify(name)} is not a plain folder name`);
    const h = opts.hierarchy ?? detectHierarchy();
    const dirs = new Map<string, string>();
    if (h.version === 2) {
      for (const c of V1_CONTROLLERS_USED) dirs.set(c, join(h.root, PARENT, name));
    } else {
      for (const c of V1_CONTROLLERS_USED) {
        const mount = h.controllers.get(c);
        if (mount !== undefined) dirs.set(c, join(mount, PARENT, name));
      }
    }
    return new Cgroup(name, h, dirs);
  }

  /** Names of the Flotilla cgroups that exist, in any controller (for leak checks and recovery). */
  static list(opts: CgroupOptions = {}): string[] {
    const h = opts.hierarchy ?? detectHierarchy();
    const mounts = h.version === 2 ? [h.root] : V1_CONTROLLERS_USED.flatMap((c) => h.controllers.get(c) ?? []);
    return [...new Set(mounts.flatMap((m) => subDirs(join(m, PARENT))))].sort();
  }

  /** The v2 folder, or the memory folder on v1 (for messages). */
  get path(): string {
    return this.dirs.get('memory') ?? [...this.dirs.values()][0] ?? '';
  }

  /**
   * The files a single-threaded process writes `0` into to move itself into
   * the cgroup: v1's `tasks` (one per mount), v2's `cgroup.procs`. On v1 a
   * thread moving itself skips the global threadgroup lock, whose first
   * write after a quiet spell waits out an RCU grace period (5-20 ms);
   * `cgroup.procs` always takes it. A single thread is the whole process.
   */
  joinFiles(): string[] {
    const file = this.hierarchy.version === 1 ? 'tasks' : 'cgroup.procs';
    return this.folders().map((dir) => join(dir, file));
  }

  /**
   * v2: the folder a new process can start in directly (clone3 with
   * CLONE_INTO_CGROUP), which spares even the one process the migration
   * whose lock waits out an RCU grace period. v1 has no such thing.
   */
  cloneIntoDir(): string | undefined {
    return this.hierarchy.version === 2 ? this.path : undefined;
  }

  /** Every folder of the cgroup (one per v1 controller), for a supervisor to remove when done. */
  directories(): string[] {
    return this.folders();
  }

  /** The file whose `oom_kill N` line counts OOM kills: memory.oom_control (v1) or memory.events (v2). */
  oomCountFile(): string {
    return this.hierarchy.version === 2 ? join(this.path, 'memory.events') : join(this.dirFor('memory'), 'memory.oom_control');
  }

  addProcess(pid: number): void {
    for (const dir of this.folders()) writeCgroupFile(dir, 'cgroup.procs', String(pid));
  }

  /** Writes the limits given; those left out keep their value. */
  update(limits: CgroupLimits): void {
    if (this.hierarchy.version === 2) {
      applyWrites(v2Writes(limits), (c) => this.dirFor(c));
    } else {
      applyWrites(orderV1MemoryWrites(v1Writes(limits), this.dirs.get('memory')), (c) => this.dirFor(c));
    }
  }

  /** Processes in the cgroup, in any of its v1 folders. */
  pids(): number[] {
    const all = this.folders().flatMap((dir) => (readIfPresent(dir, 'cgroup.procs') ?? '').split('\n'));
    return [...new Set(all.filter((p) => p !== '').map(Number))].sort((a, b) => a - b);
  }

  killAll(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (signal === 'SIGKILL' && this.hierarchy.version === 2 && existsSync(join(this.path, 'cgroup.kill'))) {
      // Kills atomically, forks in flight included (kernel ≥ 5.14).
      return writeCgroupFile(this.path, 'cgroup.kill', '1');
    }
    for (const pid of this.pids()) {
      try {
        process.kill(pid, signal);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
      }
    }
  }

  async freeze(): Promise<void> {
    await this.setFrozen(true);
  }

  async thaw(): Promise<void> {
    await this.setFrozen(false);
  }

  isFrozen(): boolean {
    if (this.hierarchy.version === 2) return readKeyed(this.path, 'cgroup.events').get('frozen') === 1;
    return readCgroupFile(this.dirFor('freezer'), 'freezer.state') === 'FROZEN';
  }

  stats(): CgroupStats {
    if (this.hierarchy.version === 2) return statsV2(this.path);
    return statsV1(this.dirFor('memory'), this.dirFor('cpuacct'), this.dirs.get('pids'), () => this.pids().length);
  }

  /** Whether the kernel's OOM killer killed a process of this cgroup. */
  oomKilled(): boolean {
    return this.hierarchy.version === 2 ? oomKilledV2(this.path) : oomKilledV1(this.dirFor('memory'));
  }

  /** Kills what is left inside, then removes every folder; a missing cgroup is fine. */
  async remove(timeoutMs = WAIT_MS): Promise<void> {
    if (this.pids().length > 0) {
      // A task frozen by the v1 freezer cannot die until thawed.
      this.writeFrozen(false, true);
      const empty = await pollUntil(() => (this.killAll('SIGKILL'), this.pids().length === 0), timeoutMs);
      if (!empty) throw this.failure('remove', `processes ${this.pids().join(' ')} survived SIGKILL`);
    }
    // rmdir says EBUSY until the dead tasks are reaped: retry until then.
    const removed = await pollUntil(() => this.folders().every(removeDir), timeoutMs);
    if (!removed) throw this.failure('remove', 'rmdir kept failing with EBUSY');
  }

  private async setFrozen(frozen: boolean): Promise<void> {
    const done = await pollUntil(() => {
      if (this.isFrozen() === frozen) return true;
      // Written again on each try: v1 can stay FREEZING while a task is busy in the kernel.
      this.writeFrozen(frozen, false);
      return false;
    }, WAIT_MS);
    if (!done) throw this.failure(frozen ? 'freeze' : 'thaw', 'the state did not change in time');
  }

  /** Sets the freezer; with `ifPresent`, a cgroup without one (or gone) is left alone. */
  private writeFrozen(frozen: boolean, ifPresent: boolean): void {
    const v2 = this.hierarchy.version === 2;
    const dir = v2 ? this.path : ifPresent ? this.dirs.get('freezer') : this.dirFor('freezer');
    const file = v2 ? 'cgroup.freeze' : 'freezer.state';
    if (dir === undefined || (ifPresent && !existsSync(join(dir, file)))) return;
    writeCgroupFile(dir, file, v2 ? (frozen ? '1' : '0') : frozen ? 'FROZEN' : 'THAWED');
  }

  private folders(): string[] {
    return [...new Set(this.dirs.values())];
  }

  private dirFor(controller: string): string {
    const dir = this.dirs.get(controller);
    if (dir === undefined) throw this.failure('use', `the ${controller} controller is not mounted`);
    return dir;
  }

  private failure(operation: string, why: string): EngineError {
    return new EngineError(EngineErrorCode.System, `${operation} cgroup ${PARENT}/${this.name}: ${why}`);
  }
}
