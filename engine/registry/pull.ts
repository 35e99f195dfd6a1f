// `image pull`: manifest (through an index, for this platform), config and
// layers into the blob store, then the name through ImageStore.addImages,
// which unpacks the layers. Blobs already stored are not downloaded again;
// layers download a few at a time, as docker's max-concurrent-downloads.
import { EngineError, EngineErrorCode } from '../../errors.js';
import type { ImageStore, LayerProgress } from '../images/image-store.js';
import { familiarReference, formatReference, parseReference, type ImageReference } from '../images/reference.js';
import { withSession, type RegistryOptions } from './connect.js';
import { downloadBlob } from './download.js';
import { fetchImageManifest, type BlobDescriptor } from './manifest.js';
import { hostPlatform, type Platform } from './platform.js';
import { recordPull } from './pull-record.js';

/** What happens to one layer, for a progress bar per layer. */
export interface PullProgress {
  readonly layer: string;
  readonly phase: 'exists' | 'downloading' | 'downloaded' | 'retrying' | 'extracting' | 'done';
  readonly done: number;
  readonly total: number;
}

export interface PullOptions extends RegistryOptions {
  /** linux/amd64 on this machine when not given. */
  readonly platform?: Platform;
  readonly onProgress?: (progress: PullProgress) => void;
  /** Layers downloaded at once. */
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
}

export interface PullResult {
  /** The name given to the image, familiar form (`busybox:latest`). */
  readonly name: string;
  readonly manifest: string;
  /** The config digest: the image ID. */
  readonly id: string;
  /** The digest the reference resolved to on the registry (the index's, for a multi-platform image). */
  readonly digest: string;
  /** How many blobs were downloaded (0: everything was stored already). */
  readonly downloaded: number;
}

const DEFAULT_CONCURRENCY = 3;

export async function pullImage(store: ImageStore, reference: string, options: PullOptions = {}): Promise<PullResult> {
  const ref = parseReference(reference);
  const wanted = ref.digest ?? ref.tag!;
  return withSession(ref.registry, options, async (session) => {
    const fetched = await fetchImageManifest(session, ref.repository, wanted, options.platform ?? hostPlatform());
    const report = options.onProgress;
    const download = async (blob: BlobDescriptor, layer: boolean): Promise<boolean> => {
      if (layer && store.blobs.has(blob.digest)) {
        report?.({ layer: blob.digest, phase: 'exists', done: blob.size, total: blob.size });
        return false;
      }
      const got = await downloadBlob(session, ref.repository, blob, store.blobs, {
        ...(layer && report && { onProgress: (done: number, total: number) => report({ layer: blob.digest, phase: 'downloading', done, total }) }),
        ...(layer && report && { onRetry: () => report({ layer: blob.digest, phase: 'retrying', done: 0, total: blob.size }) }),
        ...(options.retry && { retry: options.retry }),
        ...(options.signal && { signal: options.signal }),
      });
      if (layer) report?.({ layer: blob.digest, phase: 'downloaded', done: blob.size, total: blob.size });
      return got;
    };
    const config = await download(fetched.manifest.config, false);
    const layers = await inParallel(fetched.manifest.layers, options.concurrency ?? DEFAULT_CONCURRENCY, (blob) => download(blob, true));
    store.blobs.put(fetched.bytes, fetched.digest);
    const name = nameFor(ref);
    const unpack = report && ((p: LayerProgress) => report({ layer: p.layer, phase: p.finished ? 'done' : 'extracting', done: p.bytesRead, total: p.total }));
    await store.addImages([{ manifest: fetched.digest, names: [name] }], unpack);
    recordPull(store.root, name);
    return {
      name: familiarReference(parseReference(name)),
      manifest: fetched.digest,
      id: store.imageId(fetched.digest),
      digest: fetched.indexDigest ?? fetched.digest,
      downloaded: [config, ...layers].filter(Boolean).length,
    };
  }).catch((err: unknown) => {
    if (err instanceof EngineError && err.code === EngineErrorCode.InvalidArchive) {
      throw new EngineError(EngineErrorCode.InvalidArchive, `${familiarReference(ref)}: ${err.message}`, { cause: err });
    }
    throw err;
  });
}

/** The name the pulled image is stored under: the reference itself, fully qualified. */
function nameFor(ref: ImageReference): string {
  return formatReference(ref);
}

/** Runs `work` over `items` with at most `limit` at a time; results in input order; the first failure rejects. */
export async function inParallel<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
