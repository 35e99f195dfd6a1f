// Keeps the one DNS server of a state root running while the root has
// networks, and stops it when the last one goes. The server is a small
// static program (networking/dns/*.c) detached from the CLI; its pid and
// start time live under the run dir, so a recycled pid is never signalled.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { EngineError, EngineErrorCode } from '../errors.js';
import { replaceFile } from '../state/atomic-write.js';
import { builtBinary } from './built-binary.js';
import { dnsDir, runDir } from './layout.js';

export function dnsBinary(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return builtBinary('dns/flotilla-dns', env['FLOTILLA_DNS'], 'the DNS server flotilla-dns');
}

function pidFile(dir: string): string {
  return `${dir}/dns.pid`;
}

/** The run dir's record of the root it belongs to, which a sweep reads (sweep.ts). */
export function rootFile(dir: string): string {
  return `${dir}/root`;
}

function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // A zombie has ended: it only waits for its parent (init, for a detached server) to reap it.
    return fields[0] === 'Z' ? undefined : fields[19];
  } catch {
    return undefined;
  }
}

/** The server's pid when it is running. */
export function runningServer(root: string): number | undefined {
  return serverIn(runDir(root));
}

function serverIn(dir: string): number | undefined {
  try {
    const [pid, started] = readFileSync(pidFile(dir), 'utf8').trim().split(' ');
    const n = Number(pid);
    return n > 0 && startTime(n) === started ? n : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the records (when changed) and makes sure a server answers from them. */
export function publishRecords(root: string, records: string): void {
  // The root's path first: a sweep must know whose objects and server these are, even if we die right after.
  recordRoot(root);
  const dir = dnsDir(root);
  const path = `${dir}/records`;
  let previous: string | undefined;
  try {
    previous = readFileSync(path, 'utf8');
  } catch {
    previous = undefined;
  }
  mkdirSync(dir, { recursive: true });
  // Derived from the state and rewritten by every sync: atomic for the server, not durable.
  if (previous !== records) replaceFile(path, records);
  const pid = runningServer(root);
  if (pid !== undefined) {
    // It reloads on its own when the file changes; the signal makes it open
    // listeners for new networks right away.
    if (previous !== records) process.kill(pid, 'SIGHUP');
    return;
  }
  const child = spawn(dnsBinary(), [dir], { detached: true, stdio: 'ignore' });
  child.unref();
  if (child.pid === undefined) throw new EngineError(EngineErrorCode.System, 'cannot start the DNS server');
  writeFileSync(pidFile(runDir(root)), `${child.pid} ${startTime(child.pid) ?? ''}\n`);
}

/** Writes the root's path into its run dir, where a command of any root finds it (sweep.ts). */
export function recordRoot(root: string): void {
  const file = rootFile(runDir(root));
  if (existsSync(file)) return;
  mkdirSync(runDir(root), { recursive: true });
  replaceFile(file, root);
}

/** Stops the server and removes its files: the root has no network left. */
export function stopServer(root: string): void {
  stopServerIn(runDir(root));
  rmSync(dnsDir(root), { recursive: true, force: true });
}

/** Stops the server a run dir names and removes the run dir; also for a root whose state is gone. */
export function stopServerIn(dir: string): void {
  const pid = serverIn(dir);
  if (pid !== undefined) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
    // Nothing of ours may outlive the last network: wait for it (briefly).
    const pause = new Int32Array(new SharedArrayBuffer(4));
    for (let i = 0; i < 100 && startTime(pid) !== undefined; i++) Atomics.wait(pause, 0, 0, 10);
  }
  rmSync(dir, { recursive: true, force: true });
}
