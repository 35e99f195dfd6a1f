// `flotilla image import FILE|- [REF]`: a root filesystem tarball becomes an
// image, as `docker import` does; prints the new image's ID.
import { closeSync, createReadStream, fstatSync, openSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { importImage } from '../../engine/images/index.js';
import { EngineError, EngineErrorCode, UsageError } from '../../errors.js';
import { Engine } from '../../engine/engine.js';

export interface ImportCliOptions {
  change?: string[];
  message?: string;
  platform?: string;
}

export async function runImageImport(file: string, reference: string | undefined, options: ImportCliOptions): Promise<void> {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(file)) throw new UsageError(`importing from a URL is not supported (${file}): download it and import the file`);
  if (options.platform !== undefined && options.platform !== 'linux/amd64') {
    throw new UsageError(`--platform ${options.platform}: only linux/amd64 images can be imported`);
  }
  // The store lists (and keeps through a prune) only named images: an
  // unnamed import, which docker keeps as <none>, would be unreachable here.
  if (reference === undefined) throw new UsageError('import needs a name for the image (REPOSITORY[:TAG]): Flotilla keeps no unnamed images');
  if (file === '-' && process.stdin.isTTY) throw new UsageError('requested import from stdin, but stdin is a terminal: give a file or pipe a tarball in');
  const source = file === '-' ? process.stdin : openFile(file);
  try {
    const image = await importImage(new Engine().images, source, {
      sourceName: file === '-' ? 'stdin' : file,
      changes: options.change ?? [],
      ...(reference !== undefined && { reference }),
      ...(options.message !== undefined && { message: options.message }),
    });
    process.stdout.write(`${image.id}\n`);
  } finally {
    source.destroy();
  }
}

// Opened now, so a missing file is reported by name before anything else.
function openFile(file: string): Readable {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new EngineError(EngineErrorCode.NotFound, `${file}: no such file or directory`);
    throw new EngineError(EngineErrorCode.System, `cannot open ${file}: ${code ?? (err as Error).message}`);
  }
  if (fstatSync(fd).isDirectory()) {
    closeSync(fd);
    throw new EngineError(EngineErrorCode.InvalidArchive, `${file} is a directory, not a tarball`);
  }
  return createReadStream(file, { fd, highWaterMark: 1024 * 1024 });
}
