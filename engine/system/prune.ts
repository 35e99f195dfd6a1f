// docker system prune: stopped containers, networks no container uses,
// images no container uses (only unnamed ones unless `all`), and with
// `volumes` the anonymous volumes no container uses.
import type { Engine } from '../engine.js';

export interface SystemPruneOptions {
  /** Every unused image, not only the dangling ones. */
  readonly all?: boolean;
  readonly volumes?: boolean;
}

export interface SystemPruneResult {
  readonly containers: readonly string[];
  readonly networks: readonly string[];
  readonly volumes: readonly string[];
  /** `Untagged: …` and `Deleted: …` lines, as image rm prints them. */
  readonly images: readonly string[];
  /** Bytes freed by the containers and volumes removed. */
  readonly reclaimed: number;
}

export async function pruneSystem(engine: Engine, options: SystemPruneOptions = {}): Promise<SystemPruneResult> {
  const containers = await engine.prune();
  const networks = await engine.pruneNetworks();
  const volumes = options.volumes ? engine.pruneVolumes() : { deleted: [], reclaimed: 0 };
  const images = options.all ? removeUnusedImages(engine) : [];
  images.push(...engine.images.collectGarbage().map((digest) => `Deleted: ${digest}`));
  return { containers: containers.deleted, networks, volumes: volumes.deleted, images, reclaimed: containers.reclaimed + volumes.reclaimed };
}

function removeUnusedImages(engine: Engine): string[] {
  const used = new Set(engine.list().map((c) => c.record.image.manifest));
  const lines: string[] = [];
  for (const image of engine.images.list().filter((i) => !used.has(i.manifest))) {
    for (const reference of image.references) lines.push(...engine.images.remove(reference));
  }
  return lines;
}
