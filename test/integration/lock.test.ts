// Store locks are flocks: a second holder waits, and a holder killed with
// SIGKILL leaves no stale lock behind.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { FileLock, withLock } from '../../state/lock.js';
import { repoRoot } from '../helpers/scenario.js';

let scratch: string;
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'flotilla-lock-'));
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

/** A separate process that takes the lock, says so, and holds it until killed. */
async function holder(path: string) {
  const script = `const { FileLock } = await import(${JSON.stringify(join(repoRoot, 'dist/state/lock.js'))});
    FileLock.acquire(${JSON.stringify(path)}, 'test'); console.log('held'); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  return child;
}

it('makes a second taker wait, and is free again once its holder is killed', async () => {
  const path = join(scratch, 'locks', 'images.lock');
  const child = await holder(path);
  expect(() => FileLock.acquire(path, 'the image store', 1)).toThrow(/^cannot lock the image store \(.*images\.lock\): another flotilla command held it for 1s$/);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
  const lock = FileLock.acquire(path, 'the image store', 1);
  lock.release();
});

it('is released by release() for the next taker in the same process', () => {
  const path = join(scratch, 'x.lock');
  const first = FileLock.acquire(path, 'x', 1);
  first.release();
  FileLock.acquire(path, 'x', 1).release();
});

/** A separate process holding a socket lock until killed. */
async function socketHolder(path: string) {
  const script = `const { withLock } = await import(${JSON.stringify(join(repoRoot, 'dist/state/lock.js'))});
    withLock(${JSON.stringify(path)}, 'test', () => { console.log('held'); return new Promise(() => setInterval(() => {}, 1000)); });`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  return child;
}

it('socket locks: a second taker waits, and the lock is free once its holder is killed', async () => {
  const path = join(scratch, 'locks', 'container-x.lock');
  const child = await socketHolder(path);
  await expect(withLock(path, 'container x', () => 'got', 1)).rejects.toThrow(/^cannot lock container x \(.*container-x\.lock\): another flotilla command held it for 1s$/);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
  expect(await withLock(path, 'container x', () => 'got', 1)).toBe('got');
  // Released after use: taken again at once.
  expect(await withLock(path, 'container x', () => 'again', 1)).toBe('again');
});
