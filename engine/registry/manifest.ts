// Manifests as registries serve them: an OCI index or Docker manifest list
// (resolved to one platform's manifest), or an OCI / Docker schema 2 image
// manifest. The bytes are kept as served: their sha256 is the digest that
// names them, and a manifest asked for by digest must hash to it.
import { createHash } from 'node:crypto';
import { RegistryError, RegistryErrorCode } from '../../errors.js';
import { readBody } from './http.js';
import { selectPlatform, type IndexEntry, type Platform } from './platform.js';
import type { RegistrySession } from './session.js';

export const MediaType = {
  OciManifest: 'application/vnd.oci.image.manifest.v1+json',
  OciIndex: 'application/vnd.oci.image.index.v1+json',
  DockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  DockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
} as const;

const ACCEPT = [MediaType.OciIndex, MediaType.DockerList, MediaType.OciManifest, MediaType.DockerManifest].join(', ');
const INDEXES: readonly string[] = [MediaType.OciIndex, MediaType.DockerList];
const IMAGES: readonly string[] = [MediaType.OciManifest, MediaType.DockerManifest];

export interface BlobDescriptor {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
}

export interface ImageManifest {
  readonly config: BlobDescriptor;
  readonly layers: readonly BlobDescriptor[];
}

export interface FetchedManifest {
  readonly digest: string;
  readonly mediaType: string;
  readonly bytes: Buffer;
  readonly manifest: ImageManifest;
  /** The index's digest, when the reference named one: docker shows it as the pulled digest. */
  readonly indexDigest?: string;
}

/** The image manifest `reference` (tag or digest) names, through an index when it is one. */
export async function fetchImageManifest(session: RegistrySession, repository: string, reference: string, platform: Platform): Promise<FetchedManifest> {
  const first = await fetchRaw(session, repository, reference);
  if (IMAGES.includes(first.mediaType)) return { ...first, manifest: parseImage(first.bytes, `${repository}:${reference}`) };
  if (!INDEXES.includes(first.mediaType)) {
    throw new RegistryError(RegistryErrorCode.Protocol, `${session.registry}/${repository}:${reference} is a ${first.mediaType || 'manifest without a media type'}, which Flotilla does not read (schema 1 manifests are long deprecated)`);
  }
  const entries = (JSON.parse(first.bytes.toString('utf8')) as { manifests?: IndexEntry[] }).manifests ?? [];
  const chosen = selectPlatform(entries, platform, `${session.registry}/${repository}:${reference}`);
  const image = await fetchRaw(session, repository, chosen.digest);
  if (!IMAGES.includes(image.mediaType)) throw new RegistryError(RegistryErrorCode.Protocol, `the index of ${repository}:${reference} points at a ${image.mediaType}, not an image manifest`);
  return { ...image, manifest: parseImage(image.bytes, `${repository}@${chosen.digest}`), indexDigest: first.digest };
}

async function fetchRaw(session: RegistrySession, repository: string, reference: string): Promise<{ digest: string; mediaType: string; bytes: Buffer }> {
  const res = await session.expectOk({ path: `/v2/${repository}/manifests/${reference}`, headers: { accept: ACCEPT }, scope: `repository:${repository}:pull` }, `manifest ${repository}:${reference}`);
  const bytes = await readBody(res.body, 4 * 1024 * 1024);
  const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  if (reference.startsWith('sha256:') && reference !== digest) {
    throw new RegistryError(RegistryErrorCode.Protocol, `manifest ${repository}@${reference} from ${session.registry} hashes to ${digest}: refused`);
  }
  const declared = (JSON.parse(bytes.toString('utf8')) as { mediaType?: string }).mediaType;
  const header = String(res.headers['content-type'] ?? '').split(';')[0]!.trim();
  return { digest, mediaType: declared ?? header, bytes };
}

function parseImage(bytes: Buffer, what: string): ImageManifest {
  const m = JSON.parse(bytes.toString('utf8')) as Partial<ImageManifest>;
  const valid = (d: BlobDescriptor | undefined) => d !== undefined && /^sha256:[a-f0-9]{64}$/.test(d.digest) && Number.isSafeInteger(d.size) && d.size >= 0;
  if (!valid(m.config) || !Array.isArray(m.layers) || !m.layers.every(valid)) {
    throw new RegistryError(RegistryErrorCode.Protocol, `manifest ${what} lacks a valid config or layer list (only sha256 digests are accepted)`);
  }
  return { config: m.config!, layers: m.layers };
}

export const MANIFEST_ACCEPT = ACCEPT;
