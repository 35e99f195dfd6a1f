// Unpacks one image layer (tar, gzip or zstd) into its own directory, laid
// out for overlayfs: `.wh.NAME` becomes a 0/0 character device and
// `.wh..wh..opq` an opaque directory. The layer appears under `dest` only
// once complete; a hostile or broken layer leaves nothing behind.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { PassThrough, Readable, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import { EngineError, EngineErrorCode } from '../../errors.js';
import { DeferredDirs } from './deferred-dirs.js';
import { writeEntry, type Unpacking } from './layer-entries.js';
import { tempPathFor } from '../../state/atomic-write.js';

export interface UnpackedLayer {
  /** sha256 of the uncompressed tar: the layer's diff id. */
  readonly diffId: string;
  readonly entries: number;
  /** Bytes of file content written: the layer's size on disk, as docker counts it. */
  readonly size: number;
}

export interface UnpackOptions {
  /** Refuse the layer (and leave nothing) unless its diff id is this one. */
  readonly diffId?: string;
  /** Called with the bytes of `source` read so far, for progress output. */
  readonly onProgress?: (bytesRead: number) => void;
}

export async function unpackLayer(source: Readable, dest: string, options: UnpackOptions = {}): Promise<UnpackedLayer> {
  const root = tempPathFor(dest);
  mkdirSync(dirname(dest), { recursive: true });
  mkdirSync(root, { mode: 0o755 });
  const state: Unpacking = { root, asRoot: process.getuid?.() === 0, dirs: new DeferredDirs(), entries: 0, size: 0 };
  const input = options.onProgress ? counted(source, options.onProgress) : source;
  try {
    const diffId = await extractInto(input, state);
    if (options.diffId !== undefined && diffId !== options.diffId) {
      throw new EngineError(EngineErrorCode.DigestMismatch, `layer content has diff id ${diffId}, but the image config says ${options.diffId}`);
    }
    state.dirs.apply(root);
    renameSync(root, dest);
    return { diffId, entries: state.entries, size: state.size };
  } catch (err) {
    rmSync(root, { recursive: true, force: true });
    if (err instanceof EngineError) throw err;
    throw new EngineError(EngineErrorCode.HostileLayer, `cannot unpack layer: ${(err as Error).message}`, { cause: err });
  }
}

function counted(source: Readable, onProgress: (bytesRead: number) => void): Readable {
  let read = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, callback) {
      onProgress((read += chunk.length));
      callback(null, chunk);
    },
  });
  source.on('error', (err) => counter.destroy(err));
  return source.pipe(counter);
}

async function extractInto(source: Readable, state: Unpacking): Promise<string> {
  const { stream: tarStream, done } = await decompressed(source);
  const hash = createHash('sha256');
  const tap = new Transform({
    transform(chunk: Buffer, _enc, callback) {
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  const extract = tar.extract();
  const feeding = pipeline(tarStream, tap, extract as unknown as Writable);
  try {
    for await (const entry of extract) {
      await writeEntry(entry.header, entry as unknown as Readable, state);
      entry.resume();
    }
  } catch (err) {
    tarStream.destroy();
    await feeding.catch(() => undefined);
    throw err;
  }
  await feeding;
  await done;
  return `sha256:${hash.digest('hex')}`;
}

/** The tar stream inside `source`, whatever its compression (gzip, zstd or none). */
async function decompressed(source: Readable): Promise<{ stream: Readable; done: Promise<void> }> {
  const iterator = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first = await iterator.next();
  const head: Buffer = first.done ? Buffer.alloc(0) : first.value;
  const whole = Readable.from(
    (async function* () {
      if (head.length > 0) yield head;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    })(),
  );
  if (head[0] === 0x1f && head[1] === 0x8b) {
    // Large output chunks: fewer hand-offs between the zlib thread and this one.
    const gunzip = createGunzip({ chunkSize: 1024 * 1024 });
    return { stream: gunzip, done: handled(pipeline(whole, gunzip)) };
  }
  if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528) return zstdDecompress(whole);
  return { stream: whole, done: Promise.resolve() };
}

function zstdDecompress(input: Readable): { stream: Readable; done: Promise<void> } {
  const child = spawn('zstd', ['-dcq'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const out = new PassThrough();
  child.stdout.pipe(out);
  const done = Promise.all([
    pipeline(input, child.stdin),
    new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`zstd exited with status ${code}`))));
    }),
  ]).then(() => undefined);
  return { stream: out, done: handled(done) };
}

// Awaited later, after extraction; marked handled now so an early failure
// is reported by the extraction that sees it, not as an unhandled rejection.
function handled(promise: Promise<void>): Promise<void> {
  promise.catch(() => undefined);
  return promise;
}
