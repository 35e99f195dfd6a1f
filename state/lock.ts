// Exclusive locks that the kernel drops when their holder dies, so a killed
// command never leaves a stale lock behind. Two kinds:
// - FileLock: flock(2). Node has none; util-linux's `flock` takes the lock on
//   a file description we share with it, and a flock belongs to the
//   description, so it stays ours after `flock` exits. Works synchronously,
//   but costs a process spawn (2-5 ms).
// - withLock: a bound abstract UNIX socket named after the lock path. Only
//   one process can hold the name, the kernel frees it with the process, and
//   taking it costs no spawn: for the locks on a command's hot path.
// A given lock path must always be taken with the same kind.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { dirname, resolve } from 'node:path';
import { EngineError, EngineErrorCode } from '../errors.js';

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

/** Runs `work` holding the flock at `path`, releasing it however `work` ends. */
export async function withFileLock<T>(path: string, what: string, work: () => T | Promise<T>): Promise<T> {
  const lock = FileLock.acquire(path, what);
  try {
    return await work();
  } finally {
    lock.release();
  }
}

/** The synchronous form of withFileLock. */
export function withFileLockSync<T>(path: string, what: string, work: () => T): T {
  const lock = FileLock.acquire(path, what);
  try {
    return work();
  } finally {
    lock.release();
  }
}

/** Runs `work` holding the socket lock named after `path`, releasing it however `work` ends. */
export async function withLock<T>(path: string, what: string, work: () => T | Promise<T>, waitSeconds = DEFAULT_WAIT_SECONDS): Promise<T> {
  const server = await takeSocket(socketName(path), `${what} (${path})`, waitSeconds);
  try {
    return await work();
  } finally {
    server.close();
  }
}

function socketName(path: string): string {
  return `\0flotilla-lock-${createHash('sha256').update(resolve(path)).digest('hex').slice(0, 40)}`;
}

async function takeSocket(name: string, what: string, waitSeconds: number): Promise<Server> {
  const deadline = Date.now() + waitSeconds * 1000;
  for (let delay = 2; ; delay = Math.min(delay * 2, 100)) {
    try {
      return await listen(name);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw new EngineError(EngineErrorCode.System, `cannot lock ${what}: ${(err as Error).message}`, { cause: err });
      if (Date.now() > deadline) throw new EngineError(EngineErrorCode.Busy, `cannot lock ${what}: another flotilla command held it for ${waitSeconds}s`);
      await new Promise((wake) => setTimeout(wake, delay));
    }
  }
}

function listen(name: string): Promise<Server> {
  return new Promise((resolveServer, reject) => {
    const server = createServer();
    server.once('error', reject);
    // Unreferenced: holding a lock must not keep the process alive.
    server.listen({ path: name }, () => resolveServer(server.unref()));
  });
}
