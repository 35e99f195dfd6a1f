// Writes images as one archive that is both an OCI image layout (oci-layout,
// index.json: what `skopeo` reads as `oci-archive:` and containerd imports)
// and a docker-archive (manifest.json, repositories: what `docker load` of
// any version and `skopeo ... docker-archive:` read), as Docker 25+ writes
// it. Both views share the blobs; layers stay as stored (gzip too: docker
// load and skopeo decompress docker-archive layers themselves).
import { createReadStream, statSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import type { ImageStore } from './image-store.js';
import { familiarReference, formatReference, parseReference } from './reference.js';

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
  await entry('manifest.json', JSON.stringify(dockerManifestFor(store, images)));
  const repositories = repositoriesFor(store, images);
  if (Object.keys(repositories).length > 0) await entry('repositories', JSON.stringify(repositories));
  // Directory entries first: some extractors do not create missing parents.
  for (const dir of ['blobs/', 'blobs/sha256/']) await directory(pack, dir);
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

interface StoredManifest {
  readonly config: { readonly digest: string };
  readonly layers: readonly { readonly digest: string }[];
}

function readManifest(store: ImageStore, digest: string): StoredManifest {
  return JSON.parse(store.blobs.read(digest).toString('utf8')) as StoredManifest;
}

// One manifest.json entry per image, with every name it was saved under;
// an image saved by ID has `RepoTags: null`, as docker writes it.
function dockerManifestFor(store: ImageStore, images: readonly SavedImage[]): object[] {
  const tags = new Map<string, string[]>();
  for (const { name, manifest } of images) {
    const ref = tryName(name);
    const known = tags.get(manifest) ?? [];
    // A name pinned by digest has no tag to record (docker leaves it out too).
    const tag = ref?.tag === undefined ? undefined : familiarReference({ registry: ref.registry, repository: ref.repository, tag: ref.tag });
    tags.set(manifest, tag === undefined || known.includes(tag) ? known : [...known, tag]);
  }
  return [...tags].map(([digest, repoTags]) => {
    const manifest = readManifest(store, digest);
    return {
      Config: blobPath(manifest.config.digest),
      RepoTags: repoTags.length > 0 ? repoTags : null,
      Layers: manifest.layers.map((layer) => blobPath(layer.digest)),
    };
  });
}

// docker's legacy `repositories`: name → tag → the hex of the top layer's
// diff id (what Docker 25 writes; only loaders of archives without a
// manifest.json, older than Docker 1.10, ever read it).
function repositoriesFor(store: ImageStore, images: readonly SavedImage[]): Record<string, Record<string, string>> {
  const repositories: Record<string, Record<string, string>> = {};
  for (const { name, manifest } of images) {
    const ref = tryName(name);
    const diffIds = (store.config(manifest)['rootfs'] as { diff_ids?: string[] } | undefined)?.diff_ids ?? [];
    const top = diffIds[diffIds.length - 1];
    if (!ref || ref.tag === undefined || top === undefined) continue;
    const repository = familiarReference({ registry: ref.registry, repository: ref.repository });
    repositories[repository] = { ...repositories[repository], [ref.tag]: top.slice('sha256:'.length) };
  }
  return repositories;
}

function blobPath(digest: string): string {
  return `blobs/sha256/${digest.slice('sha256:'.length)}`;
}

// Every blob once, even when several images share it.
function blobsOf(store: ImageStore, images: readonly SavedImage[]): string[] {
  const all = new Set<string>();
  for (const { manifest } of images) {
    const parsed = readManifest(store, manifest);
    [manifest, parsed.config.digest, ...parsed.layers.map((l) => l.digest)].forEach((d) => all.add(d));
  }
  return [...all];
}

async function addBlob(pack: tar.Pack, store: ImageStore, digest: string): Promise<void> {
  const path = store.blobs.pathOf(digest);
  const { size } = statSync(path);
  const sink = pack.entry({ name: blobPath(digest), size, mtime: new Date(0), mode: 0o644 });
  await pipeline(createReadStream(path, { highWaterMark: 1024 * 1024 }), sink);
}

function directory(pack: tar.Pack, name: string): Promise<void> {
  return new Promise((resolve, reject) => pack.entry({ name, type: 'directory', mtime: new Date(0), mode: 0o755 }, (err) => (err ? reject(err) : resolve())));
}

// An image ID names no repository; it is saved without a name.
function tryName(name: string): ReturnType<typeof parseReference> | undefined {
  if (/^(sha256:)?[0-9a-f]{4,64}$/.test(name)) return undefined;
  return parseReference(name);
}
