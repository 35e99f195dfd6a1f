// The loader's only contact with the disk. Everything else in compose-schema/
// takes a LoaderIO, so embedders and tests can load projects from memory.
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ComposeError, ComposeErrorCode } from '../errors.js';
import type { FileProbe } from './discover.js';

/** Compose files larger than this are refused rather than parsed. */
export const MAX_COMPOSE_FILE_BYTES = 32 * 1024 * 1024;

export interface LoaderIO extends FileProbe {
  /** A compose file's text; throws a ComposeError naming the file when it cannot be read. */
  readCompose(path: string): string;
  /** A file's text, or undefined when there is no such file. */
  readOptional(path: string): string | undefined;
  /** All of standard input, for `-f -`. */
  readStdin(): string;
}

export function realIO(): LoaderIO {
  return {
    isFile: (path) => statSync(path, { throwIfNoEntry: false })?.isFile() ?? false,
    exists: (path) => statSync(path, { throwIfNoEntry: false }) !== undefined,
    readCompose: (path) => decode(readBytes(path), path),
    readOptional: (path) => {
      if (!(statSync(path, { throwIfNoEntry: false })?.isFile() ?? false)) return undefined;
      return decode(readBytes(path), path);
    },
    readStdin: () => decode(readBytes(0), 'stdin'),
  };
}

/**
 * `io`, noting the path of every file the loader reads or looks for and does
 * not find (compose files, include and extends targets, .env, --env-file,
 * env_file): what live reload watches, even after a load that failed.
 */
export function recordingIO(io: LoaderIO): { readonly io: LoaderIO; readonly paths: () => string[] } {
  const paths = new Set<string>();
  const note = (path: string) => paths.add(resolve(path));
  return {
    io: {
      isFile: (path) => io.isFile(path),
      ...(io.exists && { exists: io.exists.bind(io) }),
      readCompose: (path) => (note(path), io.readCompose(path)),
      readOptional: (path) => (note(path), io.readOptional(path)),
      readStdin: () => io.readStdin(),
    },
    paths: () => [...paths].sort(),
  };
}

function readBytes(path: string | 0): Buffer {
  const name = path === 0 ? 'stdin' : path;
  try {
    if (path !== 0) {
      const size = statSync(path).size;
      if (size > MAX_COMPOSE_FILE_BYTES) throw tooLarge(name);
    }
    const bytes = readFileSync(path);
    if (bytes.length > MAX_COMPOSE_FILE_BYTES) throw tooLarge(name);
    return bytes;
  } catch (err) {
    if (err instanceof ComposeError) throw err;
    throw readError(name, err as NodeJS.ErrnoException);
  }
}

function tooLarge(name: string): ComposeError {
  return new ComposeError(ComposeErrorCode.Yaml, `${name}: file is larger than ${MAX_COMPOSE_FILE_BYTES / 1024 / 1024} MiB`);
}

function readError(name: string, err: NodeJS.ErrnoException): ComposeError {
  switch (err.code) {
    case 'ENOENT':
      return new ComposeError(ComposeErrorCode.FileNotFound, `file not found: ${name}`, { cause: err });
    case 'EACCES':
    case 'EPERM':
      return new ComposeError(ComposeErrorCode.FileUnreadable, `cannot read ${name}: permission denied`, { cause: err });
    case 'EISDIR':
      return new ComposeError(ComposeErrorCode.FileUnreadable, `cannot read ${name}: it is a directory`, { cause: err });
    default:
      return new ComposeError(ComposeErrorCode.FileUnreadable, `cannot read ${name}: ${err.message}`, { cause: err });
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function decode(bytes: Buffer, name: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new ComposeError(ComposeErrorCode.Yaml, `${name}: file is not valid UTF-8 text`);
  }
}
