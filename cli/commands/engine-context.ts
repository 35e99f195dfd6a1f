// The stores a command works on, wired together: the image store learns
// which images containers use, so `image rm` and prune keep them.
import { listContainers } from '../../engine/container/index.js';
import { ImageStore, stateRoot } from '../../engine/images/index.js';

export interface EngineContext {
  readonly root: string;
  readonly images: ImageStore;
}

export function engineContext(): EngineContext {
  const root = stateRoot();
  const images = new ImageStore(root, { imagesInUse: () => new Set(listContainers(root).map((c) => c.record.image.manifest)) });
  return { root, images };
}
