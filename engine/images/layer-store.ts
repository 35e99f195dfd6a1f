// Unpacked layers, one directory per diff id, shared by every image that has
// the layer: a container root is an overlay of these (lowest first) under
// the container's own upper directory. A layer's directory appears only when
// complete; its size file is written right after.
import { createReadStream, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { EngineError, EngineErrorCode } from '../../errors.js';
import { writeFileAtomic } from '../../state/atomic-write.js';
import { layersDir } from './store-paths.js';

export class LayerStore {
  readonly dir: string;

  constructor(root: string) {
    this.dir = layersDir(root);
  }

  /** The directory holding the unpacked content of a layer. */
  pathOf(diffId: string): string {
    return join(this.dir, hexOf(diffId));
  }

  /** Bytes of file content in the unpacked layer, or undefined if not unpacked. */
  sizeOf(diffId: string): number | undefined {
    try {
      return (JSON.parse(readFileSync(`${this.pathOf(diffId)}.json`, 'utf8')) as { size: number }).size;
    } catch {
      return undefined;
    }
  }

  /**
   * Unpacks the layer blob at `blobPath` unless already done; the content
   * must hash to `diffId`. A directory left without its size file by a crash
   * is unpacked again.
   */
  async ensure(diffId: string, blobPath: string, onProgress?: (bytesRead: number) => void): Promise<number> {
    const dest = this.pathOf(diffId);
    const known = this.sizeOf(diffId);
    if (known !== undefined && existsSync(dest)) return known;
    rmSync(dest, { recursive: true, force: true });
    const source = createReadStream(blobPath, { highWaterMark: 1024 * 1024 });
    const { unpackLayer } = await import('./unpack.js');
    const layer = await unpackLayer(source, dest, { diffId, ...(onProgress && { onProgress }) });
    writeFileAtomic(`${dest}.json`, JSON.stringify({ diffId, size: layer.size }));
    return layer.size;
  }

  /** Deletes unpacked layers not in `keep` and leftovers of interrupted unpacks; returns the diff ids removed. */
  removeAllBut(keep: ReadonlySet<string>): string[] {
    if (!existsSync(this.dir)) return [];
    const removed: string[] = [];
    for (const name of readdirSync(this.dir).sort()) {
      const hex = name.replace(/\.json$/, '');
      if (name.startsWith('.')) {
        rmSync(join(this.dir, name), { recursive: true, force: true });
        continue;
      }
      if (keep.has(`sha256:${hex}`) || name.endsWith('.json')) continue;
      rmSync(join(this.dir, name), { recursive: true, force: true });
      rmSync(join(this.dir, `${name}.json`), { force: true });
      removed.push(`sha256:${hex}`);
    }
    return removed;
  }
}

function hexOf(diffId: string): string {
  const match = /^sha256:([0-9a-f]{64})$/.exec(diffId);
  if (!match) throw new EngineError(EngineErrorCode.InvalidDigest, `not a sha256 diff id: ${diffId}`);
  return match[1]!;
}
