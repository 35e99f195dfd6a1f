// The plan `up` would execute, as a value: what `up --dry-run` prints.
import type { Plan } from '../planner/plan.js';
import type { ComposeProject } from './project.js';
import { up, type UpOptions } from './up.js';

/** What `up` with these options would do now, changing nothing. */
export async function plan(project: ComposeProject, options: Omit<UpOptions, 'dryRun'> = {}): Promise<Plan> {
  return (await up(project, { ...options, dryRun: true })).plan;
}
