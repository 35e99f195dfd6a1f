// Exclusive locks that the kernel drops when their holder dies, so a killed
// command never leaves a stale lock behind. Node has no flock(2); util-linux's
// `flock` takes the lock on a file description we share with it, and a flock
// belongs to the description, so it stays ours after `flock` exits.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { EngineError, EngineErrorCode } from '../../errors.js';

const DEFAULT_WAIT_SECONDS = 60;

export class FileLock {
  private constructor(
    private fd: number | undefined,
    readonly path: string,
  ) {}

  /** Waits up to `waitSeconds` for the lock at `path` (created if missing). */
  static acquire(path: string, what: string, waitSeconds = DEFAULT_WAIT_SECONDS): FileLock {
    mkdirSync(dirname(path), { recursive: true });
    const fd = openSync(path, 'a', 0o600);
    const taken = spawnSync('flock', ['-x', '-w', String(waitSeconds), '3'], { stdio: ['ignore', 'ignore', 'pipe', fd], encoding: 'utf8' });
    if (taken.status !== 0) {
      closeSync(fd);
      const why = taken.error ? `flock: ${taken.error.message}` : `another flotilla command held it for ${waitSeconds}s`;
      throw new EngineError(EngineErrorCode.Busy, `cannot lock ${what} (${path}): ${why}`);
    }
    return new FileLock(fd, path);
  }

  release(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }
}

/** Runs `work` holding the lock, releasing it however `work` ends. */
export async function withLock<T>(path: string, what: string, work: () => T | Promise<T>): Promise<T> {
  const lock = FileLock.acquire(path, what);
  try {
    return await work();
  } finally {
    lock.release();
  }
}

/** The synchronous form of withLock. */
export function withLockSync<T>(path: string, what: string, work: () => T): T {
  const lock = FileLock.acquire(path, what);
  try {
    return work();
  } finally {
    lock.release();
  }
}
