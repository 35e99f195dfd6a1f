// Hands a caller's streams to a container process without handing it host
// files. A process can reopen the file behind any of its fds through
// /proc/PID/fd/N, and root in a container may chmod or chown what it
// reaches that way: the user's terminal, a redirected file, on the host.
// Pipes and sockets reopen only as themselves, so they are passed as they
// are; everything else, and streams with no descriptor of their own (a
// library caller's), goes through a pipe that we copy in Node.
import type { ChildProcess } from 'node:child_process';
import { fstatSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';

export type StdioEntry = number | 'pipe' | 'ignore';

/** The streams a container process reads and writes; a missing one is /dev/null. */
export interface ProcessStreams {
  readonly stdin?: Readable;
  readonly stdout?: Writable;
  readonly stderr?: Writable;
}

/** `fd` itself when a container may hold it, otherwise 'pipe' (relayed by relayStdio). */
export function passable(fd: number): StdioEntry {
  try {
    const stat = fstatSync(fd);
    // The host's /dev/null is reopened from the container's own /dev by the supervisor.
    if (stat.isFIFO() || stat.isSocket() || (stat.isCharacterDevice() && stat.rdev === NULL_DEVICE)) return fd;
    return 'pipe';
  } catch {
    return 'ignore'; // closed: the command gets /dev/null
  }
}

// makedev(1, 3), as stat reports it for /dev/null.
const NULL_DEVICE = (1 << 8) | 3;

/**
 * How a stream is given to a process: its descriptor when it has one and a
 * container may hold it, a relayed pipe otherwise. `toSupervisor`: the
 * supervisor itself reads and writes it (a terminal it relays), never the
 * container, so any descriptor is handed over as it is.
 */
export function stdioEntry(stream: Readable | Writable | undefined, options: { readonly toSupervisor?: boolean } = {}): StdioEntry {
  if (!stream) return 'ignore';
  const fd = (stream as { fd?: unknown }).fd;
  if (typeof fd !== 'number' || fd < 0) return 'pipe';
  return options.toSupervisor ? fd : passable(fd);
}

/** Copies `source` into `sink` until either ends. */
export function relayInput(source: Readable, sink: Writable): void {
  sink.on('error', () => undefined); // the container may exit without reading it all
  source.pipe(sink);
  // Our own stdin is let go of (reading on would keep us alive); a caller's stream stays the caller's.
  sink.on('close', () => {
    source.unpipe(sink);
    if (source === process.stdin) process.stdin.destroy();
  });
}

/** Copies the caller's streams to and from the child's where `stdio` asked for pipes (slots 0-2 only). */
export function relayStdio(child: ChildProcess, stdio: readonly StdioEntry[], streams: ProcessStreams): void {
  if (stdio[0] === 'pipe' && child.stdin && streams.stdin) {
    relayInput(streams.stdin, child.stdin);
    child.on('exit', () => child.stdin!.destroy());
  }
  if (stdio[1] === 'pipe' && child.stdout && streams.stdout) child.stdout.pipe(streams.stdout, { end: false });
  if (stdio[2] === 'pipe' && child.stderr && streams.stderr) child.stderr.pipe(streams.stderr, { end: false });
}
