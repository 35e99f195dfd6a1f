// Which image each name points at: one small JSON file, replaced atomically.
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../../state/atomic-write.js';

/** Fully qualified reference (`docker.io/library/busybox:latest`) → manifest digest. */
export type TagTable = Record<string, string>;

export function tagsFile(root: string): string {
  return join(root, 'images', 'tags.json');
}

export function readTags(root: string): TagTable {
  try {
    return JSON.parse(readFileSync(tagsFile(root), 'utf8')) as TagTable;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
}

export function writeTags(root: string, tags: TagTable): void {
  const file = tagsFile(root);
  mkdirSync(dirname(file), { recursive: true });
  const sorted = Object.fromEntries(Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : 1)));
  writeFileAtomic(file, `${JSON.stringify(sorted, null, 2)}\n`);
}
