// The EnsureImage node's work: pull when the plan says so, or check that the
// image is stored. No decisions: the node's `pull` says which.
import { EngineError, EngineErrorCode } from '../errors.js';
import type { Engine } from '../engine/engine.js';
import type { PlanNode } from './plan.js';

type ImageTarget = Extract<PlanNode['target'], { type: 'image' }>;

export type ImageEngine = Pick<Engine, 'imageId' | 'pull'>;

/** Resolves with the word shown when done: `Pulled`, or undefined when the stored image was taken. */
export async function ensureImage(engine: ImageEngine, target: ImageTarget): Promise<string | undefined> {
  const users = `service ${target.services.join(', ')}`;
  const pull = target.pull ?? 'never';
  const stored = engine.imageId(target.reference) !== undefined;
  if (pull === 'always' || (pull === 'missing' && !stored)) {
    await engine.pull(target.reference).catch((err: unknown) => {
      // The error keeps its code; the message says which image and service it was for.
      if (err instanceof Error) err.message = `${stored ? `pulling ${target.reference} (${users})` : `no such image: ${target.reference} (${users}), and pulling it`} failed: ${err.message}`;
      throw err;
    });
    return 'Pulled';
  }
  if (stored) return undefined;
  const how = pull === 'never' ? 'pull_policy is never: load it with flotilla image load, or pull it' : 'build it first';
  throw new EngineError(EngineErrorCode.NotFound, `no such image: ${target.reference} (${users}): ${how}`);
}
