// Reads an OCI image-layout archive straight into the blob store: each blob
// is verified against its file name as it streams in, nothing is extracted
// to disk, so a hostile archive cannot place files anywhere.
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { EngineError, EngineErrorCode } from '../../errors.js';
import type { BlobStore } from './blob-store.js';

export interface Descriptor {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly platform?: { readonly os?: string; readonly architecture?: string };
}

export interface ArchiveContents {
  /** The top-level index.json of the layout. */
  readonly index: { readonly manifests: readonly Descriptor[] };
}

const BLOB = /^(?:\.\/)?blobs\/sha256\/([a-f0-9]{64})$/;

export async function readOciArchive(source: Readable, store: BlobStore, name: string): Promise<ArchiveContents> {
  const extract = tar.extract();
  let index: ArchiveContents['index'] | undefined;
  let layout = false;
  const feeding = pipeline(source, extract);
  feeding.catch(() => undefined);
  for await (const entry of extract) {
    const path = entry.header.name.replace(/^\.\//, '');
    const blob = BLOB.exec(entry.header.name);
    if (blob) await store.putStream(entry as unknown as Readable, `sha256:${blob[1]}`);
    else if (path === 'index.json') index = JSON.parse((await readAll(entry as unknown as Readable)).toString('utf8'));
    else if (path === 'oci-layout') layout = true;
    entry.resume();
  }
  await feeding;
  if (!layout || !index || !Array.isArray(index.manifests)) {
    throw new EngineError(EngineErrorCode.InvalidArchive, `${name} is not an OCI image layout archive (no oci-layout and index.json)`);
  }
  return { index };
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
