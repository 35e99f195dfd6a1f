// Unpacks one image layer (tar, gzip or zstd) into its own directory, laid
// out for overlayfs: `.wh.NAME` becomes a 0/0 character device and
// `.wh..wh..opq` an opaque directory. The layer appears under `dest` only
// once complete; a hostile or broken layer leaves nothing behind.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, lchownSync, openSync, writeSync, linkSync, lstatSync, lutimesSync, mkdirSync, renameSync, rmSync, symlinkSync, chmodSync } from 'node:fs';
import { dirname, posix } from 'node:path';
import { PassThrough, Readable, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import { EngineError, EngineErrorCode } from '../../errors.js';
import { entryPath, hostileEntry, placeUnder } from './layer-paths.js';
import { tempPathFor } from '../../state/atomic-write.js';

const WHITEOUT = '.wh.';
const OPAQUE = '.wh..wh..opq';

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

interface Unpacking {
  readonly root: string;
  readonly asRoot: boolean;
  /** Directory times and modes are set last: writing children would change them. */
  readonly dirs: { path: string; mode: number; mtime: Date }[];
  entries: number;
  size: number;
}

export async function unpackLayer(source: Readable, dest: string, options: UnpackOptions = {}): Promise<UnpackedLayer> {
  const root = tempPathFor(dest);
  mkdirSync(dirname(dest), { recursive: true });
  mkdirSync(root, { mode: 0o755 });
  const state: Unpacking = { root, asRoot: process.getuid?.() === 0, dirs: [], entries: 0, size: 0 };
  const input = options.onProgress ? counted(source, options.onProgress) : source;
  try {
    const diffId = await extractInto(input, state);
    if (options.diffId !== undefined && diffId !== options.diffId) {
      throw new EngineError(EngineErrorCode.DigestMismatch, `layer content has diff id ${diffId}, but the image config says ${options.diffId}`);
    }
    for (const dir of state.dirs.reverse()) {
      chmodSync(dir.path, dir.mode);
      lutimesSync(dir.path, dir.mtime, dir.mtime);
    }
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

async function writeEntry(header: tar.Header, body: Readable, state: Unpacking): Promise<void> {
  const rel = entryPath(header.name);
  state.entries++;
  const base = posix.basename(rel);
  if (base === OPAQUE) return markOpaque(placeUnder(state.root, posix.join(posix.dirname(rel), 'x'), header.name));
  if (base.startsWith(WHITEOUT)) return whiteout(state.root, posix.join(posix.dirname(rel), base.slice(WHITEOUT.length)), header.name);
  if (rel === '') return;
  const target = placeUnder(state.root, rel, header.name);
  const existing = lstatSync(target, { throwIfNoEntry: false });
  if (existing && !(existing.isDirectory() && header.type === 'directory')) rmSync(target, { recursive: true, force: true });
  await createEntry(header, body, target, state);
  // Owner before mode: chown clears the set-user-ID and set-group-ID bits.
  if (state.asRoot && header.type !== 'link') lchownSync(target, header.uid ?? 0, header.gid ?? 0);
  if (header.type !== 'symlink' && header.type !== 'link' && header.type !== 'directory') chmodSync(target, (header.mode ?? 0o644) & 0o7777);
  if (header.type !== 'directory' && header.type !== 'link' && header.mtime) lutimesSync(target, header.mtime, header.mtime);
}

async function createEntry(header: tar.Header, body: Readable, target: string, state: Unpacking): Promise<void> {
  switch (header.type) {
    case 'file':
    case 'contiguous-file':
      state.size += header.size ?? 0;
      return writeFile(body, target);
    case 'directory':
      mkdirSync(target, { recursive: true });
      state.dirs.push({ path: target, mode: (header.mode ?? 0o755) & 0o7777, mtime: header.mtime ?? new Date(0) });
      return;
    case 'symlink':
      // The link is made, never followed: placeUnder refuses paths through it.
      symlinkSync(header.linkname ?? '', target);
      return;
    case 'link':
      return hardlink(header, target, state);
    case 'character-device':
    case 'block-device':
    case 'fifo':
      return special(header, target);
    default:
      throw hostileEntry(header.name, `has an unsupported type "${header.type}"`);
  }
}

// Synchronous writes as the chunks arrive: a layer is mostly small files, and
// async open/write/close round trips per file cost more than the writes.
async function writeFile(body: Readable, target: string): Promise<void> {
  const fd = openSync(target, 'wx', 0o600);
  try {
    for await (const chunk of body) {
      const bytes = chunk as Buffer;
      for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset);
    }
  } finally {
    closeSync(fd);
  }
}

function hardlink(header: tar.Header, target: string, state: Unpacking): void {
  const rel = entryPath(header.linkname ?? '');
  const from = placeUnder(state.root, rel, header.name);
  const stat = lstatSync(from, { throwIfNoEntry: false });
  if (!stat) throw hostileEntry(header.name, `links to "${header.linkname}", which is not in the layer`);
  if (stat.isDirectory()) throw hostileEntry(header.name, 'is a hard link to a directory');
  linkSync(from, target);
}

// Device nodes are kept only where the kernel lets us make them (as root);
// without that right they are left out, as rootless engines do.
function special(header: tar.Header, target: string): void {
  const args = header.type === 'fifo' ? ['mkfifo', target] : ['mknod', target, header.type === 'block-device' ? 'b' : 'c', String(header.devmajor ?? 0), String(header.devminor ?? 0)];
  const made = spawnSync(args[0]!, args.slice(1), { stdio: 'ignore' });
  if (made.status !== 0 && header.type === 'fifo') throw hostileEntry(header.name, 'could not be created as a FIFO');
}

function whiteout(root: string, rel: string, name: string): void {
  const target = placeUnder(root, entryPath(rel), name);
  rmSync(target, { recursive: true, force: true });
  const made = spawnSync('mknod', [target, 'c', '0', '0'], { stdio: 'ignore' });
  if (made.status !== 0) throw new EngineError(EngineErrorCode.HostileLayer, `cannot make the whiteout for "${rel}" (mknod needs root)`);
}

function markOpaque(placeholder: string): void {
  const dir = dirname(placeholder);
  const set = spawnSync('setfattr', ['-n', 'trusted.overlay.opaque', '-v', 'y', dir], { stdio: 'ignore' });
  if (set.status !== 0) throw new EngineError(EngineErrorCode.HostileLayer, `cannot mark "${dir}" opaque (setfattr from the attr package, as root)`);
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
