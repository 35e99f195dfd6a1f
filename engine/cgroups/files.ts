// Reading and writing cgroup files. The kernel answers a bad value with an
// errno on write(2) and nothing else, so every failure is reported with the
// operation, the file and its folder: "write pids.max in /sys/...: EINVAL".
import { mkdirSync, readFileSync, readdirSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EngineError, EngineErrorCode } from '../../errors.js';

function codeOf(err: unknown): string {
  return (err as NodeJS.ErrnoException)?.code ?? String(err);
}

function failure(what: string, err: unknown): EngineError {
  return new EngineError(EngineErrorCode.System, `${what}: ${codeOf(err)}`, { cause: err });
}

/** One write(2) of `value`: cgroup files take one value (or one rule) per write. */
export function writeCgroupFile(dir: string, file: string, value: string): void {
  try {
    writeFileSync(join(dir, file), value);
  } catch (err) {
    throw failure(`write ${file} in ${dir}`, err);
  }
}

export function readCgroupFile(dir: string, file: string): string {
  try {
    return readFileSync(join(dir, file), 'utf8').trim();
  } catch (err) {
    throw failure(`read ${file} in ${dir}`, err);
  }
}

/** The file's content, or undefined when it (or its cgroup) does not exist. */
export function readIfPresent(dir: string, file: string): string | undefined {
  try {
    return readFileSync(join(dir, file), 'utf8').trim();
  } catch (err) {
    if (codeOf(err) === 'ENOENT') return undefined;
    throw failure(`read ${file} in ${dir}`, err);
  }
}

/** A file of `key value` lines (memory.events, cpu.stat, memory.oom_control). */
export function readKeyed(dir: string, file: string): Map<string, number> {
  const map = new Map<string, number>();
  for (const line of readCgroupFile(dir, file).split('\n')) {
    const [key, value] = line.trim().split(/\s+/);
    if (key && value !== undefined) map.set(key, Number(value));
  }
  return map;
}

/** A number file; `max` (v2) and v1's near-2^63 "unlimited" read as null. */
export function readLimit(dir: string, file: string): number | null {
  const text = readCgroupFile(dir, file);
  if (text === 'max') return null;
  const value = Number(text);
  return value >= 2 ** 62 ? null : value;
}

export function makeDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw failure(`mkdir ${dir}`, err);
  }
}

/** Removes an (empty of processes) cgroup; false while the kernel still says EBUSY. */
export function removeDir(dir: string): boolean {
  try {
    rmdirSync(dir);
    return true;
  } catch (err) {
    const code = codeOf(err);
    if (code === 'ENOENT') return true;
    if (code === 'EBUSY') return false;
    throw failure(`rmdir ${dir}`, err);
  }
}

/** The names of the sub-cgroups of `dir`; none when it does not exist. */
export function subDirs(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch (err) {
    if (codeOf(err) === 'ENOENT') return [];
    throw failure(`list ${dir}`, err);
  }
}

/** Polls `done` until it holds or `timeoutMs` passes; the kernel offers no event we can await from Node. */
export async function pollUntil(done: () => boolean, timeoutMs: number, intervalMs = 10): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (done()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
