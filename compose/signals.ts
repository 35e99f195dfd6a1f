// kill, pause and unpause as library calls: one engine call per selected
// container, each reported as it starts and ends (docker compose's words).
import type { ContainerView } from '../engine/engine.js';
import type { ComposeProject } from './project.js';
import { projectContainers, serviceOf } from './select.js';

export type ContainerEventState = 'Killing' | 'Killed' | 'Pausing' | 'Paused' | 'Unpausing' | 'Unpaused' | 'Copying' | 'Copied' | 'Error';

/** One container's progress through a verb: `Container web-1  Killing`, then `Killed`. */
export interface ContainerEvent {
  readonly resource: string;
  readonly state: ContainerEventState;
  readonly done: boolean;
  readonly detail?: string;
}

export interface SignalOptions {
  readonly services?: readonly string[];
  readonly onEvent?: (event: ContainerEvent) => void;
}

export interface KillOptions extends SignalOptions {
  /** SIGKILL when absent (-s). */
  readonly signal?: string;
  /** Containers of services no longer in the file too (--remove-orphans); otherwise they are left alone. */
  readonly removeOrphans?: boolean;
}

/** Sends the signal to the selected running containers (one-offs too); resolves with their names. */
export async function kill(project: ComposeProject, options: KillOptions = {}): Promise<string[]> {
  const known = new Set([...Object.keys(project.loaded.project.services), ...project.loaded.disabledServices]);
  const targets = selected(project, options, ['running', 'restarting']).filter((view) => options.removeOrphans || known.has(serviceOf(view)));
  return each(targets, ['Killing', 'Killed'], options, async (view) => project.engine.kill(view.record.id, options.signal ?? 'SIGKILL'));
}

export function pause(project: ComposeProject, options: SignalOptions = {}): Promise<string[]> {
  return each(selected(project, options, ['running']), ['Pausing', 'Paused'], options, (view) => project.engine.pause(view.record.id));
}

export function unpause(project: ComposeProject, options: SignalOptions = {}): Promise<string[]> {
  return each(selected(project, options, ['paused']), ['Unpausing', 'Unpaused'], options, (view) => project.engine.unpause(view.record.id));
}

function selected(project: ComposeProject, options: SignalOptions, states: readonly string[]): ContainerView[] {
  return projectContainers(project, { oneoff: true, ...(options.services && { services: options.services }) }).filter((view) => states.includes(view.state.status));
}

/** Runs `act` on every container at once; every one is tried, and the first failure is thrown once all are done. */
export async function each(
  targets: readonly ContainerView[],
  words: readonly [ContainerEventState, ContainerEventState],
  options: { readonly onEvent?: (event: ContainerEvent) => void },
  act: (view: ContainerView) => Promise<void>,
): Promise<string[]> {
  const emit = options.onEvent ?? (() => {});
  const outcomes = await Promise.allSettled(
    targets.map(async (view) => {
      const resource = `Container ${view.record.name}`;
      emit({ resource, state: words[0], done: false });
      try {
        await act(view);
      } catch (err) {
        emit({ resource, state: 'Error', done: true, detail: (err as Error).message });
        throw err;
      }
      emit({ resource, state: words[1], done: true });
    }),
  );
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed) throw failed.reason;
  return targets.map((view) => view.record.name);
}
