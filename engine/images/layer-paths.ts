// Where a layer entry may land: inside its layer directory, reached only
// through real directories. A name or link that would leave the layer, or
// pass through a symlink an earlier entry made, is refused.
import { lstatSync, mkdirSync } from 'node:fs';
import { posix } from 'node:path';
import { EngineError, EngineErrorCode } from '../../errors.js';

/** A layer entry that could escape its layer or is otherwise not allowed. */
export function hostileEntry(name: string, why: string): EngineError {
  return new EngineError(EngineErrorCode.HostileLayer, `layer entry "${name}" ${why}`);
}

/** The entry's path relative to the layer root, refusing absolute paths and `..` escapes. */
export function entryPath(name: string): string {
  if (name.includes('\u0000')) throw hostileEntry(name, 'has a NUL byte in its name');
  if (posix.isAbsolute(name)) throw hostileEntry(name, 'has an absolute path');
  const clean = posix.normalize(name).replace(/\/+$/, '');
  if (clean === '..' || clean.startsWith('../')) throw hostileEntry(name, 'points outside the layer');
  return clean === '.' ? '' : clean;
}

/**
 * The absolute place for `rel` under `root`, after making sure every parent
 * is a real directory (creating missing ones), so writing there cannot
 * follow a symlink out of the layer.
 */
export function placeUnder(root: string, rel: string, name: string): string {
  const parts = rel === '' ? [] : rel.split('/');
  let dir = root;
  for (const part of parts.slice(0, -1)) {
    dir = `${dir}/${part}`;
    const stat = lstatSync(dir, { throwIfNoEntry: false });
    if (!stat) mkdirSync(dir, { mode: 0o755 });
    else if (stat.isSymbolicLink()) throw hostileEntry(name, `goes through the symlink "${posix.relative(root, dir)}"`);
    else if (!stat.isDirectory()) throw hostileEntry(name, `goes through "${posix.relative(root, dir)}", which is not a directory`);
  }
  return parts.length === 0 ? root : `${dir}/${parts.at(-1)}`;
}
