// docker top: the host's ps, cut down to one container's processes.
import { execFileSync } from 'node:child_process';
import { EngineError, EngineErrorCode } from '../../errors.js';
import { containerPids } from './inspect-processes.js';

export interface ProcessTable {
  /** ps's column titles (UID, PID, PPID, C, STIME, TTY, TIME, CMD with -ef). */
  readonly titles: readonly string[];
  /** One row per process; the last column keeps its spaces (a command line). */
  readonly processes: readonly (readonly string[])[];
}

export function containerTop(root: string, nameOrId: string, psArgs: readonly string[] = ['-ef']): ProcessTable {
  const wanted = new Set(containerPids(root, nameOrId).map(String));
  const lines = execFileSync('ps', [...psArgs], { encoding: 'utf8' }).trimEnd().split('\n');
  const titles = (lines[0] ?? '').trim().split(/\s+/);
  const pidColumn = titles.indexOf('PID');
  if (pidColumn < 0) throw new EngineError(EngineErrorCode.InvalidConfig, `ps ${psArgs.join(' ')} prints no PID column`);
  const processes = lines
    .slice(1)
    .map((line) => columns(line, titles.length))
    .filter((row) => wanted.has(row[pidColumn] ?? ''));
  return { titles, processes };
}

/** Splits on runs of blanks into `count` columns, the last taking the rest of the line. */
function columns(line: string, count: number): string[] {
  const row: string[] = [];
  let rest = line.trim();
  while (row.length < count - 1 && rest !== '') {
    const match = /^(\S+)\s*/.exec(rest)!;
    row.push(match[1]!);
    rest = rest.slice(match[0].length);
  }
  if (rest !== '') row.push(rest);
  return row;
}
