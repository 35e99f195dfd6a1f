// Writes images as one OCI image-layout archive: what `skopeo` reads as
// `oci-archive:` and `docker load` (25 and newer) accepts.
import { createReadStream, statSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import type { ImageStore } from './image-store.js';
import { formatReference, parseReference } from './reference.js';

export interface SavedImage {
  /** The name to record in the archive, as given. */
  readonly name: string;
  readonly manifest: string;
}

export async function saveImages(store: ImageStore, names: readonly string[], out: Writable): Promise<void> {
  const images: SavedImage[] = names.map((name) => ({ name, manifest: store.resolve(name) }));
  const pack = tar.pack();
  const writing = pipeline(pack, out);
  const entry = (name: string, body: string | Buffer) => new Promise<void>((resolve, reject) => pack.entry({ name, mtime: new Date(0), mode: 0o644 }, body, (err) => (err ? reject(err) : resolve())));
  await entry('oci-layout', JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  await entry('index.json', JSON.stringify(indexFor(store, images)));
  for (const digest of blobsOf(store, images)) await addBlob(pack, store, digest);
  pack.finalize();
  await writing;
}

function indexFor(store: ImageStore, images: readonly SavedImage[]): object {
  return {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: images.map(({ name, manifest }) => {
      const ref = tryName(name);
      return {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: manifest,
        size: store.blobs.read(manifest).length,
        ...(ref && { annotations: { 'io.containerd.image.name': formatReference(ref), 'org.opencontainers.image.ref.name': ref.tag ?? 'latest' } }),
      };
    }),
  };
}

// Every blob once, even when several images share it.
function blobsOf(store: ImageStore, images: readonly SavedImage[]): string[] {
  const all = new Set<string>();
  for (const { manifest } of images) {
    const parsed = JSON.parse(store.blobs.read(manifest).toString('utf8')) as { config: { digest: string }; layers: { digest: string }[] };
    [manifest, parsed.config.digest, ...parsed.layers.map((l) => l.digest)].forEach((d) => all.add(d));
  }
  return [...all];
}

async function addBlob(pack: tar.Pack, store: ImageStore, digest: string): Promise<void> {
  const path = store.blobs.pathOf(digest);
  const { size } = statSync(path);
  const sink = pack.entry({ name: `blobs/sha256/${digest.slice(7)}`, size, mtime: new Date(0), mode: 0o644 });
  await pipeline(createReadStream(path, { highWaterMark: 1024 * 1024 }), sink);
}

// An image ID names no repository; it is saved without a name.
function tryName(name: string): ReturnType<typeof parseReference> | undefined {
  if (/^(sha256:)?[0-9a-f]{4,64}$/.test(name)) return undefined;
  return parseReference(name);
}
