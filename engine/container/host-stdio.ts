// Hands our stdio to a container process without handing it host files.
// A process can reopen the file behind any of its fds through
// /proc/PID/fd/N, and root in a container may chmod or chown what it
// reaches that way: the user's terminal, a redirected file, on the host.
// Pipes and sockets reopen only as themselves, so they are passed as they
// are; everything else goes through a pipe that we copy in Node.
import type { ChildProcess } from 'node:child_process';
import { fstatSync } from 'node:fs';
import type { Writable } from 'node:stream';

export type StdioEntry = number | 'pipe' | 'ignore';

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

/** Copies our stdin into `sink` until either ends. */
export function relayStdin(sink: Writable): void {
  sink.on('error', () => undefined); // the container may exit without reading it all
  process.stdin.pipe(sink);
  sink.on('close', () => process.stdin.unpipe(sink).destroy());
}

/** Copies our stdio to and from the child's where `stdio` asked for pipes (slots 0-2 only). */
export function relayStdio(child: ChildProcess, stdio: readonly StdioEntry[]): void {
  if (stdio[0] === 'pipe' && child.stdin) {
    relayStdin(child.stdin);
    // Done with our stdin once the command is: reading on would keep us alive.
    child.on('exit', () => child.stdin!.destroy());
  }
  if (stdio[1] === 'pipe' && child.stdout) child.stdout.pipe(process.stdout, { end: false });
  if (stdio[2] === 'pipe' && child.stderr) child.stderr.pipe(process.stderr, { end: false });
}
