// One blob from a registry into the blob store. Bytes go to a partial file
// beside the blobs; a connection lost midway is retried from where it
// stopped (an HTTP Range request; a registry that ignores Range sends it all
// again), and so is a partial file a killed pull left behind. The blob
// enters the store only once its sha256 is the digest asked for: content
// that does not match is deleted, never used.
import { createWriteStream, existsSync, rmSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EngineError, EngineErrorCode, RegistryError, RegistryErrorCode } from '../../errors.js';
import type { BlobStore } from '../images/blob-store.js';
import { withLock } from '../../state/lock.js';
import type { BlobDescriptor } from './manifest.js';
import { DEFAULT_RETRY, TransientError, withRetries, type RetryPolicy } from './retry.js';
import { errorOf, type RegistrySession } from './session.js';

export interface DownloadOptions {
  /** Bytes of the blob on disk so far, and its size. */
  readonly onProgress?: (done: number, total: number) => void;
  readonly onRetry?: (attempt: number, err: unknown) => void;
  readonly retry?: RetryPolicy;
  readonly signal?: AbortSignal;
}

/** Resolves once the blob is in the store: at once when it already was. Returns whether bytes were downloaded. */
export async function downloadBlob(session: RegistrySession, repository: string, blob: BlobDescriptor, blobs: BlobStore, options: DownloadOptions = {}): Promise<boolean> {
  if (blobs.has(blob.digest)) return false;
  const partial = join(blobs.ensureDir(), `.${blob.digest.slice(7)}.partial`);
  // Two pulls of one blob would write one partial file: the second waits, then finds the blob stored.
  return withLock(partial, `the download of ${blob.digest}`, async () => {
    if (blobs.has(blob.digest)) return false;
    const retries = { ...(options.signal && { signal: options.signal }), ...(options.onRetry && { onRetry: options.onRetry }) };
    await withRetries(options.retry ?? DEFAULT_RETRY, () => fetchInto(session, repository, blob, partial, options), retries);
    await blobs.adopt(partial, blob.digest).catch((err: unknown) => {
      throw err instanceof EngineError && err.code === EngineErrorCode.DigestMismatch
        ? new EngineError(EngineErrorCode.DigestMismatch, `blob ${blob.digest} of ${session.registry}/${repository} is corrupt: ${err.message}; nothing was stored`, { cause: err })
        : err;
    });
    return true;
  }, 600);
}

/** One try: asks for the bytes the partial file lacks and appends them. Throws TransientError when the body ends short. */
async function fetchInto(session: RegistrySession, repository: string, blob: BlobDescriptor, partial: string, options: DownloadOptions): Promise<void> {
  let offset = existsSync(partial) ? statSync(partial).size : 0;
  if (offset > blob.size) {
    truncateSync(partial, 0);
    offset = 0;
  }
  if (offset === blob.size && offset > 0) return;
  const res = await session.send({
    path: `/v2/${repository}/blobs/${blob.digest}`,
    scope: `repository:${repository}:pull`,
    headers: offset > 0 ? { range: `bytes=${offset}-` } : {},
    ...(options.signal && { signal: options.signal }),
  });
  if (res.status === 200 && offset > 0) offset = 0;
  else if (res.status !== 206 && res.status !== 200) throw await errorOf(res, `blob ${blob.digest} of ${repository}`);
  let done = offset;
  options.onProgress?.(done, blob.size);
  const count = new Transform({
    transform(chunk: Buffer, _encoding, next) {
      done += chunk.length;
      if (done > blob.size) return next(new RegistryError(RegistryErrorCode.Protocol, `blob ${blob.digest} of ${repository} is larger than the ${blob.size} bytes its manifest says`));
      options.onProgress?.(done, blob.size);
      next(null, chunk);
    },
  });
  try {
    await pipeline(res.body, count, createWriteStream(partial, { flags: offset > 0 ? 'a' : 'w' }));
  } catch (err) {
    if (err instanceof RegistryError) rmSync(partial, { force: true });
    throw err instanceof RegistryError ? err : new TransientError(`blob ${blob.digest}: the download broke off after ${done} of ${blob.size} bytes (${(err as Error).message})`);
  }
  if (done < blob.size) throw new TransientError(`blob ${blob.digest}: the download ended after ${done} of ${blob.size} bytes`);
}
