// `up` and `create` as library calls: observe the project, plan towards the
// file, and (unless a dry run) execute the plan, all under the project lock.
import type { Writable } from 'node:stream';
import type { Engine } from '../engine/engine.js';
import { build } from './build.js';
import { execute, type ExecuteResult } from '../planner/executor.js';
import { observe } from '../planner/observe.js';
import type { Plan } from '../planner/plan.js';
import type { ProgressEvent } from '../planner/progress.js';
import { reconcileUp, type UpOptions as PlanUpOptions } from '../planner/reconcile/index.js';
import { projectImages, withProjectLock, type ComposeProject } from './project.js';

export interface RunOptions {
  /** Plan only: the plan is returned and nothing changes. */
  readonly dryRun?: boolean;
  readonly onEvent?: (event: ProgressEvent) => void;
  /** The plan about to run, before its first event (not called on a dry run). */
  readonly onPlan?: (plan: Plan) => void;
  /** Said once, before anything changes (a plan's warnings). */
  readonly onWarning?: (message: string) => void;
  readonly parallel?: number;
  readonly signal?: AbortSignal;
}

export type UpOptions = PlanUpOptions & RunOptions & {
  /** --build: build the services' images first, whether or not they exist. */
  readonly build?: boolean;
  /** Where --build's step lines go. */
  readonly buildOutput?: Writable;
};

export interface RunResult {
  readonly plan: Plan;
  /** Absent for a dry run. */
  readonly result?: ExecuteResult;
}

export function up(project: ComposeProject, options: UpOptions = {}): Promise<RunResult> {
  return withProjectLock(project.engine, project.name, async () => {
    // Built before observing, so a changed image is seen and its containers recreated.
    if (options.build && !options.dryRun) await build(project, { ...(options.services && { services: options.services }), ...(options.buildOutput && { output: options.buildOutput }) });
    const observed = await observe(project.engine, project.name, { images: projectImages(project) });
    const plan = reconcileUp(project.context, observed, { disabledServices: project.loaded.disabledServices, ...options });
    return run(project, plan, options);
  });
}

/** Executes a plan the way every verb does: warnings first, then the actions. */
export function run(project: ComposeProject, plan: Plan, options: RunOptions): Promise<RunResult> {
  return runPlan(project.engine, plan, options);
}

export async function runPlan(engine: Engine, plan: Plan, options: RunOptions): Promise<RunResult> {
  for (const warning of plan.warnings) options.onWarning?.(warning);
  if (options.dryRun) return { plan };
  // Progress counts the plan's resources, live reload shows the plan with its reasons.
  options.onPlan?.(plan);
  const result = await execute(plan, engine, {
    ...(options.onEvent && { onEvent: options.onEvent }),
    ...(options.parallel !== undefined && { parallel: options.parallel }),
    ...(options.signal && { signal: options.signal }),
  });
  for (const warning of result.warnings) options.onWarning?.(warning);
  return { plan, result };
}
