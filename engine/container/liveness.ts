// Whether a recorded process is still the one we started: a pid is only
// trusted together with its start time, so a recycled pid is never signalled.
import { readFileSync } from 'node:fs';

/** Field 22 of /proc/PID/stat, or undefined if the process is gone. */
export function processStartTime(pid: number): string | undefined {
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; fields after it are plain.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z') return undefined;
    return fields[19];
  } catch {
    return undefined;
  }
}

export function isAlive(pid: number, startTime: string): boolean {
  return startTime !== '0' && processStartTime(pid) === startTime;
}

/** Sends `signal` only if the process is still the recorded one. */
export function signalIfAlive(pid: number, startTime: string, signal: NodeJS.Signals | number): boolean {
  if (!isAlive(pid, startTime)) return false;
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}
