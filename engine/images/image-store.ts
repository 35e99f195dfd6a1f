// Images in the store: archives loaded into verified blobs, names pointing
// at manifests, and the summaries `image ls` shows.
import { existsSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { EngineError, EngineErrorCode } from '../../errors.js';
import { BlobStore } from './blob-store.js';
import type { Descriptor } from './archive-members.js';
import { familiarReference, formatReference, parseReference } from './reference.js';
import { readTags, writeTags } from './tags.js';
import { LayerStore } from './layer-store.js';
import { lockPath } from '../../state/paths.js';
import { withFileLock, withFileLockSync } from '../../state/lock.js';

interface Manifest {
  readonly config: Descriptor;
  readonly layers: readonly Descriptor[];
}

/** Progress of unpacking one layer: bytes of its (compressed) blob read so far. */
export interface LayerProgress {
  readonly layer: string;
  readonly bytesRead: number;
  readonly total: number;
  /** True once, when the layer is unpacked and verified. */
  readonly finished: boolean;
}

export interface ImageStoreOptions {
  /** Manifest digests that containers use: never removed, their layers kept. */
  readonly imagesInUse?: () => ReadonlySet<string>;
}

export interface ImageSummary {
  /** Familiar names (`busybox:latest`) pointing at this image, sorted. */
  readonly references: readonly string[];
  /** The config digest, as docker's image ID. */
  readonly id: string;
  readonly manifest: string;
  readonly created?: string;
  /** Bytes of the unpacked layers (as docker shows), or of the stored blobs if not unpacked. */
  readonly size: number;
}

export class ImageStore {
  readonly blobs: BlobStore;
  readonly layers: LayerStore;

  constructor(
    readonly root: string,
    private readonly options: ImageStoreOptions = {},
  ) {
    this.blobs = new BlobStore(root);
    this.layers = new LayerStore(root);
  }

  /**
   * Loads an OCI image-layout or docker-archive archive and unpacks its
   * layers; returns the names it tagged, familiar form. Holds the store's
   * lock throughout, so a concurrent prune cannot take blobs from under it.
   */
  async load(source: Readable, archiveName: string, onProgress?: (progress: LayerProgress) => void): Promise<string[]> {
    return withFileLock(this.lockFile(), 'the image store', async () => {
      // Loaded only here: the tar reader is the heaviest module of the store.
      const { readArchiveImages } = await import('./archive-images.js');
      const images = await readArchiveImages(source, this.blobs, archiveName);
      for (const image of images) await this.unpackUnlocked(image.manifest, onProgress);
      return this.tagUnlocked(images);
    });
  }

  /**
   * Names images whose manifest, config and layers are already in the blob
   * store, unpacking their layers; returns the names, familiar form. The one
   * way images become visible.
   */
  async addImages(images: readonly { manifest: string; names: readonly string[] }[], onProgress?: (progress: LayerProgress) => void): Promise<string[]> {
    return withFileLock(this.lockFile(), 'the image store', async () => {
      for (const image of images) await this.unpackUnlocked(image.manifest, onProgress);
      return this.tagUnlocked(images);
    });
  }

  /**
   * The unpacked layer directories of an image, lowest first (an overlay's
   * lowerdir lists them the other way round), unpacking any missing one.
   */
  async layerDirs(manifestDigest: string, onProgress?: (progress: LayerProgress) => void): Promise<string[]> {
    const diffIds = this.diffIdsOf(manifestDigest);
    if (diffIds.every((id) => this.layers.sizeOf(id) !== undefined)) return diffIds.map((id) => this.layers.pathOf(id));
    return withFileLock(this.lockFile(), 'the image store', async () => {
      await this.unpackUnlocked(manifestDigest, onProgress);
      return diffIds.map((id) => this.layers.pathOf(id));
    });
  }

  /** The image ID (its config digest) of a stored manifest. */
  imageId(manifestDigest: string): string {
    return this.readManifest(manifestDigest, 'the store').config.digest;
  }

  /** The image's config (Env, Cmd, Entrypoint, WorkingDir, User…), as stored. */
  config(manifestDigest: string): Record<string, unknown> {
    const manifest = this.readManifest(manifestDigest, 'the store');
    return JSON.parse(this.blobs.read(manifest.config.digest).toString('utf8')) as Record<string, unknown>;
  }

  private diffIdsOf(manifestDigest: string): string[] {
    const manifest = this.readManifest(manifestDigest, 'the store');
    const rootfs = this.config(manifestDigest)['rootfs'] as { diff_ids?: string[] } | undefined;
    const diffIds = rootfs?.diff_ids ?? [];
    if (diffIds.length !== manifest.layers.length) {
      throw new EngineError(EngineErrorCode.InvalidArchive, `image ${manifestDigest} lists ${manifest.layers.length} layers but ${diffIds.length} diff ids`);
    }
    return diffIds;
  }

  private async unpackUnlocked(manifestDigest: string, onProgress?: (progress: LayerProgress) => void): Promise<void> {
    const manifest = this.readManifest(manifestDigest, 'the store');
    const diffIds = this.diffIdsOf(manifestDigest);
    for (const [i, layer] of manifest.layers.entries()) {
      if (this.layers.sizeOf(diffIds[i]!) !== undefined && existsSync(this.layers.pathOf(diffIds[i]!))) continue;
      const report = onProgress && ((bytesRead: number) => onProgress({ layer: layer.digest, bytesRead, total: layer.size, finished: false }));
      await this.layers.ensure(diffIds[i]!, this.blobs.pathOf(layer.digest), report);
      onProgress?.({ layer: layer.digest, bytesRead: layer.size, total: layer.size, finished: true });
    }
  }

  private lockFile(): string {
    return lockPath(this.root, 'images');
  }

  private tagUnlocked(images: readonly { manifest: string; names: readonly string[] }[]): string[] {
    const tags = readTags(this.root);
    const added: string[] = [];
    for (const { manifest, names } of images) {
      for (const name of names) {
        const ref = parseReference(name);
        tags[formatReference(ref)] = manifest;
        added.push(familiarReference(ref));
      }
    }
    writeTags(this.root, tags);
    return added;
  }

  /** Every tagged image, grouped by manifest, sorted by first name. */
  list(): ImageSummary[] {
    const byManifest = new Map<string, string[]>();
    for (const [ref, digest] of Object.entries(readTags(this.root))) {
      byManifest.set(digest, [...(byManifest.get(digest) ?? []), familiarReference(parseReference(ref))]);
    }
    return [...byManifest]
      .map(([digest, refs]) => this.summarize(digest, refs.sort()))
      .sort((a, b) => (a.references[0]! < b.references[0]! ? -1 : 1));
  }

  /** The manifest digest a name (`busybox`, `host:5000/app:1`) or an image ID prefix refers to. */
  resolve(nameOrId: string): string {
    const tags = readTags(this.root);
    const byName = tryParse(nameOrId);
    if (byName && tags[formatReference(byName)]) return tags[formatReference(byName)]!;
    const id = nameOrId.replace(/^sha256:/, '');
    if (/^[0-9a-f]{4,64}$/.test(id)) {
      const matches = this.list().filter((image) => image.id.slice(7).startsWith(id));
      if (matches.length === 1) return matches[0]!.manifest;
    }
    // A manifest digest names an image whether or not it has a name (a build's stages).
    if (/^sha256:[0-9a-f]{64}$/.test(nameOrId) && this.blobs.has(nameOrId) && isManifest(this.blobs.read(nameOrId))) return nameOrId;
    throw new EngineError(EngineErrorCode.NotFound, `no such image: ${nameOrId}`);
  }

  /** Points `target` at the image `source` names. */
  tag(source: string, target: string): void {
    withFileLockSync(this.lockFile(), 'the image store', () => {
      const digest = this.resolve(source);
      const tags = readTags(this.root);
      tags[formatReference(parseReference(target))] = digest;
      writeTags(this.root, tags);
    });
  }

  /**
   * Removes a name, or every name of an image ID; blobs no remaining image
   * uses are deleted. Returns docker's `Untagged:` / `Deleted:` lines.
   */
  remove(nameOrId: string, force = false): string[] {
    return withFileLockSync(this.lockFile(), 'the image store', () => this.removeUnlocked(nameOrId, force));
  }

  private removeUnlocked(nameOrId: string, force: boolean): string[] {
    const digest = this.resolve(nameOrId);
    const tags = readTags(this.root);
    const byName = tryParse(nameOrId);
    const named = byName && tags[formatReference(byName)] === digest ? [formatReference(byName)] : undefined;
    const targets = named ?? Object.keys(tags).filter((ref) => tags[ref] === digest);
    if (!named && targets.length > 1 && !force) {
      throw new EngineError(EngineErrorCode.Conflict, `image ${nameOrId} is referenced by ${targets.length} names (${targets.map((r) => familiarReference(parseReference(r))).join(', ')}): remove them by name, or use -f`);
    }
    const inUse = this.options.imagesInUse?.() ?? new Set<string>();
    const lastName = targets.length === Object.values(tags).filter((d) => d === digest).length;
    if (lastName && inUse.has(digest) && !force) {
      throw new EngineError(EngineErrorCode.Conflict, `image ${nameOrId} is used by a container: remove the container first, or use -f`);
    }
    for (const ref of targets) delete tags[ref];
    writeTags(this.root, tags);
    const lines = targets.map((ref) => `Untagged: ${familiarReference(parseReference(ref))}`);
    return [...lines, ...this.collectGarbageUnlocked().map((d) => `Deleted: ${d}`)];
  }

  /** Deletes blobs and unpacked layers that no tagged image and no container uses; returns the blob digests, sorted. */
  collectGarbage(): string[] {
    return withFileLockSync(this.lockFile(), 'the image store', () => this.collectGarbageUnlocked());
  }

  private collectGarbageUnlocked(): string[] {
    const keep = new Set<string>();
    const keepLayers = new Set<string>();
    const inUse = this.options.imagesInUse?.() ?? new Set<string>();
    for (const digest of new Set([...Object.values(readTags(this.root)), ...inUse])) {
      if (!this.blobs.has(digest)) continue;
      const manifest = this.readManifest(digest, 'the store');
      [digest, manifest.config.digest, ...manifest.layers.map((l) => l.digest)].forEach((d) => keep.add(d));
      this.diffIdsOf(digest).forEach((d) => keepLayers.add(d));
    }
    this.layers.removeAllBut(keepLayers);
    return this.blobs.removeAllBut(keep);
  }

  /** docker-style inspect data for one image. */
  inspect(nameOrId: string): Record<string, unknown> {
    const digest = this.resolve(nameOrId);
    const manifest = this.readManifest(digest, 'the store');
    const config = JSON.parse(this.blobs.read(manifest.config.digest).toString('utf8')) as Record<string, unknown>;
    const summary = this.list().find((image) => image.manifest === digest);
    return {
      Id: manifest.config.digest,
      RepoTags: summary?.references ?? [],
      RepoDigests: [],
      Created: config['created'] ?? '',
      Architecture: config['architecture'] ?? '',
      Os: config['os'] ?? '',
      Config: config['config'] ?? {},
      RootFS: { Type: 'layers', Layers: (config['rootfs'] as { diff_ids?: string[] } | undefined)?.diff_ids ?? [] },
      Size: summary?.size ?? 0,
      Manifest: digest,
    };
  }

  private summarize(digest: string, references: string[]): ImageSummary {
    const manifest = this.readManifest(digest, 'the store');
    const config = JSON.parse(this.blobs.read(manifest.config.digest).toString('utf8')) as { created?: string };
    const unpacked = this.diffIdsOf(digest).map((id) => this.layers.sizeOf(id));
    const size = unpacked.every((n) => n !== undefined)
      ? unpacked.reduce<number>((sum, n) => sum + n!, 0)
      : manifest.layers.reduce((sum, layer) => sum + layer.size, manifest.config.size);
    return { references, id: manifest.config.digest, manifest: digest, ...(config.created !== undefined && { created: config.created }), size };
  }

  private readManifest(digest: string, where: string): Manifest & { digest: string } {
    if (!this.blobs.has(digest)) throw new EngineError(EngineErrorCode.InvalidArchive, `${where} lacks manifest ${digest}`);
    const manifest = JSON.parse(this.blobs.read(digest).toString('utf8')) as Manifest;
    return { ...manifest, digest };
  }
}

function isManifest(bytes: Buffer): boolean {
  try {
    const parsed = JSON.parse(bytes.toString('utf8')) as Partial<Manifest>;
    return typeof parsed.config?.digest === 'string' && Array.isArray(parsed.layers);
  } catch {
    return false;
  }
}

function tryParse(text: string): ReturnType<typeof parseReference> | undefined {
  try {
    return parseReference(text);
  } catch {
    return undefined;
  }
}
