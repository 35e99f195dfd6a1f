// The stores a command works on, wired together: the image store learns
// which images containers use, so `image rm` and prune keep them, and
// containers get networking hooks (loaded only when a container needs them).
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FlotillaError } from '../../errors.js';
import { listContainers, viewOf, type RemoveHooks, type RenameHooks, type StartHooks } from '../../engine/container/index.js';
import { ImageStore, stateRoot } from '../../engine/images/index.js';

export interface EngineContext {
  readonly root: string;
  readonly images: ImageStore;
  /** Attach at start; release at stop, removal or a failed start. */
  readonly hooks: StartHooks & RemoveHooks & RenameHooks & { readonly release: (id: string) => Promise<void> };
}

/** The installed command, dist/cli/flotilla: beside this module, or above it in the bundle's chunks/; from the sources, the build's. */
function launcher(): string {
  const candidates = ['./flotilla', '../flotilla', '../../dist/cli/flotilla'].map((p) => fileURLToPath(new URL(p, import.meta.url)));
  const found = candidates.find((path) => existsSync(path) && statSync(path).isFile());
  if (!found) throw new FlotillaError('FLOTILLA_NOT_BUILT', 'the flotilla command is not built: run npm run build');
  return found;
}

export function engineContext(): EngineContext {
  const root = stateRoot();
  const images = new ImageStore(root, { imagesInUse: () => new Set(listContainers(root).map((c) => c.record.image.manifest)) });
  const networking = () => import('../../networking/index.js').then((m) => m.networkHooks(root));
  return {
    root,
    images,
    hooks: {
      // This command's own launcher, so the removal runs on the same state root (FLOTILLA_ROOT is passed on).
      removeCommand: (id) => [launcher(), 'container', 'rm', '-v', id],
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
