// Reading a container's json-lines log (rotated files first), with docker
// logs' filters; following it as the supervisor appends.
import { existsSync, readFileSync, statSync, watch, openSync, readSync, closeSync } from 'node:fs';
import { dirname } from 'node:path';

export interface LogEntry {
  readonly stream: 'stdout' | 'stderr';
  readonly log: string;
  /** RFC 3339 with nanoseconds, as recorded. */
  readonly time: string;
}

export interface LogFilter {
  /** Only the last N entries. */
  readonly tail?: number;
  /** RFC 3339 times (nanosecond strings compare as text). */
  readonly since?: string;
  readonly until?: string;
}

export function parseLogLines(text: string): LogEntry[] {
  const entries: LogEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      entries.push(JSON.parse(line) as LogEntry);
    } catch {
      // a line cut by a crash mid-write: skip it
    }
  }
  return entries;
}

/** The entries of the log and its rotated files (log.N … log.1, then log), filtered. */
export function readLog(path: string, filter: LogFilter = {}): LogEntry[] {
  const files: string[] = [];
  for (let n = 1; existsSync(`${path}.${n}`); n++) files.unshift(`${path}.${n}`);
  if (existsSync(path)) files.push(path);
  let entries = files.flatMap((file) => parseLogLines(readFileSync(file, 'utf8')));
  entries = entries.filter((e) => (!filter.since || e.time >= filter.since) && (!filter.until || e.time < filter.until));
  return filter.tail !== undefined && filter.tail >= 0 ? entries.slice(Math.max(0, entries.length - filter.tail)) : entries;
}

/**
 * Calls `onEntry` for every entry appended to the log from byte `offset`
 * until `done` resolves, then reads what is left. inotify wakes us; the file
 * is also polled in case the log rotated under a watch.
 */
export async function followLog(path: string, offset: number, done: Promise<unknown>, onEntry: (entry: LogEntry) => void): Promise<void> {
  let position = offset;
  let partial = '';
  const drain = () => {
    if (!existsSync(path)) return;
    if (statSync(path).size < position) position = 0; // rotated or truncated
    const fd = openSync(path, 'r');
    try {
      const buf = Buffer.alloc(64 * 1024);
      for (let n = readSync(fd, buf, 0, buf.length, position); n > 0; n = readSync(fd, buf, 0, buf.length, position)) {
        position += n;
        partial += buf.subarray(0, n).toString('utf8');
        const end = partial.lastIndexOf('\n');
        if (end < 0) continue;
        parseLogLines(partial.slice(0, end)).forEach(onEntry);
        partial = partial.slice(end + 1);
      }
    } finally {
      closeSync(fd);
    }
  };
  const watcher = watch(dirname(path), () => drain());
  const timer = setInterval(drain, 250);
  try {
    drain();
    await done;
  } finally {
    watcher.close();
    clearInterval(timer);
  }
  drain();
}

export function logSize(path: string): number {
  return existsSync(path) ? statSync(path).size : 0;
}
