// What the progress of a compose verb knows at any moment: a line per
// resource (its state word, what the plan said about it, when it began and
// ended) and how many of the resources the plan touches are done. Pure
// bookkeeping, so every view (live block, plain, json) and its tests share it.
import type { ProgressEvent } from '../../index.js';

export type LineStatus = 'working' | 'done' | 'warning' | 'error';

export interface BoardLine {
  readonly resource: string;
  state: string;
  /** The plan's reason while working, the error's message on failure. */
  detail?: string;
  status: LineStatus;
  started: number;
  ended?: number;
}

export class ProgressBoard {
  private readonly lines = new Map<string, BoardLine>();
  /** Resources the plan will show, known before the first event, so the header's total never grows. */
  private readonly expected = new Set<string>();

  expect(resources: Iterable<string>): void {
    for (const resource of resources) this.expected.add(resource);
  }

  apply(event: ProgressEvent, now: number): BoardLine {
    const line = this.lines.get(event.resource) ?? { resource: event.resource, state: event.state, status: 'working' as LineStatus, started: now };
    line.state = event.state;
    line.status = statusOf(event);
    if (event.detail) line.detail = event.detail;
    // A later action on the same resource (Starting after Created) keeps its reason but runs the clock again.
    if (line.status === 'working') delete line.ended;
    else line.ended = now;
    this.lines.set(event.resource, line);
    return line;
  }

  entries(): readonly BoardLine[] {
    return [...this.lines.values()];
  }

  done(): number {
    return this.entries().filter((l) => l.status !== 'working').length;
  }

  total(): number {
    return new Set([...this.expected, ...this.lines.keys()]).size;
  }

  working(): boolean {
    return this.entries().some((l) => l.status === 'working');
  }
}

export function statusOf(event: ProgressEvent): LineStatus {
  if (event.state === 'Error') return 'error';
  if (event.state === 'Warning') return 'warning';
  return event.done ? 'done' : 'working';
}

/** Seconds with one decimal, as docker compose shows them. */
export function elapsed(line: BoardLine, now: number): string {
  return `${(Math.max(0, (line.ended ?? now) - line.started) / 1000).toFixed(1)}s`;
}
