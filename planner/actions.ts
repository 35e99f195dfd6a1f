// What each kind of plan node does, through the engine API. No decisions:
// the plan says what and why; this only knows how.
import { EngineError, EngineErrorCode } from '../errors.js';
import type { Engine } from '../engine/engine.js';
import type { ContainerRef, PlanNode } from './plan.js';
import { waitForCondition } from './waits.js';

/** The part of the engine API the executor uses (a test passes a recording fake). */
export type ActionEngine = Pick<Engine, 'createNetwork' | 'removeNetwork' | 'createVolume' | 'removeVolume' | 'imageId' | 'create' | 'start' | 'stop' | 'remove' | 'rename' | 'waitFor' | 'find'>;

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
      if (engine.imageId(target.reference) === undefined) {
        const users = target.services.join(', ');
        throw new EngineError(EngineErrorCode.NotFound, `no such image: ${target.reference} (service ${users}): load it with flotilla image load`);
      }
      return undefined;
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
      await engine.start(id);
      return undefined;
    case 'StopContainer':
      await engine.stop(id, target.timeout !== undefined ? { timeout: target.timeout } : {});
      return undefined;
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

function resolveRef(ref: ContainerRef, created: ReadonlyMap<number, string>): string {
  if ('id' in ref) return ref.id;
  const id = created.get(ref.createdBy);
  // The executor starts a node only after its parents: a missing id is a plan without that edge.
  if (!id) throw new EngineError(EngineErrorCode.InvalidConfig, `container ${ref.name} is not created yet (plan node #${ref.createdBy} has not run)`);
  return id;
}
