// What ComposeStack.up() does, in order: open the project, take down what
// dead stacks left, own the project, up, wait for every container, and on
// any failure take down again what was made.
import { randomBytes } from 'node:crypto';
import { basename, dirname, resolve } from 'node:path';
import type { Engine } from '../engine/engine.js';
import { StackError, StackErrorCode } from '../errors.js';
import type { ProgressEvent } from '../planner/progress.js';
import { down } from './lifecycle.js';
import { openProject, type ComposeProject } from './project.js';
import { ps } from './ps.js';
import { StackContainer } from './stack-container.js';
import { reclaimAbandoned, StackOwnership } from './stack-ownership.js';
import { awaitReadiness } from './stack-readiness.js';
import { StartedComposeStack } from './started-stack.js';
import { up } from './up.js';
import { DefaultWait } from './wait/default.js';
import type { WaitStrategy } from './wait/strategy.js';

/**
 * docker compose's `up --pull`: pull every image first, only the missing
 * ones, or none (up fails when the store lacks one).
 */
export type PullPolicy = 'always' | 'missing' | 'never';

export interface StackSettings {
  readonly files: readonly string[];
  readonly projectName?: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly envFiles: readonly string[];
  readonly profiles: readonly string[];
  readonly services: readonly string[];
  readonly pullPolicy?: PullPolicy;
  readonly startupTimeoutMs: number;
  /** By container name in the stack (`web-1`) or service name. */
  readonly waitStrategies: ReadonlyMap<string, WaitStrategy>;
  readonly defaultWaitStrategy?: WaitStrategy;
  readonly engine?: Engine;
  readonly onEvent?: (event: ProgressEvent) => void;
}

export async function startStack(settings: StackSettings): Promise<StartedComposeStack> {
  const project = withPullPolicy(open(settings), settings.pullPolicy);
  checkWaitNames(project, settings.waitStrategies);
  await reclaimAbandoned(project.engine);
  const ownership = await StackOwnership.take(project.engine, project.name);
  const events = settings.onEvent ? { onEvent: settings.onEvent } : {};
  try {
    await up(project, { ...events, disabledServices: project.loaded.disabledServices, ...(settings.services.length > 0 && { services: settings.services }) });
    const containers = await stackContainers(project, settings);
    await awaitReadiness(project.engine, [...containers.values()].map((c) => c.awaited()), { timeoutMs: settings.startupTimeoutMs });
    for (const container of containers.values()) await container.refresh();
    return new StartedComposeStack(project, containers, ownership);
  } catch (err) {
    await tearDown(project, ownership, events, err);
    throw err;
  }
}

function open(settings: StackSettings): ComposeProject {
  const files = settings.files.map((file) => resolve(file));
  return openProject({
    files,
    projectName: settings.projectName ?? uniqueName(files[0]),
    environment: { ...process.env, ...settings.environment },
    ...(settings.envFiles.length > 0 && { envFiles: settings.envFiles }),
    ...(settings.profiles.length > 0 && { profiles: settings.profiles }),
    ...(settings.services.length > 0 && { services: settings.services }),
    ...(settings.engine && { engine: settings.engine }),
  });
}

/** The folder's name (what docker compose would call the project) and a random suffix: stacks of one file in parallel never meet. */
function uniqueName(file: string | undefined): string {
  const base = basename(dirname(file ?? process.cwd())).toLowerCase().replace(/[^a-z0-9_-]+/g, '').replace(/^[_-]+/, '') || 'stack';
  return `${base}-${randomBytes(4).toString('hex')}`;
}

/** The project with every service's pull_policy replaced by `policy` (up --pull); unchanged without one. */
export function withPullPolicy(project: ComposeProject, policy: PullPolicy | undefined): ComposeProject {
  if (!policy) return project;
  const model = project.context.project;
  const services = Object.fromEntries(Object.entries(model.services).map(([key, service]) => [key, { ...service, pull_policy: policy }]));
  return { ...project, context: { ...project.context, project: { ...model, services } } };
}

/** A name given to withWaitStrategy must be a service or one of its containers (`web-1`): a typo would wait for nothing. */
function checkWaitNames(project: ComposeProject, strategies: ReadonlyMap<string, WaitStrategy>): void {
  const services = project.loaded.project.services;
  for (const name of strategies.keys()) {
    const service = services[name] ? name : /^(.+)-\d+$/.exec(name)?.[1];
    if (service && services[service]) continue;
    throw new StackError(StackErrorCode.NotFound, `withWaitStrategy: project ${project.name} has no service or container ${name}`, { hint: `its services: ${Object.keys(services).sort().join(', ')}` });
  }
}

function strategyFor(settings: StackSettings, key: string, service: string): WaitStrategy {
  return settings.waitStrategies.get(key) ?? settings.waitStrategies.get(service) ?? settings.defaultWaitStrategy ?? new DefaultWait();
}

/** The project's containers by name in the stack (`web-1`), as ps orders them. */
async function stackContainers(project: ComposeProject, settings: StackSettings): Promise<Map<string, StackContainer>> {
  const networkNames = new Map(Object.entries(project.loaded.project.networks).map(([key, network]) => [key, network.name]));
  const containers = new Map<string, StackContainer>();
  for (const { view, service, number } of await ps(project, { all: true })) {
    const key = `${service}-${number}`;
    containers.set(key, new StackContainer(project.engine, {
      id: view.record.id, name: view.record.name, key, service, networkNames,
      strategy: strategyFor(settings, key, service), startupTimeoutMs: settings.startupTimeoutMs,
    }));
  }
  return containers;
}

/** Takes down what a failed up made; the up's own error is the one to report, unless the teardown failed too. */
async function tearDown(project: ComposeProject, ownership: StackOwnership, events: { onEvent?: (event: ProgressEvent) => void }, cause: unknown): Promise<void> {
  try {
    await down(project, { ...events, volumes: true, removeOrphans: true, timeout: 0, disabledServices: project.loaded.disabledServices });
  } catch (err) {
    await ownership.release({ reclaimLater: true });
    throw new AggregateError([cause, err], `stack ${project.name} failed to come up, and taking it down failed too`);
  }
  await ownership.release();
}
