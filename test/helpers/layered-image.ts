// An OCI archive for `image load` made in memory: the layers of a base
// archive (or none) with one more layer on top, built from tar entries, so a
// test can ship any layer it likes, hostile ones included.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import tar from 'tar-stream';

export type LayerEntry = Partial<tar.Header> & { name: string; body?: string | Buffer };

/** A tar of `entries`, in order, as given (duplicate names included). */
export async function layerTar(entries: readonly LayerEntry[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const { body, ...fields } of entries) {
    const header = { mtime: new Date(1_500_000_000_000), uid: 0, gid: 0, ...fields } as tar.Header;
    if (body === undefined) pack.entry(header);
    else pack.entry(header, body);
  }
  pack.finalize();
  return collect(pack);
}

interface Image {
  blobs: Map<string, Buffer>;
  layers: { mediaType: string; digest: string; size: number }[];
  diffIds: string[];
  config: Record<string, unknown>;
}

/**
 * `base` (an OCI archive path, or undefined for an empty image) plus a layer
 * holding `entries`, tagged `reference` (name:tag), as an OCI archive.
 */
export async function layeredImage(base: string | undefined, entries: readonly LayerEntry[], reference: string): Promise<Buffer> {
  const image = base ? await readImage(base) : { blobs: new Map(), layers: [], diffIds: [], config: { architecture: 'amd64', os: 'linux', config: {} } };
  const layer = await layerTar(entries);
  const layerDigest = put(image.blobs, layer);
  const config = { ...image.config, rootfs: { type: 'layers', diff_ids: [...image.diffIds, layerDigest] } };
  const configBlob = Buffer.from(JSON.stringify(config));
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: put(image.blobs, configBlob), size: configBlob.length },
    layers: [...image.layers, { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: layerDigest, size: layer.length }],
  }));
  const [name, tag] = reference.split(':') as [string, string];
  const index = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [{
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: put(image.blobs, manifest),
      size: manifest.length,
      annotations: { 'org.opencontainers.image.ref.name': tag, 'io.containerd.image.name': `docker.io/library/${name}:${tag}` },
    }],
  };
  const pack = tar.pack();
  pack.entry({ name: 'oci-layout' }, JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  pack.entry({ name: 'index.json' }, JSON.stringify(index));
  for (const [digest, data] of image.blobs) pack.entry({ name: `blobs/sha256/${digest.slice(7)}` }, data);
  pack.finalize();
  return collect(pack);
}

async function readImage(archive: string): Promise<Image> {
  const files = new Map<string, Buffer>();
  const extract = tar.extract();
  Readable.from([readFileSync(archive)]).pipe(extract);
  for await (const entry of extract) files.set(entry.header.name.replace(/^\.\//, ''), await collect(entry));
  const blob = (digest: string) => files.get(`blobs/sha256/${digest.slice(7)}`)!;
  const index = JSON.parse(files.get('index.json')!.toString());
  const manifest = JSON.parse(blob(index.manifests[0].digest).toString());
  const config = JSON.parse(blob(manifest.config.digest).toString());
  const blobs = new Map<string, Buffer>(manifest.layers.map((l: { digest: string }) => [l.digest, blob(l.digest)]));
  return { blobs, layers: manifest.layers, diffIds: config.rootfs.diff_ids, config };
}

function put(blobs: Map<string, Buffer>, data: Buffer): string {
  const digest = `sha256:${createHash('sha256').update(data).digest('hex')}`;
  blobs.set(digest, data);
  return digest;
}

async function collect(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
