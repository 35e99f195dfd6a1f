// `flotilla events`: the project's container events as they happen, one
// line each as docker compose prints them, or one JSON object per line.
import { projectEvents, type ComposeEvent } from '../../index.js';
import type { GlobalOptions } from '../global-options.js';
import { openFromCli } from './compose-common.js';
import { pointInTime } from './point-in-time.js';

export interface EventsFlags {
  json?: boolean;
  since?: string;
  until?: string;
}

export async function runEvents(services: string[], flags: EventsFlags, global: GlobalOptions): Promise<void> {
  const project = openFromCli(global, services);
  const since = flags.since !== undefined ? Date.parse(pointInTime(flags.since)) : undefined;
  const until = flags.until !== undefined ? Date.parse(pointInTime(flags.until)) : undefined;
  // Ctrl-C ends the stream as a finished command (docker compose events ends the same way).
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGTERM', onSignal);
  try {
    await projectEvents(project.engine, project.name, {
      ...(services.length > 0 && { services }),
      ...(since !== undefined && { since }),
      ...(until !== undefined && { until }),
      signal: stop.signal,
      onEvent: (event) => process.stdout.write(flags.json ? `${JSON.stringify(event)}\n` : eventLine(event)),
    });
  } finally {
    process.off('SIGTERM', onSignal);
  }
}

/** `2025-01-02 15:04:05.000000 container start 3f2a… (image=busybox, name=shop-web-1)`. */
export function eventLine(event: ComposeEvent): string {
  const time = event.time.replace('T', ' ').replace(/Z$/, '').replace(/\.(\d{3})\d*$/, '.$1000');
  const attributes = Object.keys(event.attributes).sort().map((key) => `${key}=${event.attributes[key]}`).join(', ');
  return `${time} container ${event.action} ${event.id} (${attributes})\n`;
}
