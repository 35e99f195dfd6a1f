// `flotilla logs`: the project's container output, each line after the
// same coloured, aligned `name  | ` prefix attached `up` shows.
import { followLogs, logContainers, logs, UsageError, type LogLine } from '../../index.js';
import type { GlobalOptions } from '../global-options.js';
import { linePrefixes } from './compose-attach.js';
import { openFromCli } from './compose-common.js';
import { pointInTime } from './point-in-time.js';

interface LogsFlags {
  follow?: boolean;
  tail: string;
  timestamps?: boolean;
  since?: string;
  until?: string;
  color?: boolean;
  logPrefix?: boolean;
  index?: string;
}

export async function runLogs(services: string[], flags: LogsFlags, global: GlobalOptions): Promise<void> {
  const project = openFromCli(global, services);
  const tail = flags.tail === 'all' ? undefined : Number(flags.tail);
  if (tail !== undefined && !Number.isInteger(tail)) throw new UsageError(`invalid --tail "${flags.tail}": a number or all`);
  const index = replicaIndex(flags.index);
  const options = {
    ...(services.length > 0 && { services }),
    ...(index !== undefined && { index }),
    ...(tail !== undefined && { tail }),
    ...(flags.since !== undefined && { since: pointInTime(flags.since) }),
    ...(flags.until !== undefined && { until: pointInTime(flags.until) }),
  };
  const names = logContainers(project, options).map((view) => view.record.name);
  const color = flags.color !== false && !process.env['NO_COLOR'] && process.stdout.isTTY === true;
  const heads = linePrefixes(names, { color, prefix: flags.logPrefix !== false });
  const print = (line: LogLine) => {
    const text = line.log.endsWith('\n') ? line.log : `${line.log}\n`;
    (line.stream === 'stderr' ? process.stderr : process.stdout).write(`${heads.get(line.container) ?? ''}${flags.timestamps ? `${line.time} ` : ''}${text}`);
  };
  if (!flags.follow) {
    logs(project, options).forEach(print);
    return;
  }
  const stop = new AbortController();
  process.removeAllListeners('SIGINT');
  process.on('SIGINT', () => {
    process.exitCode = 130;
    stop.abort();
  });
  await followLogs(project, { ...options, signal: stop.signal }, print);
}

/** --index N: a replica number, from 1. */
export function replicaIndex(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(text)) throw new UsageError(`invalid --index "${text}": a replica number from 1`);
  return Number(text);
}
