// COPY and ADD: the named sources as one new layer, placed as the Dockerfile
// reference says. A folder's contents (not the folder) land in the
// destination; several sources, a wildcard or a trailing `/` make the
// destination a folder; ADD unpacks a local tar (plain or gzip) instead of
// copying it. Files from the context belong to root unless --chown says
// otherwise; files from another stage keep their owners.
import { closeSync, createReadStream, openSync, readSync, type Stats } from 'node:fs';
import { posix } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import type { BlobStore } from '../images/blob-store.js';
import { entryPath } from '../images/layer-paths.js';
import { LayerWriter, type EntryOwner, type WrittenLayer } from './layer-writer.js';
import type { RootfsView } from './rootfs-view.js';
import type { SourceTree, TreeEntry } from './source-tree.js';

export interface CopyPlan {
  /** Each source's entries, as SourceTree.expand gave them. */
  readonly sources: readonly (readonly TreeEntry[])[];
  readonly tree: SourceTree;
  /** Absolute, in the image (WORKDIR already applied). */
  readonly dest: string;
  /** The destination was written with a trailing `/`. */
  readonly destIsDir: boolean;
  /** --chown, resolved; otherwise root (context) or the source's owner (keepOwner). */
  readonly owner?: { readonly uid: number; readonly gid: number };
  readonly keepOwner: boolean;
  /** --chmod, as a number. */
  readonly mode?: number;
  /** ADD: unpack local tar archives. */
  readonly extract: boolean;
  /** The stage's root so far: which destinations are folders, and their parents' attributes. */
  readonly view: RootfsView;
}

export async function copyLayer(blobs: BlobStore, plan: CopyPlan): Promise<WrittenLayer> {
  const writer = new LayerWriter(blobs);
  try {
    const matches = plan.sources.flat();
    const intoDir = plan.destIsDir || plan.sources.length > 1 || matches.length > 1 || isDirIn(plan.view, plan.dest);
    const destRel = plan.dest.replace(/^\/+/, '');
    await addParents(writer, plan.view, intoDir ? destRel : posix.dirname(destRel));
    for (const entry of matches) {
      const target = intoDir && !entry.stat.isDirectory() ? posix.join(destRel, posix.basename(entry.rel)) : destRel;
      await addSource(writer, plan, entry, { target, destDir: destRel });
    }
    return await writer.finish();
  } catch (err) {
    writer.abort();
    throw err;
  }
}

function isDirIn(view: RootfsView, dest: string): boolean {
  return view.lookup(dest.replace(/^\/+/, ''))?.stat.isDirectory() === true;
}

/** The destination folder and its parents, with the attributes they have in the stage (0755 root when new). */
async function addParents(writer: LayerWriter, view: RootfsView, rel: string): Promise<void> {
  if (rel === '' || rel === '.') return;
  const parts = rel.split('/');
  for (let i = 1; i <= parts.length; i++) {
    const at = parts.slice(0, i).join('/');
    const found = view.lookup(at);
    if (found?.stat.isDirectory()) await writer.addHostEntry(at, found.path, found.stat, { uid: found.stat.uid, gid: found.stat.gid });
    else await writer.directory(at, { uid: 0, gid: 0, mode: 0o755 });
  }
}

async function addSource(writer: LayerWriter, plan: CopyPlan, entry: TreeEntry, where: { target: string; destDir: string }): Promise<void> {
  const { target } = where;
  const owner = (stat: Stats): EntryOwner => ({ ...(plan.owner ?? (plan.keepOwner ? { uid: stat.uid, gid: stat.gid } : { uid: 0, gid: 0 })), ...(plan.mode !== undefined && { mode: plan.mode }) });
  if (entry.stat.isDirectory()) {
    // A folder's contents go into the target (made by addParents), not the folder itself.
    for (const child of plan.tree.walk(entry.rel)) {
      const rel = entry.rel === '' ? child.rel : posix.relative(entry.rel, child.rel);
      await writer.addHostEntry(posix.join(target, rel), child.path, child.stat, owner(child.stat));
    }
    return;
  }
  if (plan.extract && entry.stat.isFile()) {
    const compression = archiveKind(entry.path);
    // An archive unpacks into the folder it would have been copied to.
    if (compression) return extractArchive(writer, entry.path, compression, where.destDir === '.' ? '' : where.destDir, plan);
  }
  await writer.addHostEntry(target, entry.path, entry.stat, owner(entry.stat));
}

/** `gzip` or `tar` when the file is an archive ADD unpacks; undefined for any other file. */
function archiveKind(path: string): 'gzip' | 'tar' | undefined {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(512);
    const n = readSync(fd, head, 0, 512, 0);
    if (n >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
    return n === 512 && head.toString('latin1', 257, 262) === 'ustar' ? 'tar' : undefined;
  } finally {
    closeSync(fd);
  }
}

async function extractArchive(writer: LayerWriter, path: string, kind: 'gzip' | 'tar', destDir: string, plan: CopyPlan): Promise<void> {
  const extract = tar.extract();
  const source: Readable = kind === 'gzip' ? createReadStream(path).pipe(createGunzip()) : createReadStream(path);
  const feeding = pipeline(source, extract);
  feeding.catch(() => undefined);
  for await (const entry of extract) {
    // entryPath refuses absolute names and `..` escapes, as unpacking a layer does.
    const name = posix.join(destDir, entryPath(entry.header.name));
    const header = { ...entry.header, name, ...(plan.owner && { uid: plan.owner.uid, gid: plan.owner.gid }) };
    if (header.type === 'link' && header.linkname) header.linkname = posix.join(destDir, entryPath(header.linkname));
    await writer.addArchiveEntry(header, entry as unknown as Readable);
  }
  await feeding;
}
