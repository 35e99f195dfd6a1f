// The stores a command works on, wired together: the image store learns
// which images containers use, so `image rm` and prune keep them, and
// containers get networking hooks (loaded only when a container needs them).
import { listContainers, viewOf, type RemoveHooks, type RenameHooks, type StartHooks } from '../../engine/container/index.js';
import { ImageStore, stateRoot } from '../../engine/images/index.js';

export interface EngineContext {
  readonly root: string;
  readonly images: ImageStore;
  /** Attach at start; release at stop, removal or a failed start. */
  readonly hooks: StartHooks & RemoveHooks & RenameHooks & { readonly release: (id: string) => Promise<void> };
}

export function engineContext(): EngineContext {
  const root = stateRoot();
  const images = new ImageStore(root, { imagesInUse: () => new Set(listContainers(root).map((c) => c.record.image.manifest)) });
  const networking = () => import('../../networking/index.js').then((m) => m.networkHooks(root));
  return {
    root,
    images,
    hooks: {
      beforeStart: async (view) => (view.record.config.networkMode === 'bridge' ? (await networking()).beforeStart(view) : undefined),
      release: async (id) => {
        // Only bridge-mode containers ever join networks: the others skip loading networking.
        const view = viewOf(root, id);
        if (view && view.record.config.networkMode !== 'bridge') return;
        await (await networking()).release(id);
      },
      renamed: async (id, _oldName, newName) => {
        const view = viewOf(root, id);
        if (view && view.record.config.networkMode !== 'bridge') return;
        await (await networking()).renamed(id, newName);
      },
    },
  };
}
