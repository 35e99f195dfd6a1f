// Writes one layer entry under the layer root: files, folders, links,
// device nodes, and the whiteouts overlayfs reads (`.wh.NAME` as a 0/0
// character device, `.wh..wh..opq` as the opaque xattr on its folder).
//
// Every touch works on the entry itself, never through a symlink: placeUnder
// has just checked each parent with lstat, files get their owner, mode and
// times through the descriptor they were written with, the others through
// the l* calls (lchown, lutimes) or right after an lstat of what is there.
// Nothing else writes in the layer's private temp directory meanwhile (see
// deferred-dirs.ts), so what lstat saw is what the call touches. Folders are
// the one deferred case, and deferred-dirs.ts re-checks them.
import { spawnSync } from 'node:child_process';
import { chmodSync, closeSync, constants, fchmodSync, fchownSync, futimesSync, lchownSync, linkSync, lstatSync, lutimesSync, mkdirSync, openSync, rmSync, symlinkSync, writeSync } from 'node:fs';
import { dirname, posix } from 'node:path';
import type { Readable } from 'node:stream';
import type tar from 'tar-stream';
import { EngineError, EngineErrorCode } from '../../errors.js';
import type { DeferredDirs } from './deferred-dirs.js';
import { entryPath, hostileEntry, placeUnder } from './layer-paths.js';

const WHITEOUT = '.wh.';
const OPAQUE = '.wh..wh..opq';

/** One layer being unpacked. */
export interface Unpacking {
  /** The layer's private temp directory, renamed into place once complete. */
  readonly root: string;
  readonly asRoot: boolean;
  /** Directory times and modes are set last: writing children would change them. */
  readonly dirs: DeferredDirs;
  entries: number;
  size: number;
}

export async function writeEntry(header: tar.Header, body: Readable, state: Unpacking): Promise<void> {
  const rel = entryPath(header.name);
  state.entries++;
  const base = posix.basename(rel);
  if (base === OPAQUE) return markOpaque(placeUnder(state.root, posix.join(posix.dirname(rel), 'x'), header.name), header.name);
  if (base.startsWith(WHITEOUT)) return whiteout(state, posix.dirname(rel), base.slice(WHITEOUT.length), header.name);
  if (rel === '') return;
  const target = placeUnder(state.root, rel, header.name);
  const existing = lstatSync(target, { throwIfNoEntry: false });
  if (existing && !(existing.isDirectory() && header.type === 'directory')) removeEntry(state, target, rel);
  await createEntry(header, body, { path: target, rel }, state);
}

interface Target {
  /** Absolute, under the layer root, its parents checked. */
  readonly path: string;
  /** Relative to the layer root. */
  readonly rel: string;
}

async function createEntry(header: tar.Header, body: Readable, target: Target, state: Unpacking): Promise<void> {
  switch (header.type) {
    case 'file':
    case 'contiguous-file':
      state.size += header.size ?? 0;
      return writeFile(body, target.path, header, state.asRoot);
    case 'directory':
      return directory(header, target, state);
    case 'symlink':
      // The link is made, never followed: placeUnder refuses paths through it.
      symlinkSync(header.linkname ?? '', target.path);
      if (state.asRoot) lchownSync(target.path, header.uid ?? 0, header.gid ?? 0);
      if (header.mtime) lutimesSync(target.path, header.mtime, header.mtime);
      return;
    case 'link':
      return hardlink(header, target.path, state);
    case 'character-device':
    case 'block-device':
    case 'fifo':
      return special(header, target.path, state.asRoot);
    default:
      throw hostileEntry(header.name, `has an unsupported type "${header.type}"`);
  }
}

function removeEntry(state: Unpacking, path: string, rel: string): void {
  rmSync(path, { recursive: true, force: true });
  state.dirs.forget(rel);
}

const CREATE_FILE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

