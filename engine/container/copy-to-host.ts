// The host side of `container cp` out of a container: the records the
// supervisor reads inside the container become files under the host
// destination. The stream comes from a container that may be running and
// changing its files as they are read, so no record is trusted to keep to
// the destination: every parent is checked with lstat to be a real folder
// (a symlink an earlier record made is never gone through), and the owner,
// mode and times go through a descriptor, or the l* calls for a symlink.
// The window between those checks and the writes needs a writer in the
// destination on the host; the container has none.
import { closeSync, constants, fchmodSync, fchownSync, futimesSync, lchownSync, lstatSync, lutimesSync, mkdirSync, openSync, rmSync, symlinkSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EngineError, EngineErrorCode } from '../../errors.js';
import type { CopyRecord } from './copy-records.js';

const CREATE_FILE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
const OPEN_DIR = constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW;

/** Writes one copied entry at `target` (record.path '') or under it. */
export function writeHostEntry(target: string, record: CopyRecord, options: { asRoot: boolean }): void {
  const parts = record.path === '' ? [] : record.path.split('/');
  if (parts.some((part) => part === '..' || part === '.' || part === '') || record.path.startsWith('/')) refuse(record, 'leaves the destination');
  const path = parts.length === 0 ? target : join(target, ...parts);
  // The destination's own parents are the user's to name, as with docker cp.
  if (parts.length === 0) mkdirSync(dirname(target), { recursive: true });
  let dir = target;
  for (const part of parts.slice(0, -1)) {
    dir = join(dir, part);
    const st = lstatSync(dir, { throwIfNoEntry: false });
    if (!st) mkdirSync(dir, { mode: 0o755 });
    else if (!st.isDirectory()) refuse(record, `goes through ${st.isSymbolicLink() ? 'the symlink' : 'the non-folder'} ${dir}`);
  }
  const existing = lstatSync(path, { throwIfNoEntry: false });
  const keptDir = existing?.isDirectory() === true && record.type === 'd';
  if (existing && !keptDir) rmSync(path, { recursive: true, force: true });
  if (record.type === 'l') {
    symlinkSync(record.link, path);
    if (options.asRoot) lchownSync(path, record.uid, record.gid);
    lutimesSync(path, record.mtime, record.mtime);
    return;
  }
  if (record.type === 'd' && !keptDir) mkdirSync(path, { mode: 0o700 });
  const fd = record.type === 'd' ? openSync(path, OPEN_DIR) : openSync(path, CREATE_FILE, 0o600);
  try {
    for (let offset = 0; offset < record.data.length; ) offset += writeSync(fd, record.data, offset);
    // Owner before mode: chown clears the set-user-ID and set-group-ID bits.
    if (options.asRoot) fchownSync(fd, record.uid, record.gid);
    fchmodSync(fd, record.mode);
    futimesSync(fd, record.mtime, record.mtime);
  } finally {
    closeSync(fd);
  }
}

function refuse(record: CopyRecord, why: string): never {
  throw new EngineError(EngineErrorCode.HostileLayer, `refusing copied path "${record.path}": it ${why}`);
}
