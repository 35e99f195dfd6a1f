// Reads an image archive (OCI image layout or docker-archive, as `docker
// save` writes it) straight into the blob store: nothing is extracted to
// disk, so a hostile archive cannot place files anywhere. Large members go
// to the store as they stream in (verified when their name is a digest);
// small ones (index, manifests, configs) are kept in memory.
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { EngineError, EngineErrorCode, FlotillaError } from '../../errors.js';
import type { BlobStore } from './blob-store.js';

export interface Descriptor {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly platform?: { readonly os?: string; readonly architecture?: string };
}

/** An archive member: its bytes (small members) or the blob it was stored as. */
export type Member = { readonly bytes: Buffer } | { readonly digest: string; readonly size: number };

export interface ArchiveMembers {
  readonly files: ReadonlyMap<string, Member>;
  /** Symlinks inside the archive (docker-archive links layer.tar files), already resolved to member paths. */
  readonly links: ReadonlyMap<string, string>;
}

const KEEP_IN_MEMORY = 1024 * 1024;
const BLOB = /^blobs\/sha256\/([a-f0-9]{64})$/;

export async function readArchiveMembers(source: Readable, store: BlobStore): Promise<ArchiveMembers> {
  const extract = tar.extract();
  const files = new Map<string, Member>();
  const links = new Map<string, string>();
  const feeding = pipeline(source, extract);
  feeding.catch(() => undefined);
  try {
    for await (const entry of extract) {
      const path = posix.normalize(entry.header.name).replace(/^\.\//, '');
      const body = entry as unknown as Readable;
      if (entry.header.type === 'symlink') links.set(path, posix.normalize(posix.join(posix.dirname(path), entry.header.linkname ?? '')));
      else if (entry.header.type === 'file') files.set(path, await readMember(path, body, entry.header.size ?? 0, store));
      entry.resume();
    }
    await feeding;
  } catch (err) {
    throw damaged(err);
  }
  return { files, links };
}

/**
 * The tar reader's own complaints ("Unexpected end of data", "Invalid tar
 * header") are about the input, not a failure of ours: said as such. Errors
 * of the system (they carry an errno code) and our own pass unchanged.
 */
function damaged(err: unknown): unknown {
  if (err instanceof FlotillaError || !(err instanceof Error) || 'code' in err) return err;
  const reason = err.message.replace(/\.$/, '').toLowerCase();
  return new EngineError(EngineErrorCode.InvalidArchive, `the image archive is truncated or damaged: ${reason}`, { cause: err });
}

async function readMember(path: string, body: Readable, size: number, store: BlobStore): Promise<Member> {
  const named = BLOB.exec(path);
  if (named || size > KEEP_IN_MEMORY) return store.putStream(body, named ? `sha256:${named[1]}` : undefined);
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return { bytes: Buffer.concat(chunks) };
}

/** A member's bytes, following archive symlinks; undefined when absent. */
export function memberBytes(archive: ArchiveMembers, path: string, store: BlobStore): Buffer | undefined {
  const member = archive.files.get(archive.links.get(path) ?? path);
  if (!member) return undefined;
  return 'bytes' in member ? member.bytes : store.read(member.digest);
}

/** A member as a stored blob (storing it now if it was kept in memory). */
export function memberBlob(archive: ArchiveMembers, path: string, store: BlobStore, archiveName: string): { digest: string; size: number } {
  const member = archive.files.get(archive.links.get(path) ?? path);
  if (!member) throw new EngineError(EngineErrorCode.InvalidArchive, `${archiveName} lacks ${path}`);
  return 'bytes' in member ? store.put(member.bytes) : member;
}