// Synchronous writes as the chunks arrive: a layer is mostly small files, and
// async open/write/close round trips per file cost more than the writes.
async function writeFile(body: Readable, target: string, header: tar.Header, asRoot: boolean): Promise<void> {
  const fd = openSync(target, CREATE_FILE, 0o600);
  try {
    for await (const chunk of body) {
      const bytes = chunk as Buffer;
      for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset);
    }
    // Owner before mode: chown clears the set-user-ID and set-group-ID bits.
    if (asRoot) fchownSync(fd, header.uid ?? 0, header.gid ?? 0);
    fchmodSync(fd, (header.mode ?? 0o644) & 0o7777);
    if (header.mtime) futimesSync(fd, header.mtime, header.mtime);
  } finally {
    closeSync(fd);
  }
}

function directory(header: tar.Header, target: Target, state: Unpacking): void {
  if (!lstatSync(target.path, { throwIfNoEntry: false })) mkdirSync(target.path, { mode: 0o755 });
  const made = lstatSync(target.path);
  if (!made.isDirectory()) throw hostileEntry(header.name, 'is a folder that could not be made');
  if (state.asRoot) lchownSync(target.path, header.uid ?? 0, header.gid ?? 0);
  state.dirs.record(target.rel, made, (header.mode ?? 0o755) & 0o7777, header.mtime ?? new Date(0));
}

function hardlink(header: tar.Header, target: string, state: Unpacking): void {
  const rel = entryPath(header.linkname ?? '');
  const from = placeUnder(state.root, rel, header.name);
  const stat = lstatSync(from, { throwIfNoEntry: false });
  if (!stat) throw hostileEntry(header.name, `links to "${header.linkname}", which is not in the layer`);
  if (stat.isDirectory()) throw hostileEntry(header.name, 'is a hard link to a directory');
  // link(2) on Linux links a symlink itself, never what it points to.
  linkSync(from, target);
}

// Device nodes are kept only where the kernel lets us make them (as root);
// without that right they are left out, as rootless engines do.
function special(header: tar.Header, target: string, asRoot: boolean): void {
  const args = header.type === 'fifo' ? ['mkfifo', target] : ['mknod', target, header.type === 'block-device' ? 'b' : 'c', String(header.devmajor ?? 0), String(header.devminor ?? 0)];
  const made = spawnSync(args[0]!, args.slice(1), { stdio: 'ignore' });
  if (made.status !== 0 && header.type === 'fifo') throw hostileEntry(header.name, 'could not be created as a FIFO');
  // A node cannot be opened without side effects, so its mode is set by
  // path, once lstat shows the node just made (never a symlink) is there.
  const node = lstatSync(target, { throwIfNoEntry: false });
  if (!node || !(node.isFIFO() || node.isCharacterDevice() || node.isBlockDevice())) return;
  if (asRoot) lchownSync(target, header.uid ?? 0, header.gid ?? 0);
  chmodSync(target, (header.mode ?? 0o644) & 0o7777);
  if (header.mtime) lutimesSync(target, header.mtime, header.mtime);
}

function whiteout(state: Unpacking, dir: string, hidden: string, name: string): void {
  // `.wh.`, `.wh..` and `.wh...` would hide the folder itself or the one above it (the layer root, even).
  if (hidden === '' || hidden === '.' || hidden === '..') throw hostileEntry(name, 'is a whiteout of no single entry');
  const rel = entryPath(posix.join(dir, hidden));
  const target = placeUnder(state.root, rel, name);
  removeEntry(state, target, rel);
  const made = spawnSync('mknod', [target, 'c', '0', '0'], { stdio: 'ignore' });
  if (made.status !== 0) throw new EngineError(EngineErrorCode.HostileLayer, `cannot make the whiteout for "${rel}" (mknod needs root)`);
}

function markOpaque(placeholder: string, name: string): void {
  const dir = dirname(placeholder);
  // placeUnder made or checked the folder; -h keeps setfattr off a symlink all the same.
  if (!lstatSync(dir).isDirectory()) throw hostileEntry(name, 'marks something other than a folder opaque');
  const set = spawnSync('setfattr', ['-h', '-n', 'trusted.overlay.opaque', '-v', 'y', dir], { stdio: 'ignore' });
  if (set.status !== 0) throw new EngineError(EngineErrorCode.HostileLayer, `cannot mark "${dir}" opaque (setfattr from the attr package, as root)`);
}
