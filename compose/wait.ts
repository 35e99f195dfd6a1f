// `wait` as a library call: block until the selected containers have
// stopped, each reported as it does; with downProject, take the project
// down then. docker compose's help says "the first", its code waits for
// every one of them, and that is what its users see: so do we.
import { ComposeError, ComposeErrorCode } from '../errors.js';
import { downByName } from './lifecycle.js';
import type { ComposeProject } from './project.js';
import { projectContainers } from './select.js';

export interface WaitOptions {
  readonly services?: readonly string[];
  /** Once they have stopped: `down --remove-orphans` the project (--down-project). */
  readonly downProject?: boolean;
  readonly signal?: AbortSignal;
  /** Told of each container as it stops. */
  readonly onExit?: (exit: ContainerExit) => void;
}

export interface ContainerExit {
  readonly id: string;
  readonly name: string;
  readonly exitCode: number;
}

/** Resolves with the exits in the order they happened; throws FLOTILLA_COMPOSE_NO_CONTAINER when none runs. */
export async function wait(project: ComposeProject, options: WaitOptions = {}): Promise<ContainerExit[]> {
  const views = projectContainers(project, { oneoff: true, ...(options.services && { services: options.services }) });
  if (views.length === 0) throw new ComposeError(ComposeErrorCode.NoContainer, `no containers for project "${project.name}"`);
  const exits: ContainerExit[] = [];
  await Promise.all(
    views.map(async (view) => {
      const ended = await project.engine.waitFor(view.record.id, (v) => v.state.status === 'exited' || v.state.status === 'created', options.signal);
      const exit = { id: view.record.id, name: view.record.name, exitCode: ended?.state.exitCode ?? 0 };
      exits.push(exit);
      options.onExit?.(exit);
    }),
  );
  if (options.downProject) await downByName(project.engine, project.name, { removeOrphans: true });
  return exits;
}
