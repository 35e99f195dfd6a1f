// Every write to the state store goes through here: a crash leaves either the
// old file or the new one, never a torn mix.
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** A unique temp path beside `path`, on the same file system so rename is atomic. */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/** Writes `data` to a temp file, fsyncs it, renames it over `path`, then fsyncs the folder. */
export function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o644): void {
  const temp = tempPathFor(path);
  const fd = openSync(temp, 'wx', mode);
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw err;
  }
  closeSync(fd);
  commitTemp(temp, path);
}

/**
 * Replaces `path` whole for its readers (temp file and rename) without
 * making it durable: for files derived from the state that the next command
 * writes again anyway, where two fsyncs would be wasted on every change.
 */
export function replaceFile(path: string, data: string | Uint8Array, mode = 0o644): void {
  const temp = tempPathFor(path);
  writeFileSync(temp, data, { mode, flag: 'wx' });
  try {
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}

/** Renames a finished, fsynced temp file into place and makes the rename durable. */
export function commitTemp(temp: string, path: string): void {
  try {
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
  fsyncDir(dirname(path));
}

function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
