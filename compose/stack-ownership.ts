// Which live process owns a stack's project, so that what a dead one left
// behind is taken down by the next stack rather than by a reaper daemon.
// An owner holds a lock the kernel drops when it dies (state/lock.ts's
// socket lock) and leaves a marker file under <root>/stacks/. A marker whose
// lock can be taken belongs to a dead owner: its project is taken down.
// Order matters: the lock is taken before the marker is written, and the
// marker removed before the lock is let go, so a marker seen under a taken
// lock is always an abandoned one.
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '../engine/engine.js';
import { EngineError, EngineErrorCode, StackError, StackErrorCode } from '../errors.js';
import { withLock } from '../state/lock.js';
import { lockPath } from '../state/paths.js';
import { downByName } from './lifecycle.js';

/** How long a new owner waits for a project another stack holds (or a reclaim is taking down). */
const TAKE_WAIT_SECONDS = 10;

export class StackOwnership {
  private constructor(
    private readonly marker: string,
    private readonly unlock: () => Promise<void>,
  ) {}

  /** Makes this process the project's owner; takes down first what a dead owner of the same name left. */
  static async take(engine: Engine, project: string): Promise<StackOwnership> {
    let unlock: () => Promise<void>;
    try {
      unlock = await holdLock(engine, project, TAKE_WAIT_SECONDS);
    } catch (err) {
      if (!(err instanceof EngineError && err.code === EngineErrorCode.Busy)) throw err;
      throw new StackError(StackErrorCode.InUse, `project ${project} belongs to another stack that is still up`, {
        hint: 'give each stack its own project name, or leave the default one', cause: err,
      });
    }
    const marker = markerPath(engine, project);
    if (existsSync(marker)) await takeDown(engine, project);
    mkdirSync(join(engine.root, 'stacks'), { recursive: true });
    writeFileSync(marker, `${process.pid}\n`);
    return new StackOwnership(marker, unlock);
  }

  /** Lets the project go; with `reclaimLater`, the marker stays so the next stack takes down what is left. */
  async release(options: { readonly reclaimLater?: boolean } = {}): Promise<void> {
    if (!options.reclaimLater) rmSync(this.marker, { force: true });
    await this.unlock();
  }
}

/** Takes down the projects of stacks whose owner died; resolves with their names. */
export async function reclaimAbandoned(engine: Engine): Promise<string[]> {
  const dir = join(engine.root, 'stacks');
  const reclaimed: string[] = [];
  for (const project of existsSync(dir) ? readdirSync(dir).sort() : []) {
    let unlock: () => Promise<void>;
    try {
      unlock = await holdLock(engine, project, 0);
    } catch {
      continue; // its owner is alive, or another stack is reclaiming it now
    }
    try {
      if (!existsSync(markerPath(engine, project))) continue; // its owner let it go in the meantime
      await takeDown(engine, project);
      rmSync(markerPath(engine, project), { force: true });
      reclaimed.push(project);
    } finally {
      await unlock();
    }
  }
  return reclaimed;
}

function markerPath(engine: Engine, project: string): string {
  return join(engine.root, 'stacks', project);
}

/** What `down -v --remove-orphans -t 0` does, from the labels alone: the file may be gone or changed. */
async function takeDown(engine: Engine, project: string): Promise<void> {
  await downByName(engine, project, { volumes: true, removeOrphans: true, timeout: 0 });
}

/** Takes the project's owner lock and keeps it until the returned call lets it go. */
function holdLock(engine: Engine, project: string, waitSeconds: number): Promise<() => Promise<void>> {
  return new Promise((resolveHeld, reject) => {
    let letGo!: () => void;
    const held = new Promise<void>((resolve) => (letGo = resolve));
    const lock = withLock(lockPath(engine.root, `stack-${project}`), `stack ${project}`, () => {
      resolveHeld(async () => {
        letGo();
        await lock;
      });
      return held;
    }, waitSeconds);
    // Before the lock is taken this is the only outcome; after it, `held` never rejects.
    lock.catch(reject);
  });
}
