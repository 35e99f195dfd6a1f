// `image import`: a root-filesystem tarball (plain, gzip or zstd) becomes a
// one-layer image. The layer is streamed into the blob store as given (a
// plain tar stays plain), and hashed uncompressed on the way for its diff id;
// nothing is held in memory but the config and manifest.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { Readable, type Writable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { EngineError, EngineErrorCode } from '../../errors.js';
import type { BlobStore } from './blob-store.js';
import { applyChanges } from './config-changes.js';
import type { ImageStore } from './image-store.js';
import { parseReference } from './reference.js';

const MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const CONFIG = 'application/vnd.oci.image.config.v1+json';
const LAYER = 'application/vnd.oci.image.layer.v1.tar';
const BLOCK = 512;

export interface ImportOptions {
  /** What the source is called in messages: its file name, or `stdin`. */
  readonly sourceName: string;
  /** The name to give the image (`app:1`). Without one the image is stored unnamed, which the store neither lists nor keeps through a prune. */
  readonly reference?: string;
  /** Dockerfile instructions (`CMD ["sh"]`, `ENV A=1`) applied to the config. */
  readonly changes?: readonly string[];
  /** The history entry's comment. */
  readonly message?: string;
}

export interface ImportedImage {
  /** `sha256:…` of the config: docker's image ID. */
  readonly id: string;
  readonly manifest: string;
  readonly names: readonly string[];
}

type Compression = 'gzip' | 'zstd' | undefined;

export async function importImage(store: ImageStore, source: Readable, options: ImportOptions): Promise<ImportedImage> {
  // Everything that can be refused is checked before the source is read.
  const config = applyChanges(options.changes ?? []);
  const names = options.reference === undefined ? [] : [options.reference];
  if (names.some((name) => parseReference(name).digest !== undefined)) {
    throw new EngineError(EngineErrorCode.InvalidReference, `cannot import as "${options.reference}": a name pinned by digest cannot be given to new content`);
  }
  const { layer, diffId } = await storeLayer(store.blobs, source, options.sourceName);
  const created = new Date().toISOString();
  const history = { created, created_by: 'flotilla image import', ...(options.message !== undefined && { comment: options.message }) };
  const imageConfig = { created, architecture: 'amd64', os: 'linux', config, rootfs: { type: 'layers', diff_ids: [diffId] }, history: [history] };
  const configBlob = putJson(store.blobs, imageConfig);
  const manifest = { schemaVersion: 2, mediaType: MANIFEST, config: { mediaType: CONFIG, ...configBlob }, layers: [layer] };
  const manifestDigest = putJson(store.blobs, manifest).digest;
  const tagged = await store.addImages([{ manifest: manifestDigest, names }]);
  return { id: configBlob.digest, manifest: manifestDigest, names: tagged };
}

function putJson(blobs: BlobStore, value: object): { digest: string; size: number } {
  return blobs.put(Buffer.from(JSON.stringify(value)));
}

async function storeLayer(blobs: BlobStore, source: Readable, name: string): Promise<{ layer: object; diffId: string }> {
  const { head, rest } = await peek(source, 6);
  const compression = compressionOf(head, name);
  const tar = new TarHash(name);
  const plain = async function* () {
    for await (const chunk of rest) yield tar.update(chunk);
  };
  const blob = await blobs.putStream(Readable.from(compression ? teeDecoded(rest, compression, tar, name) : plain()));
  return { layer: { mediaType: compression ? `${LAYER}+${compression}` : LAYER, ...blob }, diffId: tar.digest() };
}

function compressionOf(head: Buffer, name: string): Compression {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528) return 'zstd';
  const other = head.toString('latin1', 0, 3) === 'BZh' ? 'bzip2' : head.toString('hex', 0, 6) === 'fd377a585a00' ? 'xz' : undefined;
  if (other) throw new EngineError(EngineErrorCode.InvalidArchive, `${name} is compressed with ${other}: import takes a tar archive, plain or compressed with gzip or zstd`);
  return undefined;
}

