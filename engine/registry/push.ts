// `image push`: every blob of a stored image the registry lacks (a HEAD
// says which), uploaded in one PUT each (the monolithic upload every
// registry takes), then the manifest under the tag. The registry checks each
// digest; the manifest goes last, so a failed push never names a partial image.
import { createReadStream, statSync } from 'node:fs';
import { RegistryError, RegistryErrorCode } from '../../errors.js';
import type { ImageStore } from '../images/image-store.js';
import { familiarReference, parseReference } from '../images/reference.js';
import { withSession, type RegistryOptions } from './connect.js';
import { MediaType, type BlobDescriptor } from './manifest.js';
import { inParallel } from './pull.js';
import { DEFAULT_RETRY, withRetries } from './retry.js';
import { errorOf, type RegistrySession } from './session.js';

export interface PushProgress {
  readonly layer: string;
  readonly phase: 'exists' | 'pushing' | 'pushed';
  readonly done: number;
  readonly total: number;
}

export interface PushOptions extends RegistryOptions {
  readonly onProgress?: (progress: PushProgress) => void;
  readonly concurrency?: number;
}

export interface PushResult {
  readonly name: string;
  /** The manifest's digest, as the registry now serves it. */
  readonly digest: string;
  readonly size: number;
  /** Blobs uploaded (0: the registry had them all). */
  readonly uploaded: number;
}

export async function pushImage(store: ImageStore, reference: string, options: PushOptions = {}): Promise<PushResult> {
  const ref = parseReference(reference);
  const manifestDigest = store.resolve(reference);
  const bytes = store.blobs.read(manifestDigest);
  const manifest = JSON.parse(bytes.toString('utf8')) as { mediaType?: string; config: BlobDescriptor; layers: BlobDescriptor[] };
  const scope = `repository:${ref.repository}:pull,push`;
  return withSession(ref.registry, options, async (session) => {
    const upload = (blob: BlobDescriptor, layer: boolean) => pushBlob(session, ref.repository, scope, store.blobs.pathOf(blob.digest), blob, layer ? options : {});
    const uploaded = await inParallel(manifest.layers, options.concurrency ?? 3, (blob) => upload(blob, true));
    const config = await upload(manifest.config, false);
    const res = await session.expectOk({
      method: 'PUT',
      path: `/v2/${ref.repository}/manifests/${ref.tag ?? ref.digest!}`,
      scope,
      headers: { 'content-type': manifest.mediaType ?? MediaType.OciManifest },
      body: bytes,
    }, `push of manifest ${familiarReference(ref)}`);
    res.body.resume();
    const served = String(res.headers['docker-content-digest'] ?? manifestDigest);
    if (served !== manifestDigest) throw new RegistryError(RegistryErrorCode.Protocol, `${session.registry} stored manifest ${familiarReference(ref)} as ${served}, not ${manifestDigest}`);
    return { name: familiarReference(ref), digest: manifestDigest, size: bytes.length, uploaded: [...uploaded, config].filter(Boolean).length };
  });
}

/** Uploads one blob unless the registry has it; returns whether it did. A lost connection starts that blob's upload over. */
async function pushBlob(session: RegistrySession, repository: string, scope: string, path: string, blob: BlobDescriptor, options: PushOptions): Promise<boolean> {
  const report = options.onProgress;
  const head = await session.send({ method: 'HEAD', path: `/v2/${repository}/blobs/${blob.digest}`, scope });
  head.body.resume();
  if (head.status === 200) {
    report?.({ layer: blob.digest, phase: 'exists', done: blob.size, total: blob.size });
    return false;
  }
  await withRetries(options.retry ?? DEFAULT_RETRY, async () => {
    const started = await session.expectOk({ method: 'POST', path: `/v2/${repository}/blobs/uploads/`, scope, headers: { 'content-length': '0' }, body: Buffer.alloc(0) }, `upload of ${blob.digest}`);
    started.body.resume();
    const location = started.headers.location;
    if (!location) throw new RegistryError(RegistryErrorCode.Protocol, `${session.registry} started an upload of ${blob.digest} without a Location`);
    const target = new URL(location, `${session.options.endpoint.base}/`);
    target.searchParams.set('digest', blob.digest);
    let done = 0;
    const body = createReadStream(path, { highWaterMark: 1024 * 1024 }).on('data', (chunk) => {
      done += chunk.length;
      report?.({ layer: blob.digest, phase: 'pushing', done, total: blob.size });
    });
    const put = await session.send({ method: 'PUT', path: target.toString(), scope, headers: { 'content-type': 'application/octet-stream', 'content-length': String(statSync(path).size) }, body });
    if (put.status !== 201 && put.status !== 204) throw await errorOf(put, `upload of ${blob.digest} to ${repository}`);
    put.body.resume();
  });
  report?.({ layer: blob.digest, phase: 'pushed', done: blob.size, total: blob.size });
  return true;
}
