// docker diff: what a container changed in its root, read from its overlay's
// upper directory on the host (no need to enter or mount anything). An entry
// there is a deletion when it is a whiteout (a 0:0 character device), a
// change when the image's layers have that path, else an addition. Bind
// mounts (volumes, /etc/hosts …) are not in the upper directory, as docker
// leaves them out too.
import { lstatSync, readdirSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import type { ImageStore } from '../images/image-store.js';
import { findContainer } from './store.js';

export type ChangeKind = 'A' | 'C' | 'D';

export interface RootChange {
  readonly kind: ChangeKind;
  /** Absolute in the container: `/etc/motd`. */
  readonly path: string;
}

// Bound over by the engine at every start, as docker does: their mount points are no change of the user's.
const ENGINE_FILES = new Set(['/etc/hostname', '/etc/hosts', '/etc/resolv.conf']);

const isWhiteout = (stats: Stats) => stats.isCharacterDevice() && stats.rdev === 0;

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/** Whether the image's layers (lowest first) have `path`: the topmost layer holding it decides. */
function inImage(layers: readonly string[], path: string): boolean {
  for (let i = layers.length - 1; i >= 0; i--) {
    const stats = lstatOrUndefined(join(layers[i]!, path));
    if (stats) return !isWhiteout(stats);
  }
  return false;
}

export async function containerChanges(root: string, images: ImageStore, nameOrId: string): Promise<RootChange[]> {
  const view = findContainer(root, nameOrId);
  const layers = await images.layerDirs(view.record.image.manifest);
  const changes: RootChange[] = [];
  const walk = (relative: string) => {
    let names: string[];
    try {
      names = readdirSync(join(view.paths.upper, relative));
    } catch {
      return; // never started: no upper directory yet
    }
    for (const name of names.sort()) {
      const path = `${relative}/${name}`;
      if (ENGINE_FILES.has(path)) continue;
      const stats = lstatSync(join(view.paths.upper, path));
      if (isWhiteout(stats)) {
        changes.push({ kind: 'D', path });
        continue;
      }
      changes.push({ kind: inImage(layers, path) ? 'C' : 'A', path });
      if (stats.isDirectory()) walk(path);
    }
  };
  walk('');
  return changes;
}
