// The modes and times of a layer's folders, set once every entry is written
// (writing a child moves its folder's mtime). By then a later entry may have
// replaced the folder, or a folder above it, with a symlink that leads out
// of the layer, possibly to the host: a path-based chmod would follow it.
//
// So each folder is remembered by its inode, and the final pass walks to it
// again from the layer root, checking every component with lstat, opens it
// with O_NOFOLLOW | O_DIRECTORY and sets mode and times on that descriptor,
// only if it is still the inode the unpacker made.
//
// Why lstat walks in Node, and not openat2(RESOLVE_BENEATH |
// RESOLVE_NO_SYMLINKS) in a C helper: Node has no openat, and the window
// between a component's lstat and the open below it can only be used by a
// writer in the layer directory. There is none: a layer is unpacked into a
// fresh temp directory of the root-owned layer store, which no container
// mounts before it is complete and renamed, and the unpacker itself handles
// one entry at a time, so nothing moves while the pass runs. The inode check
// on the descriptor covers the last component whatever happens.
import { closeSync, constants, fchmodSync, fstatSync, futimesSync, lstatSync, openSync, type Stats } from 'node:fs';

interface DirRecord {
  readonly dev: number;
  readonly ino: number;
  readonly mode: number;
  readonly mtime: Date;
}

export class DeferredDirs {
  /** By path relative to the layer root, in the order the folders were (last) declared. */
  private readonly byPath = new Map<string, DirRecord>();

  /** Remembers folder `rel`, just made (or kept) by the unpacker as `made`. */
  record(rel: string, made: Stats, mode: number, mtime: Date): void {
    // A folder declared twice takes its last header, as tar does.
    this.byPath.delete(rel);
    this.byPath.set(rel, { dev: made.dev, ino: made.ino, mode, mtime });
  }

  /** Drops `rel` and everything under it: an entry has removed them. */
  forget(rel: string): void {
    const below = `${rel}/`;
    for (const path of this.byPath.keys()) if (path === rel || path.startsWith(below)) this.byPath.delete(path);
  }

  /** Sets the remembered modes and times on the folders that are still ours. */
  apply(root: string): void {
    const realDirs = new Set<string>();
    for (const [rel, dir] of this.byPath) {
      const fd = openOwnDir(root, rel, dir, realDirs);
      if (fd === undefined) continue;
      try {
        fchmodSync(fd, dir.mode);
        futimesSync(fd, dir.mtime, dir.mtime);
      } finally {
        closeSync(fd);
      }
    }
  }
}

const OPEN_DIR = constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW;

/**
 * A descriptor on folder `rel` under `root` if every component on the way is
 * a real folder (no symlink) and the folder is still the inode in `dir`;
 * undefined otherwise. `realDirs` caches the parents already checked in this pass.
 */
function openOwnDir(root: string, rel: string, dir: DirRecord, realDirs: Set<string>): number | undefined {
  const parts = rel.split('/');
  let path = root;
  for (const part of parts.slice(0, -1)) {
    path = `${path}/${part}`;
    if (realDirs.has(path)) continue;
    if (!lstatSync(path, { throwIfNoEntry: false })?.isDirectory()) return undefined;
    realDirs.add(path);
  }
  let fd: number;
  try {
    fd = openSync(`${root}/${rel}`, OPEN_DIR);
  } catch {
    return undefined; // ELOOP or ENOTDIR: no longer a folder, so not ours to change
  }
  const now = fstatSync(fd);
  if (now.dev === dir.dev && now.ino === dir.ino) return fd;
  closeSync(fd);
  return undefined;
}
