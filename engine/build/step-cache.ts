// The build cache: what a step made, under a key of everything it read (the
// state before it, the instruction as expanded, the content it copied). A
// hit is used only while every layer it names is still a stored blob, so a
// prune that took them makes it a miss, never a broken image.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../state/atomic-write.js';
import type { BlobStore } from '../images/blob-store.js';
import type { ImageState } from './image-state.js';

export class StepCache {
  private readonly dir: string;

  constructor(root: string, private readonly blobs: BlobStore) {
    this.dir = join(root, 'build-cache');
  }

  static key(parts: readonly string[]): string {
    const hash = createHash('sha256');
    for (const part of parts) hash.update(`${part.length}:${part}`);
    return hash.digest('hex');
  }

  get(key: string): ImageState | undefined {
    let state: ImageState;
    try {
      state = JSON.parse(readFileSync(join(this.dir, `${key}.json`), 'utf8')) as ImageState;
    } catch {
      return undefined;
    }
    return state.layers.every((layer) => this.blobs.has(layer.digest)) ? state : undefined;
  }

  put(key: string, state: ImageState): void {
    mkdirSync(this.dir, { recursive: true });
    writeFileAtomic(join(this.dir, `${key}.json`), JSON.stringify(state));
  }
}
