// The images inside an archive: an OCI image layout (index.json) or a
// docker-archive (manifest.json), their blobs streamed into the store. For a
// docker-archive an OCI manifest is written from its manifest.json.
import type { Readable } from 'node:stream';
import { EngineError, EngineErrorCode } from '../../errors.js';
import type { BlobStore } from './blob-store.js';
import { memberBlob, memberBytes, readArchiveMembers, type ArchiveMembers, type Descriptor } from './archive-members.js';

const INDEX_TYPES = new Set(['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json']);

export interface ArchiveImage {
  readonly manifest: string;
  readonly names: string[];
}

export async function readArchiveImages(source: Readable, blobs: BlobStore, archiveName: string): Promise<ArchiveImage[]> {
  const archive = await readArchiveMembers(source, blobs);
  if (archive.files.has('oci-layout') && archive.files.has('index.json')) return ociImages(archive, blobs, archiveName);
  if (archive.files.has('manifest.json')) return dockerImages(archive, blobs, archiveName);
  throw new EngineError(EngineErrorCode.InvalidArchive, `${archiveName} is not an image archive (neither an OCI image layout nor a docker-archive)`);
}

function ociImages(archive: ArchiveMembers, blobs: BlobStore, archiveName: string): ArchiveImage[] {
  const index = parseJson<{ manifests?: Descriptor[] }>(memberBytes(archive, 'index.json', blobs), archiveName, 'index.json');
  return (index.manifests ?? []).map((descriptor) => {
    const digest = resolveManifest(descriptor, blobs, archiveName).digest;
    if (!blobs.has(digest)) throw new EngineError(EngineErrorCode.InvalidArchive, `${archiveName} lacks manifest ${digest}`);
    const manifest = JSON.parse(blobs.read(digest).toString('utf8')) as { config: Descriptor; layers: Descriptor[] };
    for (const blob of [manifest.config, ...manifest.layers]) {
      if (!blobs.has(blob.digest)) throw new EngineError(EngineErrorCode.InvalidArchive, `${archiveName} lacks blob ${blob.digest}`);
    }
    const name = imageName(descriptor);
    return { manifest: digest, names: name === undefined ? [] : [name] };
  });
}

// docker-archive has no manifest in OCI form: one is written from its
// manifest.json, with the layers as stored (plain tar or gzip).
function dockerImages(archive: ArchiveMembers, blobs: BlobStore, archiveName: string): ArchiveImage[] {
  const entries = parseJson<{ Config: string; RepoTags?: string[] | null; Layers: string[] }[]>(memberBytes(archive, 'manifest.json', blobs), archiveName, 'manifest.json');
  return entries.map((entry) => {
    const config = memberBlob(archive, entry.Config, blobs, archiveName);
    const layers = entry.Layers.map((path) => {
      const blob = memberBlob(archive, path, blobs, archiveName);
      const gzip = blobs.head(blob.digest, 2).equals(Buffer.from([0x1f, 0x8b]));
      return { mediaType: `application/vnd.oci.image.layer.v1.tar${gzip ? '+gzip' : ''}`, ...blob };
    });
    const manifest = {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
      layers,
    };
    return { manifest: blobs.put(Buffer.from(JSON.stringify(manifest))).digest, names: entry.RepoTags ?? [] };
  });
}

// An index (multi-platform image) resolves to its linux/amd64 manifest.
function resolveManifest(descriptor: Descriptor, blobs: BlobStore, archiveName: string): Descriptor {
  if (!INDEX_TYPES.has(descriptor.mediaType)) return descriptor;
  const nested = JSON.parse(blobs.read(descriptor.digest).toString('utf8')) as { manifests: Descriptor[] };
  const pick = nested.manifests.find((m) => m.platform?.os === 'linux' && m.platform.architecture === 'amd64');
  if (!pick) throw new EngineError(EngineErrorCode.InvalidArchive, `${archiveName} has no linux/amd64 image`);
  return pick;
}

function parseJson<T>(bytes: Buffer | undefined, archiveName: string, member: string): T {
  try {
    if (!bytes) throw new Error('missing');
    return JSON.parse(bytes.toString('utf8')) as T;
  } catch {
    throw new EngineError(EngineErrorCode.InvalidArchive, `${archiveName} has no readable ${member}`);
  }
}

// containerd's full name wins; an OCI ref.name counts only when it is a
// whole reference (skopeo and others often store just a tag there).
function imageName(descriptor: Descriptor): string | undefined {
  const annotations = descriptor.annotations ?? {};
  const full = annotations['io.containerd.image.name'];
  if (full) return full;
  const ref = annotations['org.opencontainers.image.ref.name'];
  return ref && /[/:]/.test(ref) ? ref : undefined;
}
