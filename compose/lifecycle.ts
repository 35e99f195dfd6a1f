// The verbs that move a project's containers along without changing what
// they are: down, start, stop, restart, rm. Each is a reconcile towards its
// target, then the same execute as up.
import { observe } from '../planner/observe.js';
import { reconcileDown, reconcileRemove, reconcileRestart, reconcileStart, reconcileStop } from '../planner/reconcile/index.js';
import type { DownOptions, RemoveOptions, RestartOptions, StartOptions, StopOptions } from '../planner/reconcile/index.js';
import { projectImages, withProjectLock, type ComposeProject } from './project.js';
import type { Engine } from '../engine/engine.js';
import { run, runPlan, type RunOptions, type RunResult } from './up.js';

export function down(project: ComposeProject, options: DownOptions & RunOptions = {}): Promise<RunResult> {
  return withProjectLock(project.engine, project.name, async () => {
    const observed = await observe(project.engine, project.name);
    return run(project, reconcileDown(project.context, observed, options), options);
  });
}

/** `down -p NAME` where no compose file is at hand: what the labels say the project has. */
export function downByName(engine: Engine, projectName: string, options: DownOptions & RunOptions = {}): Promise<RunResult> {
  return withProjectLock(engine, projectName, async () => {
    const observed = await observe(engine, projectName);
    return runPlan(engine, reconcileDown({ projectName }, observed, options), options);
  });
}

export function start(project: ComposeProject, options: StartOptions & RunOptions = {}): Promise<RunResult> {
  return withProjectLock(project.engine, project.name, async () => {
    const observed = await observe(project.engine, project.name, { images: projectImages(project) });
    return run(project, reconcileStart(project.context, observed, options), options);
  });
}

export function stop(project: ComposeProject, options: StopOptions & RunOptions = {}): Promise<RunResult> {
  return withProjectLock(project.engine, project.name, async () => {
    const observed = await observe(project.engine, project.name, { containersOnly: true });
    return run(project, reconcileStop(project.context, observed, options), options);
  });
}

export function restart(project: ComposeProject, options: RestartOptions & RunOptions = {}): Promise<RunResult> {
  return withProjectLock(project.engine, project.name, async () => {
    const observed = await observe(project.engine, project.name, { images: projectImages(project) });
    return run(project, reconcileRestart(project.context, observed, options), options);
  });
}

export function remove(project: ComposeProject, options: RemoveOptions & RunOptions = {}): Promise<RunResult> {
  return withProjectLock(project.engine, project.name, async () => {
    const observed = await observe(project.engine, project.name, { containersOnly: true });
    return run(project, reconcileRemove(project.context, observed, options), options);
  });
}
