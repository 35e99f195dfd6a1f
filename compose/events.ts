// `events` as a library call: the engine's container events for one
// project's containers (by label, so one-offs and removed services too),
// as docker compose reports them, from --since and until --until.
import type { ContainerEvent, Engine } from '../engine/engine.js';
import { Label } from '../planner/labels.js';

export interface ComposeEvent {
  readonly time: string;
  readonly type: 'container';
  readonly action: string;
  readonly id: string;
  readonly service: string;
  readonly attributes: Readonly<Record<string, string>>;
}

export interface EventsOptions {
  readonly services?: readonly string[];
  /** Events from this time on, the store's past included (ms since the epoch). */
  readonly since?: number;
  /** Stop at this time (ms since the epoch); the call resolves then. */
  readonly until?: number;
  readonly onEvent: (event: ComposeEvent) => void;
  /** Ends the stream early; the call resolves then. */
  readonly signal?: AbortSignal;
}

export async function projectEvents(engine: Engine, project: string, options: EventsOptions): Promise<void> {
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  const timer = options.until !== undefined ? setTimeout(() => stop.abort(), Math.max(0, options.until - Date.now())) : undefined;
  const wanted = (e: ContainerEvent) => {
    if (e.labels[Label.project] !== project) return false;
    if (options.services?.length && !options.services.includes(e.labels[Label.service] ?? '')) return false;
    const at = Date.parse(e.time);
    return (options.since === undefined || at >= options.since) && (options.until === undefined || at <= options.until);
  };
  try {
    await engine.watchEvents({ history: options.since !== undefined, signal, onEvent: (e) => wanted(e) && options.onEvent(composeEvent(e)) });
  } finally {
    clearTimeout(timer);
  }
}

function composeEvent(e: ContainerEvent): ComposeEvent {
  return {
    time: e.time,
    type: 'container',
    action: e.action,
    id: e.id,
    service: e.labels[Label.service] ?? '',
    attributes: { name: e.name, image: e.image, ...(e.exitCode !== undefined && { exitCode: String(e.exitCode) }) },
  };
}
