// flotilla system reset: everything of a state root goes, as if it had never
// been used: containers (killed first), networks, volumes, images, the state
// directory itself, and the host-wide objects of its networking even where
// the state no longer knows them.
import { rmSync } from 'node:fs';
import { EngineError, EngineErrorCode } from '../../errors.js';
import type { Engine } from '../engine.js';

export interface ResetResult {
  readonly containers: number;
  readonly networks: number;
  readonly volumes: number;
  readonly images: number;
}

export async function resetRoot(engine: Engine): Promise<ResetResult> {
  const containers = engine.list();
  // Each container goes even if another fails to: teardown never stops at the first error.
  const failures: unknown[] = [];
  for (const { record } of containers) await engine.remove(record.id, { force: true, volumes: true }).catch((err: unknown) => failures.push(err));
  const networks = await engine.pruneNetworks();
  const volumes = engine.pruneVolumes({ all: true }).deleted.length;
  const images = engine.images.list().length;
  const networking = await import('../../networking/index.js');
  networking.removeRootHostObjects(engine.root);
  if (failures.length > 0) {
    const first = failures[0] instanceof Error ? failures[0].message : String(failures[0]);
    throw new EngineError(EngineErrorCode.System, `system reset: ${failures.length} container(s) could not be removed (${first}); the state root was kept`, { cause: new AggregateError(failures) });
  }
  rmSync(engine.root, { recursive: true, force: true });
  return { containers: containers.length, networks: networks.length, volumes, images };
}
