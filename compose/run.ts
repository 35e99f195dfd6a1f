// `run` as a library call: the service's networks, volumes and image made,
// its dependencies brought up by the same reconcile `up` uses, its
// depends_on conditions waited for (a dependency that fails ends the run
// with its error), then a one-off container of the service, started
// detached or attached to the caller's streams.
import { randomBytes } from 'node:crypto';
import type { Readable, Writable } from 'node:stream';
import { observe } from '../planner/observe.js';
import type { Plan } from '../planner/plan.js';
import { reconcileUp } from '../planner/reconcile/index.js';
import { waitForCondition } from '../planner/waits.js';
import { projectImages, withProjectLock, type ComposeProject } from './project.js';
import { oneOffConfig, type OneOffSettings } from './run-config.js';
import { checkService, projectContainers } from './select.js';
import { runPlan, type RunOptions } from './up.js';

export interface RunOneOffOptions extends OneOffSettings, RunOptions {
  readonly service: string;
  /** Start the dependencies only: not those of the service, nor the service's conditions on them (--no-deps). */
  readonly noDeps?: boolean;
  readonly removeOrphans?: boolean;
  /** Start it and return; otherwise wait for it to end, its output on the streams below. */
  readonly detach?: boolean;
  /** With `interactive`: what the container reads. */
  readonly stdin?: Readable;
  readonly stdout?: Writable;
  readonly stderr?: Writable;
  readonly terminal?: { readonly rows: number; readonly columns: number };
  /** Told once the container exists, before it starts (to forward signals to it, say). */
  readonly onCreated?: (container: { readonly id: string; readonly name: string }) => void;
}

export interface RunOneOffResult {
  readonly id: string;
  readonly name: string;
  /** The container's exit code; absent when detached. */
  readonly exitCode?: number;
  /** What was done for the dependencies (or, with none, for the service's networks, volumes and image). */
  readonly plan: Plan;
}

export async function run(project: ComposeProject, options: RunOneOffOptions): Promise<RunOneOffResult> {
  checkService(project, options.service);
  const { engine } = project;
  const { plan, id, name } = await withProjectLock(engine, project.name, async () => {
    const deps = options.noDeps ? [] : dependenciesOf(project, options.service);
    const upOptions = { disabledServices: project.loaded.disabledServices, ...(options.removeOrphans && { removeOrphans: true }) };
    // The service's own networks, volumes and image, which no dependency may share.
    const own = reconcileUp(project.context, await observe(engine, project.name, { images: projectImages(project) }), { ...upOptions, services: [options.service], noDeps: true, noStart: true });
    let plan = (await runPlan(engine, resourcesOnly(own), options)).plan;
    if (deps.length > 0) {
      const observed = await observe(engine, project.name, { images: projectImages(project) });
      plan = (await runPlan(engine, reconcileUp(project.context, observed, { ...upOptions, services: deps }), options)).plan;
      await waitForConditions(project, options);
    }
    const slug = randomBytes(32).toString('hex');
    const config = oneOffConfig(project.context, options.service, options, slug, new Map(project.loaded.environment));
    const record = await engine.create(config);
    return { plan, id: record.id, name: record.name };
  });
  options.onCreated?.({ id, name });
  const result = { id, name, plan };
  if (options.detach) {
    await startOrRemove(project, id, options.remove === true);
    return result;
  }
  const { stdin, stdout, stderr, terminal } = options;
  const exitCode = await engine.startAttached(id, {
    remove: options.remove === true,
    ...(options.interactive && stdin && { stdin }),
    ...(stdout && { stdout }),
    ...(stderr && { stderr }),
    ...(terminal && { terminal }),
  });
  return { ...result, exitCode };
}

const RESOURCE_KINDS = new Set(['CreateNetwork', 'CreateVolume', 'EnsureImage']);

/** The networks, volumes and images of a plan that need nothing else done first (a network to remake does: left to `up`). */
function resourcesOnly(plan: Plan): Plan {
  const kept = new Set<number>();
  const nodes = plan.nodes.filter((node) => {
    const keep = RESOURCE_KINDS.has(node.kind) && node.dependsOn.every((id) => kept.has(id));
    if (keep) kept.add(node.id);
    return keep;
  });
  return { ...plan, nodes };
}

/** The services `service` depends on that the file has (a `required: false` one it lacks is skipped). */
function dependenciesOf(project: ComposeProject, service: string): string[] {
  const services = project.loaded.project.services;
  return Object.keys(services[service]!.depends_on ?? {}).filter((dep) => dep in services).sort();
}

const CONDITION_WAIT = { service_healthy: 'WaitHealthy', service_completed_successfully: 'WaitCompleted' } as const;

// The one-off's own depends_on conditions: `up` puts them in its plan, here nothing of the plan starts the service.
async function waitForConditions(project: ComposeProject, options: RunOneOffOptions): Promise<void> {
  const dependsOn = project.loaded.project.services[options.service]!.depends_on ?? {};
  for (const [dep, spec] of Object.entries(dependsOn).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const kind = CONDITION_WAIT[spec.condition as keyof typeof CONDITION_WAIT];
    if (kind === undefined || !(dep in project.loaded.project.services)) continue;
    for (const view of projectContainers(project, { services: [dep], stopped: true })) {
      try {
        await waitForCondition(project.engine, kind, view.record.id, options.signal ? { signal: options.signal } : {});
      } catch (err) {
        if (spec.required !== false) throw err;
        options.onWarning?.(`${options.service} depends on ${dep}, which failed (required: false): ${(err as Error).message}`);
      }
    }
  }
}

async function startOrRemove(project: ComposeProject, id: string, remove: boolean): Promise<void> {
  try {
    await project.engine.start(id);
  } catch (err) {
    if (remove) await project.engine.remove(id, { force: true, volumes: true });
    throw err;
  }
}
