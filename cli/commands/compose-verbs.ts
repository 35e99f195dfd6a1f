// `flotilla create|down|start|stop|restart|rm`: parse the flags, call the
// compose API, show its progress (or the plan, with --dry-run).
import { ComposeErrorCode, down, downByName, Engine, FlotillaError, planToString, remove, restart, shownResources, start, stop, up, UsageError, type RunOptions, type RunResult } from '../../index.js';
import type { GlobalOptions } from '../global-options.js';
import { envFlag, openFromCli, parallelLimit, progressFor, scaleOption, seconds } from './compose-common.js';
import type { DisplayFlags } from '../display-options.js';

interface Common extends DisplayFlags {
  dryRun?: boolean;
}

/** Runs a verb with progress shown, printing the plan instead on a dry run. */
export async function withProgress(verb: string, options: Common, call: (run: RunOptions) => Promise<RunResult>): Promise<RunResult> {
  const view = progressFor(options.dryRun ? { ...options, progress: 'quiet' } : options, verb);
  const parallel = parallelLimit(options);
  try {
    const result = await call({
      onEvent: view.onEvent,
      onWarning: view.onWarning,
      onPlan: (plan) => view.onPlan(shownResources(plan)),
      ...(parallel !== undefined && { parallel }),
      ...(options.dryRun && { dryRun: true }),
    });
    if (options.dryRun) process.stdout.write(planToString(result.plan));
    return result;
  } finally {
    view.finish();
  }
}

export async function runCreate(services: string[], options: Common & { recreate?: boolean; forceRecreate?: boolean; removeOrphans?: boolean; scale: string[] }, global: GlobalOptions): Promise<void> {
  if (options.forceRecreate && options.recreate === false) throw new UsageError('--force-recreate and --no-recreate are incompatible');
  const project = openFromCli(global, services);
  await withProgress('Running', options, (run) =>
    up(project, {
      ...run,
      noStart: true,
      ...(services.length > 0 && { services }),
      ...(options.forceRecreate && { forceRecreate: true }),
      ...(options.recreate === false && { noRecreate: true }),
      ...((options.removeOrphans || envFlag('COMPOSE_REMOVE_ORPHANS')) && { removeOrphans: true }),
      scale: scaleOption(options.scale),
    }),
  );
}

export async function runDown(options: Common & { volumes?: boolean; rmi?: string; removeOrphans?: boolean; timeout?: string }, global: GlobalOptions): Promise<void> {
  if (options.rmi !== undefined && options.rmi !== 'local' && options.rmi !== 'all') throw new UsageError(`invalid --rmi "${options.rmi}": use local or all`);
  const timeout = seconds(options.timeout, '--timeout');
  const downOptions = {
    ...(options.volumes && { volumes: true }),
    ...((options.removeOrphans || envFlag('COMPOSE_REMOVE_ORPHANS')) && { removeOrphans: true }),
    ...(timeout !== undefined && { timeout }),
  };
  const project = openOrName(global);
  if (typeof project === 'string') {
    // No compose file, but a project name: docker compose takes down what the labels say.
    await withProgress('Running', options, (run) => downByName(new Engine(), project, { ...run, ...downOptions }));
    return;
  }
  await withProgress('Running', options, (run) => down(project, { ...run, ...downOptions }));
  if (options.rmi !== undefined) await removeImages(project, options.rmi);
}

function openOrName(global: GlobalOptions): ReturnType<typeof openFromCli> | string {
  try {
    return openFromCli(global);
  } catch (err) {
    const name = global.projectName ?? process.env['COMPOSE_PROJECT_NAME'];
    if (name && err instanceof FlotillaError && err.code === ComposeErrorCode.FileNotFound) return name;
    throw err;
  }
}

/** down --rmi: the images the services use (`local`: only those without a custom tag, i.e. made for a build). */
async function removeImages(project: ReturnType<typeof openFromCli>, which: string): Promise<void> {
  for (const [key, service] of Object.entries(project.loaded.project.services)) {
    if (which === 'local' && service.image !== undefined) continue;
    const reference = service.image ?? `${project.name}-${key}`;
    try {
      project.engine.images.remove(reference);
      process.stderr.write(` Image ${reference}  Removed\n`);
    } catch {
      // not stored, or still used by another container: docker compose goes on too
    }
  }
}

export async function runLifecycle(verb: 'start' | 'stop' | 'restart', services: string[], options: Common & { timeout?: string; deps?: boolean }, global: GlobalOptions): Promise<void> {
  const project = openFromCli(global, services);
  const timeout = seconds(options.timeout, '--timeout');
  const selection = { ...(services.length > 0 && { services }), ...(timeout !== undefined && { timeout }) };
  await withProgress('Running', options, (run) => {
    if (verb === 'start') return start(project, { ...run, ...selection });
    if (verb === 'stop') return stop(project, { ...run, ...selection });
    return restart(project, { ...run, ...selection, ...(options.deps === false && { noDeps: true }) });
  });
}

export async function runRemove(services: string[], options: Common & { force?: boolean; stop?: boolean; volumes?: boolean }, global: GlobalOptions): Promise<void> {
  const project = openFromCli(global, services);
  // Without -f docker compose asks first; there is nobody to ask without a terminal, and Flotilla does not prompt.
  await withProgress('Running', options, (run) =>
    remove(project, { ...run, ...(services.length > 0 && { services }), ...(options.stop && { stop: true }), ...(options.volumes && { volumes: true }) }),
  );
}
