// `flotilla up`: create and start the project; with -d (or --wait) that is
// all, otherwise the containers' output follows, prefixed by their names,
// until they end or Ctrl-C stops the project.
import { ComposeLabel, ps, stop, up, UsageError, withPullPolicy, type ComposeProject, type PullPolicy } from '../../index.js';
import type { GlobalOptions } from '../global-options.js';
import { attachToContainers } from './compose-attach.js';
import { envFlag, openFromCli, scaleOption, seconds } from './compose-common.js';
import { withProgress } from './compose-verbs.js';

export interface UpFlags {
  detach?: boolean;
  wait?: boolean;
  waitTimeout?: string;
  forceRecreate?: boolean;
  recreate?: boolean;
  alwaysRecreateDeps?: boolean;
  deps?: boolean;
  start?: boolean;
  removeOrphans?: boolean;
  scale: string[];
  timeout?: string;
  renewAnonVolumes?: boolean;
  dryRun?: boolean;
  build?: boolean;
  abortOnContainerExit?: boolean;
  abortOnContainerFailure?: boolean;
  exitCodeFrom?: string;
  attach: string[];
  noAttach: string[];
  attachDependencies?: boolean;
  color?: boolean;
  logPrefix?: boolean;
  timestamps?: boolean;
  progress?: string;
  watch?: boolean;
  pull?: string;
}

export async function runUp(services: string[], flags: UpFlags, global: GlobalOptions): Promise<void> {
  checkFlags(flags);
  if (flags.watch) {
    const { runUpWatch } = await import('./compose-watch.js');
    return runUpWatch(services, flags, global);
  }
  const project = withPullPolicy(openFromCli(global, services), pullFlag(flags.pull));
  const detached = flags.detach === true || flags.wait === true || flags.start === false || flags.dryRun === true;
  const waitTimeout = seconds(flags.waitTimeout, '--wait-timeout');
  const timeout = seconds(flags.timeout, '--timeout');
  // Output of containers that already ran starts after what they wrote before.
  const offsets = new Map(project.engine.list({ labels: { [ComposeLabel.project]: project.name } }).map((c) => [c.record.id, project.engine.logOffset(c.record.id)]));
  await withProgress('Running', flags, (run) =>
    up(project, {
      ...run,
      ...(services.length > 0 && { services }),
      ...(flags.forceRecreate && { forceRecreate: true }),
      ...(flags.recreate === false && { noRecreate: true }),
      ...(flags.alwaysRecreateDeps && { alwaysRecreateDeps: true }),
      ...(flags.deps === false && { noDeps: true }),
      ...(flags.start === false && { noStart: true }),
      ...((flags.removeOrphans || envFlag('COMPOSE_REMOVE_ORPHANS')) && { removeOrphans: true }),
      ...(timeout !== undefined && { timeout }),
      ...(flags.renewAnonVolumes && { renewAnonVolumes: true }),
      ...(flags.wait && { wait: true, ...(waitTimeout !== undefined && { waitTimeoutMs: waitTimeout * 1000 }) }),
      scale: scaleOption(flags.scale),
      ...(flags.build && { build: true, buildOutput: process.stderr }),
    }),
  );
  if (detached) return;
  process.exitCode = await attached(project, services, flags, offsets, timeout);
}

function checkFlags(flags: UpFlags): void {
  if (flags.forceRecreate && flags.recreate === false) throw new UsageError('--force-recreate and --no-recreate are incompatible');
  if (flags.detach && (flags.abortOnContainerExit || flags.abortOnContainerFailure || flags.exitCodeFrom)) throw new UsageError('--abort-on-container-exit, --abort-on-container-failure and --exit-code-from cannot be used with --detach');
  if (flags.watch && (flags.detach || flags.dryRun)) throw new UsageError('--watch cannot be used with --detach or --dry-run');
  if (flags.abortOnContainerExit && flags.abortOnContainerFailure) throw new UsageError('--abort-on-container-exit and --abort-on-container-failure are incompatible');
}

/** Follows the output of the attached services until they end (or an abort), then returns the exit code up ends with. */
async function attached(project: ComposeProject, services: readonly string[], flags: UpFlags, offsets: ReadonlyMap<string, number>, timeout: number | undefined): Promise<number> {
  const noAttach = new Set(flags.noAttach);
  const chosen = flags.attach.length > 0 ? new Set(flags.attach) : undefined;
  const named = services.length > 0 && !flags.attachDependencies ? new Set(services) : undefined;
  const entries = (await ps(project, { all: true })).filter((e) => {
    if (chosen) return chosen.has(e.service);
    if (noAttach.has(e.service)) return false;
    const attachKey = project.loaded.project.services[e.service]?.attach;
    return attachKey !== false && (!named || named.has(e.service));
  });
  const abort = flags.abortOnContainerExit || flags.exitCodeFrom !== undefined ? 'exit' : flags.abortOnContainerFailure ? 'failure' : undefined;
  const outcome = await attachToContainers(project, entries, {
    offsets,
    color: flags.color !== false && !process.env['NO_COLOR'],
    prefix: flags.logPrefix !== false,
    timestamps: flags.timestamps === true,
    ...(abort && { abort }),
    stopProject: () => stop(project, timeout !== undefined ? { timeout } : {}).then(() => undefined),
  });
  if (flags.exitCodeFrom !== undefined) return outcome.exitCodes.get(flags.exitCodeFrom) ?? 0;
  return outcome.code;
}

/** `--pull always|missing|never`; docker compose also takes `build` (the builder's). */
function pullFlag(value: string | undefined): PullPolicy | undefined {
  if (value === undefined) return undefined;
  if (value !== 'always' && value !== 'missing' && value !== 'never') throw new UsageError(`invalid --pull "${value}": use always, missing or never`);
  return value;
}
