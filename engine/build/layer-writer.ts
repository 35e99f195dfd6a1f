// Writes one layer as a plain tar straight into the blob store: entries are
// added in the order given (callers sort them), hard links are recorded by
// inode so a file linked twice is stored once, and deletions are written the
// way image layers carry them (`.wh.NAME`, `.wh..wh..opq`). A plain tar's
// blob digest is its diff id.
import { createReadStream, readlinkSync, type Stats } from 'node:fs';
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import tar from 'tar-stream';
import type { BlobStore } from '../images/blob-store.js';

export const LAYER_MEDIA_TYPE = 'application/vnd.oci.image.layer.v1.tar';

export interface WrittenLayer {
  readonly descriptor: { readonly mediaType: string; readonly digest: string; readonly size: number };
  readonly diffId: string;
}

/** Owner and mode overrides of an entry (COPY --chown / --chmod). */
export interface EntryOwner {
  readonly uid: number;
  readonly gid: number;
  readonly mode?: number;
}

export class LayerWriter {
  private readonly pack = tar.pack();
  private readonly stored: Promise<{ digest: string; size: number }>;
  private readonly linked = new Map<string, string>();

  constructor(blobs: BlobStore) {
    this.stored = blobs.putStream(this.pack as unknown as Readable);
    // Awaited in finish; a failure before then is reported there.
    this.stored.catch(() => undefined);
  }

  /** Adds the host file system entry at `source` as `name` (relative to the layer root). */
  async addHostEntry(name: string, source: string, stat: Stats, owner: EntryOwner): Promise<void> {
    const base = { name, uid: owner.uid, gid: owner.gid, mode: owner.mode ?? stat.mode & 0o7777, mtime: stat.mtime };
    if (stat.isDirectory()) return this.add({ ...base, type: 'directory' });
    if (stat.isSymbolicLink()) return this.add({ ...base, type: 'symlink', linkname: readlinkSync(source) });
    if (stat.isFile()) {
      const inode = `${stat.dev}:${stat.ino}`;
      const first = stat.nlink > 1 ? this.linked.get(inode) : undefined;
      if (first !== undefined) return this.add({ ...base, type: 'link', linkname: first });
      if (stat.nlink > 1) this.linked.set(inode, name);
      return this.addFile({ ...base, type: 'file', size: stat.size }, source);
    }
    const type = stat.isCharacterDevice() ? 'character-device' : stat.isBlockDevice() ? 'block-device' : stat.isFIFO() ? 'fifo' : undefined;
    // Sockets have no place in a layer: docker leaves them out too.
    if (!type) return;
    return this.add({ ...base, type, devmajor: Math.floor(stat.rdev / 256), devminor: stat.rdev % 256 });
  }

  /** An entry read from another archive (ADD of a local tar), under a new name. */
  async addArchiveEntry(header: tar.Header, body: Readable): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const entry = this.pack.entry(header, (err) => (err ? reject(err) : resolve()));
      body.on('error', reject);
      body.pipe(entry);
    });
  }

  /** A folder that has no counterpart on the host (a destination COPY makes). */
  async directory(name: string, owner: EntryOwner & { readonly mode: number }): Promise<void> {
    await this.add({ name, type: 'directory', uid: owner.uid, gid: owner.gid, mode: owner.mode, mtime: new Date() });
  }

  /** Hides `name` of the layers below. */
  async whiteout(name: string): Promise<void> {
    await this.add({ name: posix.join(posix.dirname(name), `.wh.${posix.basename(name)}`), type: 'file', size: 0, mode: 0o600, mtime: new Date(0) });
  }

  /** Hides everything the layers below have in the folder `dir`. */
  async opaque(dir: string): Promise<void> {
    await this.add({ name: posix.join(dir, '.wh..wh..opq'), type: 'file', size: 0, mode: 0o600, mtime: new Date(0) });
  }

  async finish(): Promise<WrittenLayer> {
    this.pack.finalize();
    const blob = await this.stored;
    return { descriptor: { mediaType: LAYER_MEDIA_TYPE, ...blob }, diffId: blob.digest };
  }

  /** Ends the tar without keeping it (a step that failed); the partial blob is dropped by the store. */
  abort(): void {
    this.pack.destroy(new Error('layer abandoned'));
  }

  private add(header: Partial<tar.Header> & { name: string }): Promise<void> {
    return new Promise((resolve, reject) => {
      const done = (err?: Error | null) => (err ? reject(err) : resolve());
      // An empty file is given its (empty) body; other types have none to give.
      if (header.type === 'file') this.pack.entry(header as tar.Header, Buffer.alloc(0), done);
      else this.pack.entry(header as tar.Header, done);
    });
  }

  private addFile(header: Partial<tar.Header> & { name: string }, source: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const entry = this.pack.entry(header, (err) => (err ? reject(err) : resolve()));
      const input = createReadStream(source);
      input.on('error', reject);
      input.pipe(entry);
    });
  }
}
