// Runs a plan: every node starts as soon as its own parents are done (no
// level-by-level barrier), up to `parallel` at once. The first failure stops
// anything from starting, cancels the waits in flight, lets the other actions
// in flight finish, and is thrown naming the resource it happened to.
import { FlotillaError, type FlotillaErrorOptions } from '../errors.js';
import { runAction, type ActionEngine } from './actions.js';
import type { Plan, PlanNode } from './plan.js';
import { displayName, progressWords, type ProgressEvent } from './progress.js';

export interface ExecuteOptions {
  readonly onEvent?: (event: ProgressEvent) => void;
  /** At most this many actions at once (docker compose's --parallel); unlimited when absent. */
  readonly parallel?: number;
  readonly signal?: AbortSignal;
}

export interface ExecuteResult {
  /** Ids of the containers made, by the resource they stand for (`service:web:1`). */
  readonly created: ReadonlyMap<string, string>;
  /** Optional nodes that failed (a `required: false` dependency), with why. */
  readonly warnings: readonly string[];
}

/** A plan node that failed: the message names the resource; `code` is the cause's. */
export class ActionError extends FlotillaError {
  constructor(readonly node: PlanNode, cause: unknown) {
    const inner = cause instanceof Error ? cause.message : String(cause);
    const options: FlotillaErrorOptions = { cause };
    // The cause's code, not its exit status: a compose verb that fails ends with 1, as docker compose does.
    super(cause instanceof FlotillaError ? cause.code : 'FLOTILLA_ACTION_FAILED', `${displayName(node)}: ${inner}`, options);
  }
}

export async function execute(plan: Plan, engine: ActionEngine, options: ExecuteOptions = {}): Promise<ExecuteResult> {
  const emit = options.onEvent ?? (() => {});
  const cancel = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, cancel.signal]) : cancel.signal;
  const created = new Map<number, string>();
  const warnings: string[] = [];
  const waiting = new Map(plan.nodes.map((n) => [n.id, new Set(n.dependsOn)]));
  const children = new Map<number, number[]>();
  for (const node of plan.nodes) for (const parent of node.dependsOn) children.set(parent, [...(children.get(parent) ?? []), node.id]);
  const byId = new Map(plan.nodes.map((n) => [n.id, n]));
  const limit = options.parallel && options.parallel > 0 ? options.parallel : Infinity;
  let running = 0;
  let failure: ActionError | undefined;
  const ready: PlanNode[] = plan.nodes.filter((n) => n.dependsOn.length === 0);

  await new Promise<void>((settle) => {
    const pump = () => {
      while (!failure && !signal.aborted && running < limit && ready.length > 0) void run(ready.shift()!);
      if (running === 0) settle();
    };
    const run = async (node: PlanNode) => {
      running += 1;
      const words = progressWords(node);
      const resource = displayName(node);
      if (words) emit({ resource, state: words[0], ...(node.reason && { detail: node.reason }), done: false, node });
      try {
        const word = await runAction(node, { engine, created, signal });
        if (words) emit({ resource, state: (word as typeof words[1] | undefined) ?? words[1], done: true, node });
        release(node);
      } catch (err) {
        const error = new ActionError(node, err);
        emit({ resource, state: node.optional ? 'Warning' : 'Error', detail: error.message, done: true, node });
        if (node.optional) {
          warnings.push(error.message);
          release(node);
        } else if (!failure) {
          failure = error;
          cancel.abort(error);
        }
      } finally {
        running -= 1;
        pump();
      }
    };
    const release = (node: PlanNode) => {
      for (const child of children.get(node.id) ?? []) {
        const parents = waiting.get(child)!;
        parents.delete(node.id);
        if (parents.size === 0) ready.push(byId.get(child)!);
      }
    };
    pump();
  });
  if (failure) throw failure;
  if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new FlotillaError('FLOTILLA_CANCELLED', 'cancelled');
  const byResource = new Map<string, string>();
  for (const [nodeId, id] of created) byResource.set(byId.get(nodeId)!.resource, id);
  return { created: byResource, warnings };
}
