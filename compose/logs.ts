// `logs` as library calls: what a project's containers wrote (logs), and
// what they write from now on until they end (followLogs), each line with
// the container and service it came from.
import type { ContainerView, LogEntry } from '../engine/engine.js';
import type { ComposeProject } from './project.js';
import { projectContainers, serviceOf } from './select.js';

export interface LogsOptions {
  readonly services?: readonly string[];
  /** Only replica N of each service (--index). */
  readonly index?: number;
  /** Only the last N lines of each container (-n/--tail). */
  readonly tail?: number;
  /** RFC 3339 times: lines written at or after `since`, before `until`. */
  readonly since?: string;
  readonly until?: string;
}

export interface LogLine extends LogEntry {
  /** The container's name. */
  readonly container: string;
  readonly service: string;
}

/** The lines the selected containers (stopped ones too) have written, oldest first across containers. */
export function logs(project: ComposeProject, options: LogsOptions = {}): LogLine[] {
  const lines = logContainers(project, options).flatMap((view) => pastLines(project, view, options));
  // A stable sort keeps each container's own order for lines written in the same nanosecond.
  return lines.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
}

/** The containers `logs` reads, in the order their prefixes take their colours. */
export function logContainers(project: ComposeProject, options: Pick<LogsOptions, 'services' | 'index'> = {}): ContainerView[] {
  return projectContainers(project, { stopped: true, ...(options.services && { services: options.services }), ...(options.index !== undefined && { index: options.index }) });
}

export interface FollowOptions extends LogsOptions {
  readonly signal?: AbortSignal;
}

/**
 * `logs -f`: each selected container's past lines (as `logs` filters them),
 * then what the running ones write, until every one of them has ended or
 * `signal` aborts. Lines of several containers interleave as they come.
 */
export async function followLogs(project: ComposeProject, options: FollowOptions, onLine: (line: LogLine) => void): Promise<void> {
  const { engine } = project;
  await Promise.all(
    logContainers(project, options).map(async (view) => {
      const { id } = view.record;
      // Lines written while the past is read come once: from the past, then skipped when followed.
      const overlapFrom = nanoTime(Date.now() - OVERLAP_MS);
      const offset = engine.logOffset(id);
      const past = pastLines(project, view, options);
      past.forEach(onLine);
      if (view.state.status !== 'running' && view.state.status !== 'restarting' && view.state.status !== 'paused') return;
      const seen = new Set(past.filter((line) => line.time >= overlapFrom).map(entryKey));
      const ended = engine.waitFor(id, (v) => v.state.status === 'exited' || v.state.status === 'created', options.signal).catch(() => undefined);
      await engine.followLogsFrom(id, offset, ended, (entry) => {
        if (seen.delete(entryKey(entry))) return;
        if (options.until !== undefined && entry.time >= options.until) return;
        onLine(lineOf(view, entry));
      });
    }),
  );
}

// How far back a line may be stamped before it is written (the supervisor stamps it as it reads it).
const OVERLAP_MS = 1000;

function pastLines(project: ComposeProject, view: ContainerView, options: LogsOptions): LogLine[] {
  const filter = {
    ...(options.tail !== undefined && options.tail >= 0 && { tail: options.tail }),
    ...(options.since !== undefined && { since: options.since }),
    ...(options.until !== undefined && { until: options.until }),
  };
  return project.engine.readLogs(view.record.id, filter).map((entry) => lineOf(view, entry));
}

function lineOf(view: ContainerView, entry: LogEntry): LogLine {
  return { container: view.record.name, service: serviceOf(view), stream: entry.stream, log: entry.log, time: entry.time };
}

function entryKey(entry: LogEntry): string {
  return `${entry.time} ${entry.stream} ${entry.log}`;
}

/** A time as the log records it: RFC 3339 with nanoseconds, so the two compare as text. */
export function nanoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}
