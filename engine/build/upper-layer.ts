// A RUN step's result: the container's overlay upper directory as a layer.
// overlayfs records a deletion there as a 0/0 character device and a folder
// that replaced the one below as the `trusted.overlay.opaque` attribute;
// layers carry them as `.wh.NAME` and `.wh..wh..opq` entries instead.
import { spawnSync } from 'node:child_process';
import { lstatSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { BlobStore } from '../images/blob-store.js';
import { LayerWriter, type WrittenLayer } from './layer-writer.js';

// The engine makes these as mount points for the files it binds over them
// (empty, in the upper dir, when the image has none): not the step's work.
const MOUNT_POINTS = new Set(['etc/hosts', 'etc/hostname', 'etc/resolv.conf']);

export async function layerFromUpper(blobs: BlobStore, upper: string): Promise<WrittenLayer> {
  const opaque = opaqueDirs(upper);
  const writer = new LayerWriter(blobs);
  try {
    await addChildren(writer, upper, upper, opaque);
    return await writer.finish();
  } catch (err) {
    writer.abort();
    throw err;
  }
}

async function addChildren(writer: LayerWriter, upper: string, dir: string, opaque: ReadonlySet<string>): Promise<void> {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const rel = relative(upper, path);
    const stat = lstatSync(path);
    if (stat.isCharacterDevice() && stat.rdev === 0) {
      await writer.whiteout(rel);
      continue;
    }
    if (MOUNT_POINTS.has(rel) && stat.isFile() && stat.size === 0) continue;
    await writer.addHostEntry(rel, path, stat, { uid: stat.uid, gid: stat.gid });
    if (!stat.isDirectory()) continue;
    if (opaque.has(rel)) await writer.opaque(rel);
    await addChildren(writer, upper, path, opaque);
  }
}

/** Folders (relative to `upper`) marked opaque, read with one getfattr for the whole tree. */
function opaqueDirs(upper: string): Set<string> {
  const dump = spawnSync('getfattr', ['-R', '-P', '--absolute-names', '-n', 'trusted.overlay.opaque', upper], { encoding: 'utf8' });
  const found = new Set<string>();
  let file: string | undefined;
  for (const line of (dump.stdout ?? '').split('\n')) {
    if (line.startsWith('# file: ')) file = line.slice('# file: '.length);
    else if (file && line.startsWith('trusted.overlay.opaque="y"')) found.add(relative(upper, file));
  }
  return found;
}
