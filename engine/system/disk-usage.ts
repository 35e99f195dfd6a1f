// docker system df: per kind of object, how many there are, how many are in
// use, the room they take and how much of it a prune would give back.
import type { Engine } from '../engine.js';
import { diskUsage } from '../volumes/usage.js';

export interface UsageRow {
  readonly type: 'Images' | 'Containers' | 'Local Volumes' | 'Build Cache';
  readonly total: number;
  readonly active: number;
  /** Bytes. */
  readonly size: number;
  /** Bytes a prune would free. */
  readonly reclaimable: number;
}

export function diskUsageReport(engine: Engine): UsageRow[] {
  const containers = engine.list();
  const usedImages = new Set(containers.map((c) => c.record.image.manifest));
  const images = engine.images.list();
  const imageSize = sum(images.map((i) => i.size));
  const running = containers.filter((c) => c.state.status === 'running' || c.state.status === 'paused' || c.state.status === 'restarting');
  const containerSizes = containers.map((c) => ({ running: running.includes(c), size: diskUsage(c.paths.upper) }));
  const inUse = engine.volumesInUse();
  const volumes = engine.listVolumes().map((v) => ({ used: inUse.has(v.Name), size: diskUsage(v.Mountpoint) }));
  return [
    { type: 'Images', total: images.length, active: images.filter((i) => usedImages.has(i.manifest)).length, size: imageSize, reclaimable: sum(images.filter((i) => !usedImages.has(i.manifest)).map((i) => i.size)) },
    { type: 'Containers', total: containers.length, active: running.length, size: sum(containerSizes.map((c) => c.size)), reclaimable: sum(containerSizes.filter((c) => !c.running).map((c) => c.size)) },
    { type: 'Local Volumes', total: volumes.length, active: volumes.filter((v) => v.used).length, size: sum(volumes.map((v) => v.size)), reclaimable: sum(volumes.filter((v) => !v.used).map((v) => v.size)) },
    // Builds keep no cache of their own yet: docker's row, empty.
    { type: 'Build Cache', total: 0, active: 0, size: 0, reclaimable: 0 },
  ];
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
