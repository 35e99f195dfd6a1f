// What a `develop.watch` rule does to a running service: files copied into
// each of its containers (with their mode; deletions too), `sync+exec`
// commands run there, a restart.
import { lstatSync, readdirSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { ServiceHook } from '../compose-schema/model.js';
import { EngineError, EngineErrorCode } from '../errors.js';
import type { ContainerView, Engine } from '../engine/engine.js';
import { Label } from '../planner/labels.js';
import { ruleTakes, type ServiceUpdate, type ServiceWatchRule, type SyncFile } from '../planner/watch.js';
import { restart } from './lifecycle.js';
import type { ComposeProject } from './project.js';

export type ServiceReport =
  | { readonly kind: 'synced'; readonly service: string; readonly container: string; readonly written: number; readonly deleted: number }
  | { readonly kind: 'executed'; readonly service: string; readonly container: string; readonly command: readonly string[]; readonly exitCode: number }
  | { readonly kind: 'restarted'; readonly service: string }
  | { readonly kind: 'rebuild-unsupported'; readonly service: string };

/** Applies one service's part of a batch; containers that are not running are left alone. */
export async function applyServiceUpdate(project: ComposeProject, update: ServiceUpdate, report: (r: ServiceReport) => void): Promise<void> {
  if (update.rebuild) report({ kind: 'rebuild-unsupported', service: update.service });
  const containers = runningContainers(project, update.service);
  if (update.syncs.length > 0) {
    for (const container of containers) {
      const counts = await syncFiles(project.engine, container, update.syncs);
      report({ kind: 'synced', service: update.service, container: container.record.name, ...counts });
    }
  }
  for (const hook of update.execs) {
    for (const container of containers) {
      const exitCode = await runHook(project.engine, container, hook);
      report({ kind: 'executed', service: update.service, container: container.record.name, command: hook.command ?? [], exitCode });
    }
  }
  if (update.restart && containers.length > 0) {
    await restart(project, { services: [update.service], noDeps: true });
    report({ kind: 'restarted', service: update.service });
  }
}

/** `initial_sync`: everything under the rule's path that it takes, copied in before watching starts. */
export async function initialSync(project: ComposeProject, rule: ServiceWatchRule, report: (r: ServiceReport) => void): Promise<void> {
  const files = filesUnder(rule.path).flatMap((host): SyncFile[] => {
    const taken = ruleTakes(rule, host);
    return taken?.containerPath === undefined ? [] : [{ host, container: taken.containerPath }];
  });
  if (files.length === 0) return;
  for (const container of runningContainers(project, rule.service)) {
    const counts = await syncFiles(project.engine, container, files);
    report({ kind: 'synced', service: rule.service, container: container.record.name, ...counts });
  }
}

export function runningContainers(project: ComposeProject, service: string): ContainerView[] {
  return project.engine
    .list({ labels: { [Label.project]: project.name, [Label.service]: service } })
    .filter((c) => {
      const labels = c.record.config.labels ?? {};
      // One-off `run` containers and pre_start runners are not the service's own.
      return labels[Label.oneoff] !== 'True' && labels[Label.hook] === undefined && c.state.status === 'running';
    })
    .sort((a, b) => (a.record.name < b.record.name ? -1 : 1));
}

// A path gone from the host is removed in the container, in one command for
// all of them; the others are copied one by one, the engine keeping each
// file's mode and owner.
async function syncFiles(engine: Engine, container: ContainerView, files: readonly SyncFile[]): Promise<{ written: number; deleted: number }> {
  const gone = files.filter((f) => lstatSync(f.host, { throwIfNoEntry: false }) === undefined);
  const present = files.filter((f) => !gone.includes(f));
  if (gone.length > 0) await execChecked(engine, container, ['rm', '-rf', '--', ...gone.map((f) => f.container)]);
  for (const file of present) {
    if (lstatSync(file.host).isDirectory()) continue; // its files arrive as changes of their own
    await copyInto(engine, container, file);
  }
  return { written: present.length, deleted: gone.length };
}

async function copyInto(engine: Engine, container: ContainerView, file: SyncFile): Promise<void> {
  try {
    await engine.copyTo(container.record.id, file.host, file.container);
  } catch {
    // The usual reason is a folder the container does not have yet: make it and try once more.
    await execChecked(engine, container, ['mkdir', '-p', '--', posix.dirname(file.container)]);
    await engine.copyTo(container.record.id, file.host, file.container);
  }
}

async function execChecked(engine: Engine, container: ContainerView, cmd: readonly string[]): Promise<void> {
  const code = await engine.exec(container.record.id, { cmd });
  if (code !== 0) throw new EngineError(EngineErrorCode.System, `sync into ${container.record.name}: \`${cmd.join(' ')}\` exited with ${code}`);
}

function runHook(engine: Engine, container: ContainerView, hook: ServiceHook): Promise<number> {
  const env = Object.entries(hook.environment ?? {}).map(([key, value]) => (value === null ? key : `${key}=${value}`));
  return engine.exec(container.record.id, {
    cmd: hook.command ?? [],
    ...(env.length > 0 && { env }),
    ...(hook.user !== undefined && { user: hook.user }),
    ...(hook.working_dir !== undefined && { workingDir: hook.working_dir }),
    ...(hook.privileged === true && { privileged: true }),
  });
}

function filesUnder(path: string): string[] {
  const st = lstatSync(path, { throwIfNoEntry: false });
  if (!st) return [];
  if (!st.isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => filesUnder(join(path, name)));
}
