// `flotilla watch` and `flotilla up --watch`: bring the project up (unless
// --no-up), then show each change, its plan and its result until Ctrl-C;
// `up --watch` then stops the project, as attached `up` does.
import { relative } from 'node:path';
import { planToString, stop, watchProject, type ComposeProject, type WatchReport } from '../../index.js';
import { formatError } from '../exit-codes.js';
import { loadOptionsFrom, type GlobalOptions } from '../global-options.js';
import { envFlag, openFromCli, progressFor, scaleOption, seconds } from './compose-common.js';
import type { UpFlags } from './compose-up.js';
import { ContainerOutput } from './compose-watch-logs.js';

export interface WatchFlags {
  up?: boolean;
  prune?: boolean;
  quiet?: boolean;
  progress?: string;
}

export async function runWatch(services: string[], flags: WatchFlags, global: GlobalOptions): Promise<void> {
  await watchUntilInterrupted(services, global, { noUp: flags.up === false, progress: flags.quiet ? 'quiet' : flags.progress, stopOnEnd: false, up: {} });
}

export async function runUpWatch(services: string[], flags: UpFlags, global: GlobalOptions): Promise<void> {
  const timeout = seconds(flags.timeout, '--timeout');
  await watchUntilInterrupted(services, global, {
    noUp: false,
    progress: flags.progress,
    stopOnEnd: true,
    logs: { color: flags.color !== false && !process.env['NO_COLOR'] },
    ...(timeout !== undefined && { timeout }),
    up: {
      ...(flags.forceRecreate && { forceRecreate: true }),
      ...(flags.recreate === false && { noRecreate: true }),
      ...(flags.deps === false && { noDeps: true }),
      ...((flags.removeOrphans || envFlag('COMPOSE_REMOVE_ORPHANS')) && { removeOrphans: true }),
      ...(timeout !== undefined && { timeout }),
      scale: scaleOption(flags.scale),
    },
  });
}

interface Session {
  readonly noUp: boolean;
  readonly progress: string | undefined;
  readonly stopOnEnd: boolean;
  /** Show the containers' output, as attached `up` does. */
  readonly logs?: { readonly color: boolean };
  readonly timeout?: number;
  readonly up: Record<string, unknown>;
}

async function watchUntilInterrupted(services: string[], global: GlobalOptions, session: Session): Promise<void> {
  const view = progressFor({ ...(session.progress !== undefined && { progress: session.progress }) }, 'Running');
  const print = (line: string) => process.stdout.write(`${line}\n`);
  const first = session.logs ? openFromCli(global, services) : undefined;
  const output = first && session.logs ? new ContainerOutput(first, session.logs) : undefined;
  const watch = watchProject({
    ...loadOptionsFrom(global, services.length > 0 ? { services } : {}),
    ...(first && { engine: first.engine }),
    up: { ...session.up, ...(services.length > 0 && { services }) },
    noUp: session.noUp,
    onEvent: view.onEvent,
    onWarning: view.onWarning,
    onReport: (report) => {
      describe(report).forEach(print);
      if (report.kind === 'watching' || report.kind === 'applied' || report.kind === 'restarted') output?.refresh(watch.project());
    },
  });
  const interrupted = new Promise<void>((resolve) => {
    process.removeAllListeners('SIGINT');
    process.once('SIGINT', () => resolve());
  });
  await Promise.race([watch.ready, interrupted]);
  await interrupted;
  print('Stopping watch...');
  await watch.close();
  view.finish();
  if (session.stopOnEnd) await stopProject(watch.project(), session.timeout);
  output?.close();
  process.exitCode = 130;
}

function stopProject(project: ComposeProject, timeout: number | undefined): Promise<unknown> {
  return stop(project, timeout !== undefined ? { timeout } : {});
}

/** The lines a report is shown as. */
export function describe(report: WatchReport): string[] {
  switch (report.kind) {
    case 'watching':
      return [`Watch enabled: ${report.files.length} project file(s), ${report.rules.length} develop.watch rule(s)`];
    case 'changed':
      return [`Change detected: ${listPaths(report.paths)}`];
    case 'reload-failed':
      return [`${formatError(report.error)}`, 'The project did not load: the stack is left as it was; waiting for the next save'];
    case 'plan': {
      const text = planToString(report.plan).trimEnd();
      return text === 'nothing to do' ? ['Plan: nothing to do'] : ['Plan:', ...text.split('\n').map((l) => `  ${l}`)];
    }
    case 'apply-failed':
      return [formatError(report.error), 'The change was not fully applied; still watching'];
    case 'applied':
      return report.outcome.error === undefined ? ['Applied'] : [];
    case 'synced':
      return [`Synced ${report.written} file(s) into ${report.container}${report.deleted > 0 ? `, deleted ${report.deleted}` : ''}`];
    case 'executed':
      return [`Ran \`${report.command.join(' ')}\` in ${report.container}: exit ${report.exitCode}`];
    case 'restarted':
      return [`Restarted ${report.service}`];
    case 'rebuild-unsupported':
      return [`WARN service ${report.service}: its rebuild rule needs image builds, which Flotilla cannot do yet; the change is not applied`];
  }
}

function listPaths(paths: readonly string[]): string {
  const shown = paths.slice(0, 5).map((p) => relative(process.cwd(), p) || p);
  return paths.length > 5 ? `${shown.join(', ')} and ${paths.length - 5} more` : shown.join(', ');
}
