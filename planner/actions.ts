// What each kind of plan node does, through the engine API. No decisions:
// the plan says what and why; this only knows how.
import { EngineError, EngineErrorCode } from '../errors.js';
import type { ContainerConfig, Engine } from '../engine/engine.js';
import type { ContainerRef, HookCommand, PlanNode } from './plan.js';
import { waitForCondition } from './waits.js';
import { ensureImage } from './ensure-image.js';

/** The part of the engine API the executor uses (a test passes a recording fake). */
export type ActionEngine = Pick<Engine, 'createNetwork' | 'removeNetwork' | 'createVolume' | 'removeVolume' | 'imageId' | 'build' | 'pull' | 'create' | 'start' | 'stop' | 'remove' | 'rename' | 'waitFor' | 'find' | 'inspect' | 'exec'>;

export interface ActionContext {
  readonly engine: ActionEngine;
  /** Ids of the containers CreateContainer nodes made, by node id. */
  readonly created: Map<number, string>;
  readonly signal: AbortSignal;
}

/** Runs one node; resolves with the word to show when it is done (undefined: the default one). */
export async function runAction(node: PlanNode, context: ActionContext): Promise<string | undefined> {
  const { engine } = context;
  const target = node.target;
  switch (target.type) {
    case 'network':
      if (node.kind === 'CreateNetwork') await engine.createNetwork(target.name, target.spec ?? { labels: {} });
      else await engine.removeNetwork(target.id ?? target.name);
      return undefined;
    case 'volume':
      if (node.kind === 'CreateVolume') engine.createVolume({ name: target.name, ...target.spec });
      else engine.removeVolume(target.name);
      return undefined;
    case 'image':
      if (target.build) {
        await engine.build(target.build);
        return undefined;
      }
      return ensureImage(engine, target);
    case 'container':
      return containerAction(node, target, context);
  }
}

type ContainerTarget = Extract<PlanNode['target'], { type: 'container' }>;

async function containerAction(node: PlanNode, target: ContainerTarget, context: ActionContext): Promise<string | undefined> {
  const { engine } = context;
  if (node.kind === 'CreateContainer') {
    const record = await engine.create(target.config!);
    context.created.set(node.id, record.id);
    return undefined;
  }
  const id = resolveRef(target.container!, context.created);
  switch (node.kind) {
    case 'StartContainer':
      for (const [index, runner] of (target.preStart ?? []).entries()) await runPreStart(engine, runner, index);
      await engine.start(id);
      await runHooks(engine, id, target.hooks ?? [], 'post_start');
      return undefined;
    case 'StopContainer': {
      // A pre_stop hook that fails does not keep the container running; it is reported once it stopped.
      const hooks = await runHooks(engine, id, target.hooks ?? [], 'pre_stop').then(() => undefined, (err: unknown) => err);
      await engine.stop(id, target.timeout !== undefined ? { timeout: target.timeout } : {});
      if (hooks) throw hooks;
      return undefined;
    }
    case 'RemoveContainer':
      await engine.remove(id, { force: true, volumes: target.removeVolumes === true });
      return undefined;
    case 'RenameContainer':
      await engine.rename(id, target.newName!);
      return undefined;
    case 'WaitHealthy':
    case 'WaitCompleted':
    case 'WaitReady':
      return waitForCondition(engine, node.kind, id, { signal: context.signal, ...(target.timeoutMs !== undefined && { timeoutMs: target.timeoutMs }) });
    default:
      throw new EngineError(EngineErrorCode.InvalidConfig, `${node.kind} does not act on a container`);
  }
}

/**
 * One pre_start runner: made, run to its end, removed if it succeeded. One
 * that failed is kept for `logs` and `inspect`, and replaced by the next try.
 */
async function runPreStart(engine: ActionEngine, config: ContainerConfig, index: number): Promise<void> {
  if (exists(engine, config.name!)) await engine.remove(config.name!, { force: true, volumes: true });
  const record = await engine.create(config);
  const started = await engine.start(record.id, { attach: true });
  const code = await started.exit!;
  if (code !== 0) throw new EngineError(EngineErrorCode.System, `pre_start hook ${index} exited with code ${code} (its container ${config.name} is kept for inspection)`);
  await engine.remove(record.id, { volumes: true });
}

function exists(engine: ActionEngine, name: string): boolean {
  try {
    engine.inspect(name);
    return true;
  } catch {
    return false;
  }
}

/** Runs hooks in order, each to its end; the first that fails (non-zero) stops the rest. */
async function runHooks(engine: ActionEngine, id: string, hooks: readonly HookCommand[], what: string): Promise<void> {
  for (const hook of hooks) {
    const code = await engine.exec(id, hook);
    if (code !== 0) throw new EngineError(EngineErrorCode.System, `${what} hook ${JSON.stringify(hook.cmd.join(' '))} exited with code ${code}`);
  }
}

function resolveRef(ref: ContainerRef, created: ReadonlyMap<number, string>): string {
  if ('id' in ref) return ref.id;
  const id = created.get(ref.createdBy);
  // The executor starts a node only after its parents: a missing id is a plan without that edge.
  if (!id) throw new EngineError(EngineErrorCode.InvalidConfig, `container ${ref.name} is not created yet (plan node #${ref.createdBy} has not run)`);
  return id;
}
