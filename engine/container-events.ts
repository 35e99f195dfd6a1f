// Container events (create, start, die, stop, pause, unpause, rename,
// health_status, destroy) as docker reports them, derived from the state
// store: the engine keeps no event log, so an event is a difference between
// two reads of a container (its record, the supervisor's state file, its
// health file). The transitions are pure; engine/event-watch.ts reads.
import type { ContainerView } from './container/index.js';

export type ContainerAction = 'create' | 'start' | 'die' | 'stop' | 'pause' | 'unpause' | 'rename' | 'destroy' | `health_status: ${string}`;

export interface ContainerEvent {
  /** ISO time: the state store's own time for the change where it has one, else when it was seen. */
  readonly time: string;
  readonly action: ContainerAction;
  readonly id: string;
  readonly name: string;
  readonly image: string;
  readonly labels: Readonly<Record<string, string>>;
  /** die: the exit code. */
  readonly exitCode?: number;
}

/** What an event depends on, of one read of a container. */
export interface ContainerSnapshot {
  readonly id: string;
  readonly name: string;
  readonly image: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly created: string;
  readonly status: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly exitCode: number;
  readonly health?: string;
  /** A stop was asked for (the supervisor's stop marker was there). */
  readonly stopping: boolean;
}

export function snapshotOf(view: ContainerView, stopping: boolean): ContainerSnapshot {
  return {
    id: view.record.id,
    name: view.record.name,
    image: view.record.image.name,
    labels: view.record.config.labels ?? {},
    created: view.record.created,
    status: view.state.status,
    startedAt: view.state.startedAt,
    finishedAt: view.state.finishedAt,
    exitCode: view.state.exitCode,
    ...(view.health && { health: view.health.Status }),
    stopping,
  };
}

/** The events that take a container from `before` to `after` (undefined: not there). */
export function transitions(before: ContainerSnapshot | undefined, after: ContainerSnapshot | undefined, now: string): ContainerEvent[] {
  const subject = after ?? before;
  if (!subject) return [];
  const event = (action: ContainerAction, time: string, extra: Partial<ContainerEvent> = {}): ContainerEvent => ({
    time: time || now, action, id: subject.id, name: subject.name, image: subject.image, labels: subject.labels, ...extra,
  });
  if (!after) return [event('destroy', now)];
  const events: ContainerEvent[] = [];
  if (!before) events.push(event('create', after.created));
  const was = before ?? { ...after, status: 'created', startedAt: '', finishedAt: '', health: undefined, name: after.name };
  if (before && before.name !== after.name) events.push(event('rename', now));
  // A start is a new startedAt: a restart by the policy between two reads is still seen.
  if (after.startedAt && after.startedAt !== was.startedAt) {
    // The run before this one ended between the two reads.
    if (after.finishedAt && after.finishedAt !== was.finishedAt && after.finishedAt < after.startedAt) events.push(event('die', after.finishedAt, { exitCode: after.exitCode }));
    events.push(event('start', after.startedAt));
  }
  if (after.finishedAt && after.finishedAt !== was.finishedAt && after.finishedAt >= after.startedAt && after.status !== 'running') {
    events.push(event('die', after.finishedAt, { exitCode: after.exitCode }));
    if (was.stopping || after.stopping) events.push(event('stop', after.finishedAt));
  }
  if (was.status !== 'paused' && after.status === 'paused') events.push(event('pause', now));
  if (was.status === 'paused' && after.status === 'running') events.push(event('unpause', now));
  if (after.health && after.health !== was.health && after.health !== 'starting') events.push(event(`health_status: ${after.health}`, now));
  return events;
}

/** What the store says happened before now: create, start and the last exit of each container, in time order. */
export function pastEvents(snapshots: readonly ContainerSnapshot[], now: string): ContainerEvent[] {
  return snapshots.flatMap((s) => transitions(undefined, s, now)).sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
}
