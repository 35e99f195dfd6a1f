// Follows the state store and reports container events as they happen. The
// engine writes every change of a container to files in its directory (the
// record at create, the supervisor's state at start and exit, the health
// file, the stop marker), and removes the directory at destroy: a watch on
// the containers folder and on each container's folder wakes a re-read,
// and the events are the differences (container-events.ts). A slow timer
// covers what writes no file: a freeze by the cgroup freezer (pause), a
// supervisor killed outright.
import { existsSync, mkdirSync, watch, type FSWatcher } from 'node:fs';
import { listContainers } from './container/index.js';
import { containersDir } from './container/layout.js';
import { pastEvents, snapshotOf, transitions, type ContainerEvent, type ContainerSnapshot } from './container-events.js';

const RESCAN_MS = 1000;

export interface WatchEventsOptions {
  readonly onEvent: (event: ContainerEvent) => void;
  /** Ends the watch; the promise resolves then. */
  readonly signal: AbortSignal;
  /** First what the store tells of the past (create, start, last exit of each container there now), from the same read the watch starts at. */
  readonly history?: boolean;
}

export function readSnapshots(root: string): Map<string, ContainerSnapshot> {
  return new Map(listContainers(root).map((view) => [view.record.id, snapshotOf(view, existsSync(view.paths.stopMarker))]));
}

/** Reports every change from now until the signal aborts. */
export function watchContainerEvents(root: string, options: WatchEventsOptions): Promise<void> {
  const folder = containersDir(root);
  mkdirSync(folder, { recursive: true });
  let known = readSnapshots(root);
  if (options.history) for (const event of pastEvents([...known.values()], new Date().toISOString())) options.onEvent(event);
  const watchers = new Map<string, FSWatcher>();
  let pending = false;
  const rescan = () => {
    pending = false;
    if (options.signal.aborted) return;
    const now = readSnapshots(root);
    const at = new Date().toISOString();
    const ids = new Set([...known.keys(), ...now.keys()]);
    const events = [...ids].flatMap((id) => transitions(known.get(id), now.get(id), at));
    known = now;
    follow(now);
    for (const event of events.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0))) options.onEvent(event);
  };
  // Many writes come in a burst (a start writes several files): one re-read after them.
  const wake = () => {
    if (pending) return;
    pending = true;
    setImmediate(rescan);
  };
  const follow = (snapshots: ReadonlyMap<string, ContainerSnapshot>) => {
    for (const [id, watcher] of watchers) {
      if (id === '' || snapshots.has(id)) continue;
      watcher.close();
      watchers.delete(id);
    }
    for (const id of snapshots.keys()) {
      if (watchers.has(id)) continue;
      try {
        watchers.set(id, watch(`${folder}/${id}`, wake).on('error', wake));
      } catch {
        wake(); // removed between the read and the watch
      }
    }
  };
  watchers.set('', watch(folder, wake).on('error', wake));
  follow(known);
  const timer = setInterval(wake, RESCAN_MS);
  return new Promise((resolve) => {
    const end = () => {
      clearInterval(timer);
      for (const watcher of watchers.values()) watcher.close();
      resolve();
    };
    if (options.signal.aborted) end();
    else options.signal.addEventListener('abort', end, { once: true });
  });
}
