// docker image history: the steps an image was made by (its config's
// history), newest first, each with the size of the layer it added. Steps
// that added no layer (ENV, CMD …) show 0 B; only the newest row carries the
// image's id, as docker shows the others as <missing> for a pulled image.
import type { ImageStore } from './image-store.js';

export interface HistoryEntry {
  /** The image id on the newest step, else undefined (docker's `<missing>`). */
  readonly id?: string;
  readonly created?: string;
  readonly createdBy: string;
  /** Bytes of the layer this step added (unpacked), 0 for steps without one. */
  readonly size: number;
  readonly comment: string;
}

interface HistoryStep {
  readonly created?: string;
  readonly created_by?: string;
  readonly comment?: string;
  readonly empty_layer?: boolean;
}

export function imageHistory(store: ImageStore, nameOrId: string): HistoryEntry[] {
  const manifest = store.resolve(nameOrId);
  const config = store.config(manifest);
  const diffIds = ((config['rootfs'] as { diff_ids?: string[] } | undefined)?.diff_ids ?? []).slice();
  // An image without recorded history (an import) still has its layers: one step each.
  const steps = (config['history'] as HistoryStep[] | undefined) ?? diffIds.map(() => ({}) as HistoryStep);
  const entries = steps.map((step) => {
    const layer = step.empty_layer ? undefined : diffIds.shift();
    return {
      ...(step.created !== undefined && { created: step.created }),
      createdBy: step.created_by ?? '',
      size: layer ? (store.layers.sizeOf(layer) ?? 0) : 0,
      comment: step.comment ?? '',
    };
  });
  const newestFirst = entries.reverse();
  return newestFirst.map((entry, index) => (index === 0 ? { id: store.imageId(manifest), ...entry } : entry));
}
