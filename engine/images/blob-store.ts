// Content-addressed blobs: stored under their sha256, verified on the way
// in, never trusted by name. A blob appears only once it is complete.
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import { EngineError, EngineErrorCode } from '../../errors.js';
import { commitTemp, tempPathFor, writeFileAtomic } from '../../state/atomic-write.js';
import { blobsDir } from './store-paths.js';

const DIGEST = /^sha256:([a-f0-9]{64})$/;

export interface StoredBlob {
  readonly digest: string;
  readonly size: number;
}

export class BlobStore {
  private readonly dir: string;

  constructor(root: string) {
    this.dir = blobsDir(root);
  }

  /** The file a blob lives in (whether or not it is there yet). */
  pathOf(digest: string): string {
    return join(this.dir, hexOf(digest));
  }

  has(digest: string): boolean {
    return existsSync(this.pathOf(digest));
  }

  read(digest: string): Buffer {
    if (!this.has(digest)) throw new EngineError(EngineErrorCode.NotFound, `blob ${digest} is not in the store`);
    return readFileSync(this.pathOf(digest));
  }

  /** The first `n` bytes of a blob (to tell compressed layers from plain ones). */
  head(digest: string, n: number): Buffer {
    const fd = openSync(this.pathOf(digest), 'r');
    try {
      const buffer = Buffer.alloc(n);
      return buffer.subarray(0, readSync(fd, buffer, 0, n, 0));
    } finally {
      closeSync(fd);
    }
  }

  /** Deletes every blob not in `keep`; returns the deleted digests, sorted. */
  removeAllBut(keep: ReadonlySet<string>): string[] {
    if (!existsSync(this.dir)) return [];
    const removed: string[] = [];
    for (const hex of readdirSync(this.dir).sort()) {
      if (!/^[a-f0-9]{64}$/.test(hex) || keep.has(`sha256:${hex}`)) continue;
      rmSync(join(this.dir, hex), { force: true });
      removed.push(`sha256:${hex}`);
    }
    return removed;
  }

  /** Stores bytes; when `expected` is given, they must hash to it. */
  put(data: Uint8Array, expected?: string): StoredBlob {
    const digest = `sha256:${createHash('sha256').update(data).digest('hex')}`;
    if (expected !== undefined) checkDigest(expected, digest);
    if (!this.has(digest)) {
      mkdirSync(this.dir, { recursive: true });
      writeFileAtomic(this.pathOf(digest), data);
    }
    return { digest, size: data.length };
  }

  /**
   * Moves a finished file (written beside the blobs, as a download's partial
   * file is) into the store under its sha256, which must be `expected`. A
   * mismatch deletes the file: nothing unverified stays.
   */
  async adopt(path: string, expected: string): Promise<StoredBlob> {
    hexOf(expected);
    const hash = createHash('sha256');
    let size = 0;
    try {
      for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
        hash.update(chunk as Buffer);
        size += (chunk as Buffer).length;
      }
      checkDigest(expected, `sha256:${hash.digest('hex')}`);
    } catch (err) {
      rmSync(path, { force: true });
      throw err;
    }
    fsyncFile(path);
    if (this.has(expected)) rmSync(path, { force: true });
    else commitTemp(path, this.pathOf(expected));
    return { digest: expected, size };
  }

  /** The directory blobs live in, made if missing: partial downloads are written there so that adopting them is a rename. */
  ensureDir(): string {
    mkdirSync(this.dir, { recursive: true });
    return this.dir;
  }

  /** Streams content into the store, hashing as it goes; a mismatch leaves nothing behind. */
  async putStream(source: Readable, expected?: string): Promise<StoredBlob> {
    if (expected !== undefined) hexOf(expected);
    mkdirSync(this.dir, { recursive: true });
    const temp = tempPathFor(join(this.dir, 'incoming'));
    const hash = createHash('sha256');
    let size = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    try {
      await pipeline(source, tap, createWriteStream(temp, { flags: 'wx', flush: true }));
      const digest = `sha256:${hash.digest('hex')}`;
      if (expected !== undefined) checkDigest(expected, digest);
      if (this.has(digest)) rmSync(temp, { force: true });
      else commitTemp(temp, this.pathOf(digest));
      return { digest, size };
    } catch (err) {
      rmSync(temp, { force: true });
      throw err;
    }
  }
}

function hexOf(digest: string): string {
  const match = DIGEST.exec(digest);
  if (!match) throw new EngineError(EngineErrorCode.InvalidDigest, `invalid digest "${digest}": expected sha256: and 64 lowercase hex digits`);
  return match[1]!;
}

function checkDigest(expected: string, actual: string): void {
  hexOf(expected);
  if (expected !== actual) throw new EngineError(EngineErrorCode.DigestMismatch, `content does not match its digest: expected ${expected}, got ${actual}`);
}

function fsyncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