/** The first `n` bytes (fewer if the source is shorter), and the whole source again. */
async function peek(source: Readable, n: number): Promise<{ head: Buffer; rest: AsyncIterable<Buffer> }> {
  const iterator = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const buffered: Buffer[] = [];
  let done = false;
  while (!done && Buffer.concat(buffered).length < n) {
    const next = await iterator.next();
    if (next.done) done = true;
    else buffered.push(next.value);
  }
  const rest = (async function* () {
    yield* buffered;
    if (!done) for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  })();
  return { head: Buffer.concat(buffered), rest };
}

/**
 * Passes the chunks on unchanged while a decompressor reads them too; the
 * decompressed side feeds `tar`. A failure on either side ends both.
 */
async function* teeDecoded(chunks: AsyncIterable<Buffer>, compression: 'gzip' | 'zstd', tar: TarHash, name: string): AsyncGenerator<Buffer> {
  const decoder = decompressor(compression);
  const decoded = (async () => {
    for await (const chunk of decoder.output) tar.update(chunk as Buffer);
    await decoder.exited;
  })().catch((err: unknown) => {
    throw err instanceof EngineError ? err : new EngineError(EngineErrorCode.InvalidArchive, `cannot decompress ${name} (${compression}): ${(err as Error).message}`);
  });
  let failed = false;
  decoded.catch(() => (failed = true));
  try {
    for await (const chunk of chunks) {
      // A refused tar stops the copy at once, not when the input ends.
      if (failed) await decoded;
      if (!decoder.input.write(chunk)) await Promise.race([once(decoder.input, 'drain'), decoded]);
      yield chunk;
    }
    decoder.input.end();
    await decoded;
  } finally {
    decoder.input.destroy();
    decoder.output.destroy();
  }
}

function decompressor(compression: 'gzip' | 'zstd'): { input: Writable; output: Readable; exited: Promise<void> } {
  if (compression === 'gzip') {
    const gunzip = createGunzip({ chunkSize: 1024 * 1024 });
    return { input: gunzip, output: gunzip, exited: Promise.resolve() };
  }
  // No zstd in node:zlib on Node 20: the zstd program, as the unpacker uses.
  const child = spawn('zstd', ['-dcq'], { stdio: ['pipe', 'pipe', 'ignore'] });
  child.stdin.on('error', () => undefined);
  const exited = new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`zstd exited with status ${code}`))));
  });
  return { input: child.stdin, output: child.stdout, exited };
}

/** sha256 of a tar stream, refusing it as soon as its first block is no tar header. */
class TarHash {
  private readonly hash = createHash('sha256');
  private head = Buffer.alloc(0);

  constructor(private readonly name: string) {}

  /** Hashes a chunk (refusing the stream once its first block is in) and hands it back. */
  update(chunk: Buffer): Buffer {
    if (this.head.length < BLOCK) {
      this.head = Buffer.concat([this.head, chunk.subarray(0, BLOCK - this.head.length)]);
      if (this.head.length === BLOCK) this.check();
    }
    this.hash.update(chunk);
    return chunk;
  }

  digest(): string {
    this.check();
    return `sha256:${this.hash.digest('hex')}`;
  }

  private check(): void {
    if (!isTarHeader(this.head)) throw new EngineError(EngineErrorCode.InvalidArchive, `${this.name} is not a tar archive (import takes a root filesystem as a tar, plain or compressed with gzip or zstd)`);
  }
}

// Every tar format (v7, ustar, GNU, pax) checksums its headers; a zero block
// is an empty archive's end.
function isTarHeader(block: Buffer): boolean {
  if (block.length < BLOCK) return false;
  const stored = parseInt(block.toString('latin1', 148, 156).replace(/\0.*$/s, '').trim(), 8);
  const sum = block.reduce((total, byte, i) => total + (i >= 148 && i < 156 ? 0x20 : byte), 0);
  return sum === stored || block.every((b) => b === 0);
}
