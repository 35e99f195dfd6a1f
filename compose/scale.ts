// `scale` as a library call: `up --scale … --no-recreate` for the named
// services, as docker compose does it: the containers that exist stay as
// they are, new ones are added or the highest-numbered removed.
import type { ComposeProject } from './project.js';
import { up, type RunOptions, type RunResult } from './up.js';

export interface ScaleOptions extends RunOptions {
  /** Containers wanted per service. */
  readonly scale: Readonly<Record<string, number>>;
  /** Leave the services these depend on alone. */
  readonly noDeps?: boolean;
}

export function scale(project: ComposeProject, options: ScaleOptions): Promise<RunResult> {
  const services = Object.keys(options.scale).sort();
  return up(project, { ...options, services, scale: { ...options.scale }, noRecreate: true, ...(options.noDeps && { noDeps: true }) });
}
